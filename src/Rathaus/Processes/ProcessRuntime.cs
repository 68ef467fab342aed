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
    /// This node's job executor, when it runs: a new job of a type it has a handler for is created locked to it and
    /// handed to it when the transaction commits, and it is woken when a commit made other work due.
    /// </summary>
    public JobExecutor? LocalExecutor { get; set; }

    /// <summary>
    /// Runs work in one tenant transaction; when another transaction changed the same instance first (revision
    /// conflict, deadlock, serialization failure) the whole transaction is rolled back and run again.
    /// </summary>
    public async Task<T> RunAsync<T>(Guid tenantId, Func<ProcessTransaction, Task<T>> work, CancellationToken ct, bool deferWrites = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                ProcessTransaction? done = null;
                var result = await db.InTenantAsync(tenantId, async (c, t) =>
                {
                    var tx = new ProcessTransaction(c, t, tenantId, this) { DeferWrites = deferWrites, HandsOverJobs = true };
                    var value = await work(tx);
                    await tx.FlushAsync(ct);
                    done = tx;
                    return value;
                }, ct);
                // Committed: the jobs created locked to this node are now its to run.
                if (done is { } committed)
                {
                    foreach (var group in committed.LocalJobs.GroupBy(j => j.Executor))
                    {
                        group.Key?.Enqueue(group.ToList());
                    }
                    if (committed.CreatedDueWork)
                    {
                        LocalExecutor?.Wake();
                    }
                }
                return result;
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
