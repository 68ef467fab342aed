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
    Microsoft.Extensions.Options.IOptions<AuditOptions> options, ILogger<AuditChainWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await database.Ready.WaitAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var tenant in await tenants.ListAsync(stoppingToken))
                {
                    await chain.ChainAsync(tenant.Id, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The entries stay queued; the next round links them.
                logger.LogWarning("Linking audit entries failed: {Message}", e.Message);
            }
            await Task.Delay(options.Value.ChainInterval, stoppingToken);
        }
    }
}
