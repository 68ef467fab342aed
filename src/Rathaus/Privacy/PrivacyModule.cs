namespace Rathaus.Privacy;

/// <summary>The citizen's data cockpit and data export, and the auditor's audit log (docs/privacy.md).</summary>
public static class PrivacyModule
{
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddSingleton<CitizenAccessLog>();
        services.AddTransient<CitizenAccessText>();
        services.AddTransient<AccountExport>();
        services.AddSingleton<AuditLog>();
        return services;
    }
}
