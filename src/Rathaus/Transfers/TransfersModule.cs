using Rathaus.Cases;
using Rathaus.CatalogModule;
using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;
using Rathaus.Processes;

namespace Rathaus.Transfers;

/// <summary>The transfer seam between departments (<c>rathaus:transfer</c>); the privacy module will own it.</summary>
public static class TransfersModule
{
    public static IServiceCollection AddTransfers(this IServiceCollection services) =>
        services.AddJobHandler(CaseTransferJobHandler.TaskType, sp => new CaseTransferJobHandler(
            sp.GetRequiredService<Db>(), sp.GetRequiredService<CaseLookup>(), sp.GetRequiredService<IServiceCatalog>(), sp.GetRequiredService<TenantDirectory>(),
            sp.GetRequiredService<CaseIntake>(), sp.GetRequiredService<AuditTrail>(), sp.GetRequiredService<TimeProvider>()));
}
