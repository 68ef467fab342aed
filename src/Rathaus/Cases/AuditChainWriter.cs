using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Cases;

/// <summary>Settings of the audit chain writer (section <c>Audit</c>).</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>How often queued audit entries are linked into their tenant's chain.</summary>
    public TimeSpan ChainInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>Links queued audit entries into each tenant's hash chain, every few seconds, on every node (one at a time per tenant).</summary>
internal sealed class AuditChainWriter(AuditChain chain, TenantDirectory tenants, DatabaseState database,
    Microsoft.Extensions.Options.IOptions<AuditOptions> options, ILogger<AuditChainWriter> logger) : TenantSweep(tenants, database, logger)
{
    protected override TimeSpan Interval => options.Value.ChainInterval;

    protected override string What => "Linking audit entries";

    protected override Task SweepAsync(Tenant tenant, CancellationToken ct) => chain.ChainAsync(tenant.Id, ct);
}
