using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Rathaus.Bpmn.Execution;
using Rathaus.Bpmn.Runtime;
using Rathaus.Platform.Database;

namespace Rathaus.Processes;

/// <summary>A job locked by this node: what it needs to run it without reading the instance.</summary>
/// <param name="Id">Job or timer id.</param>
/// <param name="TenantId">The tenant the job belongs to; every further statement runs in it.</param>
/// <param name="InstanceId">The process instance.</param>
/// <param name="Kind"><c>job</c> or <c>timer</c>.</param>
/// <param name="Type">Task type of a job.</param>
/// <param name="Payload">The job as the engine created it (JSON), for a handler.</param>
public sealed record AcquiredJob(string Id, Guid TenantId, string InstanceId, string Kind, string? Type, string? Payload);

/// <summary>
/// Runs service tasks and timers of every tenant, on as many nodes as there are (like Camunda 7's job executor):
/// <list type="number">
/// <item>acquire a batch of due jobs with <c>FOR UPDATE SKIP LOCKED</c>, writing this node's id and a lock expiry
/// (through <c>rathaus_acquire_process_jobs</c>, which alone sees all tenants);</item>
/// <item>run each handler outside any transaction;</item>
/// <item>commit the result in the job's tenant, only while the lock is still this node's, with the instance's
/// revision check (retried on conflict); a failure leaves the job for a later attempt with exponential back-off,
/// the last one raises an incident.</item>
/// </list>
/// A node that dies leaves its locks behind; when they expire, another node acquires the jobs again.
/// </summary>
public sealed class JobExecutor : BackgroundService
{
    private readonly JobExecutorOptions _options;
    private readonly ProcessRuntime _runtime;
    private readonly NpgsqlDataSource _dataSource;
    private readonly DatabaseState? _database;
    private readonly JobHandlers _handlers;
    private readonly ILogger _logger;

    internal JobExecutor(JobExecutorOptions options, ProcessRuntime runtime, RathausDataSources dataSources, DatabaseState? database,
        JobHandlers handlers, ILogger<JobExecutor> logger)
    {
        _options = options;
        _runtime = runtime;
        _dataSource = dataSources.App;
        _database = database;
        _handlers = handlers;
        _logger = logger;
    }

    private long _committed;

    /// <summary>This node's id in job locks.</summary>
    public string NodeId => _options.NodeId;

    /// <summary>Jobs and timers whose outcome this node committed since it started (for monitoring).</summary>
    public long Committed => Interlocked.Read(ref _committed);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }
        try
        {
            if (_database is not null)
            {
                await _database.Ready.WaitAsync(stoppingToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "The job executor does not start: the database is not ready.");
            return;
        }

        _logger.LogInformation("Job executor {Node} runs task types {Types}", NodeId, string.Join(", ", _handlers.TaskTypes));
        while (!stoppingToken.IsCancellationRequested)
        {
            var count = 0;
            try
            {
                count = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Job acquisition failed on {Node}", NodeId);
            }

            // Work done may have made further jobs due (the next service task): look again at once.
            if (count == 0)
            {
                try
                {
                    await Task.Delay(_options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Acquires one batch and runs it; returns how many jobs were acquired.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var jobs = await AcquireAsync(ct);
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = ct },
            async (job, token) => await ExecuteAsync(job, token));
        return jobs.Count;
    }

    /// <summary>Locks up to a batch of due jobs of all tenants for this node.</summary>
    public async Task<IReadOnlyList<AcquiredJob>> AcquireAsync(CancellationToken ct = default)
    {
        var now = _runtime.Time.GetUtcNow().ToUniversalTime();
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT id, tenant_id, instance_id, kind, type, payload::text FROM rathaus_acquire_process_jobs($1, $2, $3, $4, $5)", connection);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = NodeId });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = now });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = now + _options.LockDuration });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = _options.BatchSize });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = _handlers.TaskTypes.ToArray() });
        var jobs = new List<AcquiredJob>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            jobs.Add(new AcquiredJob(reader.GetString(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return jobs;
    }

    /// <summary>Runs one acquired job and commits its outcome; a job whose lock this node lost is left alone.</summary>
    public async Task ExecuteAsync(AcquiredJob job, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            if (job.Kind == "timer")
            {
                await FireTimerAsync(job, ct);
            }
            else
            {
                await RunJobAsync(job, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The lock expires and another attempt follows; nothing of this attempt was committed.
            _logger.LogError(e, "Job {Job} of instance {Instance} could not be committed on {Node}", job.Id, job.InstanceId, NodeId);
        }
    }

    private async Task FireTimerAsync(AcquiredJob job, CancellationToken ct)
    {
        try
        {
            await CommitAsync(job, _ => new FireTimer(job.Id), ct);
        }
        catch (ProcessCommandException e)
        {
            _logger.LogWarning("Timer {Timer} of instance {Instance} cannot fire: {Message}", job.Id, job.InstanceId, e.Message);
            await _runtime.RunAsync(job.TenantId, async tx =>
            {
                await using var command = new NpgsqlCommand("""
                    UPDATE process_jobs SET retries = retries - 1, last_error = $3, lock_owner = NULL, lock_expires_at = NULL,
                        due_at = $4 + least($6::interval, $5::interval * power(2, least(greatest(attempts - 1, 0), 30)))
                    WHERE id = $1 AND lock_owner = $2
                    """, tx.Connection, tx.Transaction);
                command.Parameters.Add(new NpgsqlParameter { Value = job.Id });
                command.Parameters.Add(new NpgsqlParameter { Value = NodeId });
                command.Parameters.Add(new NpgsqlParameter { Value = e.Message });
                command.Parameters.Add(new NpgsqlParameter { Value = tx.Now });
                command.Parameters.Add(new NpgsqlParameter { Value = _runtime.Options.BackoffBase });
                command.Parameters.Add(new NpgsqlParameter { Value = _runtime.Options.BackoffMax });
                return await command.ExecuteNonQueryAsync(ct);
            }, ct);
        }
    }

    private async Task RunJobAsync(AcquiredJob job, CancellationToken ct)
    {
        if (job.Type is null || job.Payload is null || !_handlers.TryGet(job.Type, out var handler))
        {
            _logger.LogWarning("Job {Job} of type {Type} has no handler on {Node}; its lock will expire.", job.Id, job.Type, NodeId);
            return;
        }

        var state = JsonSerializer.Deserialize<JobState>(job.Payload, StateJson.Options)!;
        EngineCommand? outcome = null;
        string? failure = null;
        try
        {
            var variables = handler.Handle(new JobContext(state, job.InstanceId));
            outcome = new CompleteJob(job.Id, variables);
        }
        catch (BpmnErrorException e)
        {
            outcome = new ThrowJobError(job.Id, e.ErrorCode, e.Message, e.Variables);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning("Job {Job} ({Type}) of instance {Instance} failed: {Message}", job.Id, job.Type, job.InstanceId, e.Message);
            failure = e.Message;
        }

        try
        {
            await CommitAsync(job, stored => outcome ?? Fail(stored, job.Id, failure!), ct);
        }
        catch (ProcessCommandException e) when (outcome is not null)
        {
            // The model cannot go on with the result (e.g. the called process is not deployed): a failed attempt.
            _logger.LogWarning("Result of job {Job} cannot be applied: {Message}", job.Id, e.Message);
            await CommitAsync(job, stored => Fail(stored, job.Id, e.Message), ct);
        }
    }

    private static FailJob Fail(StoredInstance stored, string jobId, string message) =>
        new(jobId, (stored.State.Jobs.Find(j => j.Id == jobId)?.Retries ?? 1) - 1, message);

    /// <summary>Applies the outcome while this node still holds the job's lock; false when the lock was lost.</summary>
    private async Task<bool> CommitAsync(AcquiredJob job, Func<StoredInstance, EngineCommand> outcome, CancellationToken ct)
    {
        var committed = await _runtime.RunAsync(job.TenantId, async tx =>
        {
            await using (var check = new NpgsqlCommand("SELECT lock_owner FROM process_jobs WHERE id = $1 FOR UPDATE", tx.Connection, tx.Transaction))
            {
                check.Parameters.Add(new NpgsqlParameter { Value = job.Id });
                if (await check.ExecuteScalarAsync(ct) is not string owner || owner != NodeId)
                {
                    _logger.LogInformation("Job {Job} is no longer locked by {Node} (lock expired and taken over, or the job was cancelled); its result is dropped.",
                        job.Id, NodeId);
                    return false;
                }
            }
            var stored = await tx.LoadAsync(job.InstanceId, ct);
            if (stored is null || stored.State.Status != InstanceStatus.Active)
            {
                return false;
            }
            await tx.ApplyAsync(stored, outcome(stored), actor: null, ct);
            return true;
        }, ct);
        if (committed)
        {
            Interlocked.Increment(ref _committed);
        }
        return committed;
    }
}
