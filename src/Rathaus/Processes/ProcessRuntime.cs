using Microsoft.Extensions.Options;
using Npgsql;
using Rathaus.Bpmn.Execution;
using Rathaus.Platform.Database;

namespace Rathaus.Processes;

/// <summary>The engine, the definitions and the transaction loop shared by the service API and the job executor.</summary>
internal sealed class ProcessRuntime(Db db, ProcessDefinitions definitions, TimeProvider time, IOptions<JobExecutorOptions> options, ILogger<ProcessRuntime> logger)
{
    public ProcessEngine Engine { get; } = new(new GuidIdGenerator(), time);

    public ProcessDefinitions Definitions => definitions;

    public TimeProvider Time => time;

    public JobExecutorOptions Options => options.Value;

    /// <summary>
    /// Runs work in one tenant transaction; when another transaction changed the same instance first (revision
    /// conflict, deadlock, serialization failure) the whole transaction is rolled back and run again.
    /// </summary>
    public async Task<T> RunAsync<T>(Guid tenantId, Func<ProcessTransaction, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await db.InTenantAsync(tenantId, (c, tx) => work(new ProcessTransaction(c, tx, tenantId, this)), ct);
            }
            catch (Exception e) when (IsConflict(e) && attempt < Options.CommitAttempts)
            {
                logger.LogDebug("Concurrent change, attempt {Attempt}: {Message}", attempt, e.Message);
                // Jitter so that two nodes that collided do not collide again at once.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * attempt)), ct);
            }
        }
    }

    internal static bool IsConflict(Exception e) => e switch
    {
        RevisionConflictException => true,
        PostgresException p => p.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected,
        _ => false,
    };
}
