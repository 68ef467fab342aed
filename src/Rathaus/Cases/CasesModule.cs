namespace Rathaus.Cases;

public static class CasesModule
{
    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        services.AddSingleton<CaseReferences>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<CaseIntake>();
        services.AddSingleton<CaseReceipts>();
        return services;
    }
}
