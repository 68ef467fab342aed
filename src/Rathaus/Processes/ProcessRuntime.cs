using Microsoft.Extensions.Options;
using Npgsql;
using Rathaus.Bpmn.Execution;
using Rathaus.Platform.Database;

namespace Rathaus.Processes;

/// <summary>The engine, the definitions and the transaction loop shared by the service API and the job executor.</summary>
internal sealed class ProcessRuntime(RathausDataSources dataSources, ProcessDefinitions definitions, TimeProvider time, IOptions<JobExecutorOptions> options,
    ILogger<ProcessRuntime> logger, IEnumerable<IMilestoneProjection> milestoneProjections)
{
    public ProcessEngine Engine { get; } = new(new GuidIdGenerator(), time);

    public ProcessDefinitions Definitions => definitions;

    public TimeProvider Time => time;

    public JobExecutorOptions Options => options.Value;

    /// <summary>Statements that carry the milestones of instances into other modules' rows, in the instance's transaction.</summary>
    public IReadOnlyList<IMilestoneProjection> MilestoneProjections { get; } = milestoneProjections.ToList();

    /// <summary>
    /// This node's job executor, when it runs: a new job of a type it has a handler for is created locked to it and
    /// handed to it when the transaction commits, and it is woken when a commit made other work due.
    /// </summary>
    public JobExecutor? LocalExecutor { get; set; }

    /// <summary>
    /// Runs work in one tenant transaction; when another transaction changed the same instance first (revision
    /// conflict, deadlock, serialization failure) the whole transaction is rolled back and run again.
    /// </summary>
    /// <remarks>
    /// With <paramref name="tenantWithFirstBatch"/> the tenant is set by the transaction's first batch instead of a
    /// round trip of its own; the work must start with a statement of <see cref="ProcessTransaction"/> (load, find,
    /// a batch from <c>NewBatch</c>) or call <c>EnsureConnectionAsync</c> before using the connection.
    /// </remarks>
    public async Task<T> RunAsync<T>(Guid tenantId, Func<ProcessTransaction, Task<T>> work, CancellationToken ct, bool deferWrites = false,
        bool tenantWithFirstBatch = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                ProcessTransaction? done = null;
                T result;
                await using (var connection = await dataSources.App.OpenConnectionAsync(ct))
                await using (var transaction = await connection.BeginTransactionAsync(ct))
                {
                    // As Db.InTenantAsync: the tenant is set for exactly this transaction (is_local), but without a
                    // round trip of its own when the work starts with one of the transaction's batches.
                    var tx = new ProcessTransaction(connection, transaction, tenantId, this)
                    {
                        DeferWrites = deferWrites,
                        HandsOverJobs = true,
                        TenantPending = true,
                    };
                    if (!tenantWithFirstBatch)
                    {
                        await tx.EnsureConnectionAsync(ct);
                    }
                    result = await work(tx);
                    await tx.CommitAsync(ct);
                    done = tx;
                }
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
        PostgresException p => p.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected,
        _ => false,
    };
}
