using Rathaus.Platform.Database;

namespace Rathaus.Platform.Tenancy;

/// <summary>
/// Background work that runs for every tenant, round after round: once the database is ready, each round calls
/// <see cref="SweepAsync"/> for each tenant, then waits <see cref="Interval"/>. A failed round is logged and the
/// next one picks up what was left (the work it sweeps stays where it was).
/// </summary>
public abstract class TenantSweep(TenantDirectory tenants, DatabaseState database, ILogger logger) : BackgroundService
{
    /// <summary>The pause between rounds.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>What the work is, for the log.</summary>
    protected abstract string What { get; }

    /// <summary>One tenant's share of a round.</summary>
    protected abstract Task SweepAsync(Tenant tenant, CancellationToken ct);

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
                    await SweepAsync(tenant, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("{What} failed: {Message}", What, e.Message);
            }
            await Task.Delay(Interval, stoppingToken);
        }
    }
}
