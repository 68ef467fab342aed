namespace Rathaus.Cases;

public static class CasesModule
{
    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        services.AddSingleton<CaseReferences>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AuditChain>();
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section);
        services.AddHostedService<AuditChainWriter>();
        services.AddSingleton<CaseIntake>();
        services.AddSingleton<CaseReceipts>();
        services.AddSingleton<CaseLookup>();
        services.AddSingleton<Rathaus.Processes.IMilestoneProjection, CaseMilestones>();
        return services;
    }
}
