using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using Rathaus.Bpmn.Execution;
using Rathaus.Bpmn.Runtime;
using Rathaus.Platform.Database;

namespace Rathaus.Processes;

/// <summary>A job locked by this node: what it needs to run it without reading the instance.</summary>
/// <param name="Id">Job or timer id.</param>
/// <param name="TenantId">The tenant the job belongs to; every further statement runs in it.</param>
/// <param name="InstanceId">The process instance; null for a timer start event.</param>
/// <param name="Kind"><c>job</c>, <c>timer</c> or <c>start_timer</c>.</param>
/// <param name="Type">Task type of a job.</param>
/// <param name="Payload">The job as the engine created it (JSON), for a handler; the schedule of a start timer.</param>
public sealed record AcquiredJob(string Id, Guid TenantId, string? InstanceId, string Kind, string? Type, string? Payload)
{
    /// <summary>The deployed version a start timer belongs to.</summary>
    public Guid? DefinitionId { get; init; }

    /// <summary>The BPMN element (service task, timer event, start event).</summary>
    public string? ElementId { get; init; }

    /// <summary>When the job was due.</summary>
    public DateTimeOffset DueAt { get; init; }

    /// <summary>The local executor a job created by this node was handed to.</summary>
    internal JobExecutor? Executor { get; init; }
}

/// <summary>The schedule of a timer start event, kept in the job's payload.</summary>
/// <param name="Occurrence">The occurrence the job stands for; a retry after a failure keeps the cycle's rhythm from it.</param>
/// <param name="RemainingRepetitions">Repetitions of a cycle after the due one (null: unbounded, 0: none).</param>
/// <param name="Interval">The cycle's interval; null for a date or a duration.</param>
internal sealed record StartTimerPayload(DateTimeOffset? Occurrence, int? RemainingRepetitions, TimeSpan? Interval);

/// <summary>
/// Runs service tasks and timers of every tenant, on as many nodes as there are (like Camunda 7's job executor):
/// <list type="number">
/// <item>acquire a batch of due jobs with <c>FOR UPDATE SKIP LOCKED</c>, writing this node's id and a lock expiry
/// (through <c>rathaus_acquire_process_jobs</c>, which alone sees all tenants); jobs this node's own commands created
/// for task types it handles come locked to it already and skip acquisition;</item>
/// <item>run each handler outside any transaction;</item>
/// <item>commit the results, many jobs of a tenant in one transaction, each only while the lock is still this node's
/// and with its instance's revision check (a group that fails is committed job by job); a failure leaves the job for
/// a later attempt with exponential back-off, the last one raises an incident — for every kind of job.</item>
/// </list>
/// A node that dies leaves its locks behind; when they expire, another node acquires the jobs again.
/// </summary>
public sealed class JobExecutor : BackgroundService
{
    /// <summary>Job results committed together in one transaction at most.</summary>
    private const int CommitGroupSize = 100;

    private readonly JobExecutorOptions _options;
    private readonly ProcessRuntime _runtime;
    private readonly NpgsqlDataSource _dataSource;
    private readonly DatabaseState? _database;
    private readonly JobHandlers _handlers;
    private readonly ILogger _logger;
    private readonly bool _takesLocalJobs;

    private readonly ConcurrentQueue<AcquiredJob> _local = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private long _committed;
    private int _localCount;
    private int _inFlight;
    private long _lastAcquisition = long.MinValue / 2;
    private int _dueInTable = 1;

    internal JobExecutor(JobExecutorOptions options, ProcessRuntime runtime, RathausDataSources dataSources, DatabaseState? database,
        JobHandlers handlers, ILogger<JobExecutor> logger, bool takesLocalJobs = false)
    {
        _options = options;
        _runtime = runtime;
        _dataSource = dataSources.App;
        _database = database;
        _handlers = handlers;
        _logger = logger;
        _takesLocalJobs = takesLocalJobs;
    }

    /// <summary>This node's id in job locks.</summary>
    public string NodeId => _options.NodeId;

    /// <summary>How long a job stays locked to this node.</summary>
    public TimeSpan LockDuration => _options.LockDuration;

    /// <summary>Jobs and timers whose outcome this node committed since it started (for monitoring).</summary>
    public long Committed => Interlocked.Read(ref _committed);

    /// <summary>Whether a job of this type created now may be locked to this node at once (a handler and room for it).</summary>
    internal bool TryReserve(string type) =>
        _handlers.TryGet(type, out _) && Volatile.Read(ref _localCount) < 2 * _options.BatchSize;

    /// <summary>Takes committed jobs that were created locked to this node.</summary>
    internal void Enqueue(IReadOnlyList<AcquiredJob> jobs)
    {
        foreach (var job in jobs)
        {
            _local.Enqueue(job);
        }
        Interlocked.Add(ref _localCount, jobs.Count);
        Signal();
    }

    /// <summary>Ends the wait for the next poll: a commit on this node made work due in the job table.</summary>
    internal void Wake()
    {
        Volatile.Write(ref _dueInTable, 1);
        Signal();
    }

    /// <summary>Ends the wait: jobs were handed over, or results committed (room for more).</summary>
    private void Signal()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

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
        if (_takesLocalJobs)
        {
            _runtime.LocalExecutor = this;
        }

        // Handlers run as jobs arrive; their results go to one committer, which commits whatever has gathered.
        var results = Channel.CreateUnbounded<(AcquiredJob Job, Outcome Outcome)>(new UnboundedChannelOptions { SingleReader = true });
        var committer = CommitLoopAsync(results.Reader);
        using var handlerSlots = new SemaphoreSlim(_options.MaxConcurrency);
        var running = new ConcurrentDictionary<Task, bool>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var room = _options.BatchSize - Volatile.Read(ref _inFlight);
                var jobs = room > 0 ? await NextJobsAsync(room, stoppingToken) : [];
                if (jobs.Count == 0)
                {
                    // Nothing due, or the batch is still being worked on: until woken, or until the next poll.
                    await _signal.WaitAsync(_options.PollInterval, stoppingToken);
                    continue;
                }
                Interlocked.Add(ref _inFlight, jobs.Count);
                foreach (var job in jobs)
                {
                    await handlerSlots.WaitAsync(stoppingToken);
                    var task = Task.Run(async () =>
                    {
                        try
                        {
                            results.Writer.TryWrite((job, await RunHandlerAsync(job, stoppingToken)));
                        }
                        finally
                        {
                            handlerSlots.Release();
                        }
                    }, CancellationToken.None);
                    running[task] = true;
                    _ = task.ContinueWith(t => running.TryRemove(t, out _), TaskScheduler.Default);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: let the running handlers finish and their results be committed.
        }
        finally
        {
            await Task.WhenAll(running.Keys);
            results.Writer.Complete();
            await committer;
            if (_takesLocalJobs && _runtime.LocalExecutor == this)
            {
                _runtime.LocalExecutor = null;
            }
            await ReleaseLocalAsync();
        }
    }

    /// <summary>Jobs handed to this node first, then acquired ones when there is room (or polling is due).</summary>
    private async Task<List<AcquiredJob>> NextJobsAsync(int room, CancellationToken ct)
    {
        var jobs = new List<AcquiredJob>();
        while (jobs.Count < room && _local.TryDequeue(out var job))
        {
            Interlocked.Decrement(ref _localCount);
            jobs.Add(job);
        }
        // The table is asked when a commit on this node made work due there, or when the poll interval has passed
        // (by the machine's clock: the injected one may stand still in tests); not each time results were committed.
        var now = Environment.TickCount64;
        var due = Interlocked.Exchange(ref _dueInTable, 0) == 1;
        if (jobs.Count < room && (due || now - _lastAcquisition >= _options.PollInterval.TotalMilliseconds))
        {
            try
            {
                _lastAcquisition = now;
                var wanted = room - jobs.Count;
                var acquired = await AcquireAsync(wanted, ct);
                jobs.AddRange(acquired);
                if (acquired.Count == wanted)
                {
                    // A full batch: more may be waiting.
                    Volatile.Write(ref _dueInTable, 1);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogError(e, "Job acquisition failed on {Node}", NodeId);
            }
        }
        return jobs;
    }

    private async Task CommitLoopAsync(ChannelReader<(AcquiredJob Job, Outcome Outcome)> reader)
    {
        var group = new List<(AcquiredJob Job, Outcome Outcome)>();
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            group.Clear();
            while (group.Count < CommitGroupSize && reader.TryRead(out var item))
            {
                group.Add(item);
            }
            try
            {
                await CommitAsync(group, CancellationToken.None);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Job results could not be committed on {Node}", NodeId);
            }
            finally
            {
                Interlocked.Add(ref _inFlight, -group.Count);
                Signal();
            }
        }
    }

    /// <summary>Unlocks jobs that were handed to this node but not started, so other nodes need not wait for the lock to expire.</summary>
    private async Task ReleaseLocalAsync()
    {
        var left = new List<AcquiredJob>();
        while (_local.TryDequeue(out var job))
        {
            left.Add(job);
        }
        foreach (var tenant in left.GroupBy(j => j.TenantId))
        {
            try
            {
                await _runtime.RunAsync(tenant.Key, async tx =>
                {
                    await using var command = new NpgsqlCommand(
                        "UPDATE process_jobs SET lock_owner = NULL, lock_expires_at = NULL WHERE id = ANY ($1) AND lock_owner = $2",
                        tx.Connection, tx.Transaction);
                    command.Parameters.Add(new NpgsqlParameter { Value = tenant.Select(j => j.Id).ToArray() });
                    command.Parameters.Add(new NpgsqlParameter { Value = NodeId });
                    return await command.ExecuteNonQueryAsync(CancellationToken.None);
                }, CancellationToken.None);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Could not unlock {Count} jobs on {Node}; their locks expire.", tenant.Count(), NodeId);
            }
        }
    }

    /// <summary>Acquires one batch, runs it and commits the results; returns how many jobs were acquired.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var jobs = await AcquireAsync(ct);
        var outcomes = new (AcquiredJob Job, Outcome Outcome)[jobs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, jobs.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = ct },
            async (i, token) => outcomes[i] = (jobs[i], await RunHandlerAsync(jobs[i], token)));
        for (var i = 0; i < outcomes.Length; i += CommitGroupSize)
        {
            await CommitAsync(outcomes.Skip(i).Take(CommitGroupSize).ToList(), ct);
        }
        return jobs.Count;
    }

    /// <summary>Locks up to a batch of due jobs of all tenants for this node.</summary>
    public Task<IReadOnlyList<AcquiredJob>> AcquireAsync(CancellationToken ct = default) => AcquireAsync(_options.BatchSize, ct);

    private async Task<IReadOnlyList<AcquiredJob>> AcquireAsync(int limit, CancellationToken ct)
    {
        var now = _runtime.Time.GetUtcNow().ToUniversalTime();
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT id, tenant_id, instance_id, definition_id, kind, element_id, type, payload::text, due_at
            FROM rathaus_acquire_process_jobs($1, $2, $3, $4, $5)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = NodeId });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = now });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = now + _options.LockDuration });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = limit });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = _handlers.TaskTypes.ToArray() });
        var jobs = new List<AcquiredJob>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            jobs.Add(new AcquiredJob(reader.GetString(0), reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(4),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7))
            {
                DefinitionId = reader.IsDBNull(3) ? null : reader.GetGuid(3),
                ElementId = reader.GetString(5),
                DueAt = reader.GetFieldValue<DateTimeOffset>(8),
            });
        }
        return jobs;
    }

    /// <summary>Runs one acquired job and commits its outcome; a job whose lock this node lost is left alone.</summary>
    public async Task ExecuteAsync(AcquiredJob job, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        await CommitOneAsync(job, await RunHandlerAsync(job, ct), ct);
    }

    /// <summary>What a job's run produced: a command for its instance, a failure, or (start timers) nothing yet.</summary>
    private sealed record Outcome(Func<StoredInstance, EngineCommand>? Command, string? Failure)
    {
        public static Outcome Fire(string timerId) => new(_ => new FireTimer(timerId), null);
    }

    private async Task<Outcome> RunHandlerAsync(AcquiredJob job, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        switch (job.Kind)
        {
            case "timer":
                return Outcome.Fire(job.Id);
            case "start_timer":
                return new Outcome(null, null);
        }
        if (job.Type is null || job.Payload is null || !_handlers.TryGet(job.Type, out var handler))
        {
            return new Outcome(null, $"No handler for task type '{job.Type}' on node {NodeId}.");
        }

        try
        {
            var state = JsonSerializer.Deserialize<JobState>(job.Payload, StateJson.Options)!;
            var variables = await handler.HandleAsync(new TenantJobContext(job.TenantId, job.InstanceId!, state), ct);
            return new Outcome(_ => new CompleteJob(job.Id, variables), null);
        }
        catch (BpmnErrorException e)
        {
            return new Outcome(_ => new ThrowJobError(job.Id, e.ErrorCode, e.Message, e.Variables), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning("Job {Job} ({Type}) of instance {Instance} failed: {Message}", job.Id, job.Type, job.InstanceId, e.Message);
            return new Outcome(stored => Fail(stored, job.Id, e.Message), e.Message);
        }
    }

    private static FailJob Fail(StoredInstance stored, string jobId, string message) =>
        new(jobId, (stored.State.Jobs.Find(j => j.Id == jobId)?.Retries ?? 1) - 1, message);

    /// <summary>
    /// Commits results: the jobs and timers of one tenant together in one transaction; if that transaction fails
    /// (one result cannot be applied, a conflict that outlasts the retries), every job of it is committed alone.
    /// </summary>
    private async Task CommitAsync(IReadOnlyList<(AcquiredJob Job, Outcome Outcome)> results, CancellationToken ct)
    {
        foreach (var tenant in results.GroupBy(r => r.Job.TenantId))
        {
            var together = tenant.Where(r => r.Job.Kind != "start_timer" && r.Outcome.Command is not null).ToList();
            var alone = tenant.Except(together).ToList();
            if (together.Count > 1)
            {
                try
                {
                    var committed = await CommitGroupAsync(tenant.Key, together, ct);
                    Interlocked.Add(ref _committed, committed);
                    together.Clear();
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    _logger.LogDebug("Committing {Count} job results together failed ({Message}); committing them one by one.", together.Count, e.Message);
                }
            }
            foreach (var (job, outcome) in together.Concat(alone))
            {
                await CommitOneAsync(job, outcome, ct);
            }
        }
    }

    /// <summary>One transaction for many results: lock rows and states in one query, apply each, write all in one round trip.</summary>
    private Task<int> CommitGroupAsync(Guid tenantId, List<(AcquiredJob Job, Outcome Outcome)> group, CancellationToken ct) =>
        _runtime.RunAsync(tenantId, async tx =>
        {
            var rows = new Dictionary<string, (string? Owner, string InstanceId, string State, Guid DefinitionId, string? BusinessKey)>();
            await using (var batch = tx.NewBatch(out var setsTenant))
            {
                var command = new NpgsqlBatchCommand("""
                    SELECT j.id, j.lock_owner, i.id, i.state::text, i.definition_id, i.business_key
                    FROM process_jobs j JOIN process_instances i ON i.id = j.instance_id
                    WHERE j.id = ANY ($1)
                    FOR UPDATE OF j
                    """);
                command.Parameters.Add(new NpgsqlParameter { Value = group.Select(g => g.Job.Id).ToArray() });
                batch.BatchCommands.Add(command);
                await using var reader = await batch.ExecuteReaderAsync(ct);
                if (setsTenant)
                {
                    await reader.NextResultAsync(ct);
                }
                while (await reader.ReadAsync(ct))
                {
                    rows[reader.GetString(0)] = (reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetString(3),
                        reader.GetGuid(4), reader.IsDBNull(5) ? null : reader.GetString(5));
                }
            }

            var states = new Dictionary<string, StoredInstance>(StringComparer.Ordinal);
            var committed = 0;
            foreach (var (job, outcome) in group)
            {
                if (!rows.TryGetValue(job.Id, out var row) || row.Owner != NodeId)
                {
                    LogLockLost(job);
                    continue;
                }
                var stored = states.GetValueOrDefault(row.InstanceId)
                    ?? new StoredInstance(ProcessInstanceState.FromJson(row.State), row.DefinitionId, row.BusinessKey);
                if (stored.State.Status != InstanceStatus.Active)
                {
                    // Two results for one instance, and the first ended it: the second is committed alone.
                    throw new ProcessCommandException(ProcessErrorKind.Conflict, $"Process instance {row.InstanceId} has ended.");
                }
                var command = outcome.Command!(stored);
                var state = await tx.ApplyAsync(stored, command, actor: null, ct);
                states[row.InstanceId] = stored with { State = state };
                committed++;
            }
            return committed;
        }, ct, deferWrites: true, tenantWithFirstBatch: true);

    /// <summary>Commits one job's outcome; every failure counts as an attempt, the last one raises an incident.</summary>
    private async Task CommitOneAsync(AcquiredJob job, Outcome outcome, CancellationToken ct)
    {
        try
        {
            if (job.Kind == "start_timer")
            {
                await FireStartTimerAsync(job, ct);
            }
            else if (outcome.Command is { } command)
            {
                await CommitCommandAsync(job, command, ct);
            }
            else
            {
                await RecordFailureAsync(job, outcome.Failure ?? "The job could not be run.", ct);
            }
        }
        catch (ProcessCommandException e)
        {
            // The model cannot go on with the result (e.g. the called process is not deployed): a failed attempt.
            _logger.LogWarning("Result of {Kind} {Job} cannot be applied: {Message}", job.Kind, job.Id, e.Message);
            await TryRecordFailureAsync(job, e.Message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _logger.LogError(e, "{Kind} {Job} of instance {Instance} could not be committed on {Node}", job.Kind, job.Id, job.InstanceId, NodeId);
            await TryRecordFailureAsync(job, e.Message, ct);
        }
    }

    private async Task TryRecordFailureAsync(AcquiredJob job, string message, CancellationToken ct)
    {
        try
        {
            await RecordFailureAsync(job, message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Nothing of this attempt was committed; the lock expires and another attempt follows.
            _logger.LogError(e, "The failure of {Kind} {Job} could not be recorded on {Node}", job.Kind, job.Id, NodeId);
        }
    }

    /// <summary>
    /// A failed attempt: a service task's job goes through the engine (<c>FailJob</c>, which raises the incident after
    /// the last retry); timers, start timers and jobs whose result cannot be committed are counted on their row.
    /// </summary>
    private async Task RecordFailureAsync(AcquiredJob job, string message, CancellationToken ct)
    {
        if (job.Kind == "job" && job.InstanceId is not null)
        {
            try
            {
                await CommitCommandAsync(job, stored => Fail(stored, job.Id, message), ct);
                return;
            }
            catch (ProcessCommandException e)
            {
                message = $"{message} ({e.Message})";
            }
        }
        await _runtime.RunAsync(job.TenantId, async tx =>
        {
            await using var command = new NpgsqlCommand("""
                UPDATE process_jobs SET retries = greatest(retries - 1, 0), last_error = $3, lock_owner = NULL, lock_expires_at = NULL,
                    due_at = $4 + least($6::interval, $5::interval * power(2, least(greatest(attempts - 1, 0), 30)))
                WHERE id = $1 AND lock_owner = $2
                RETURNING retries, instance_id, element_id, kind
                """, tx.Connection, tx.Transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = job.Id });
            command.Parameters.Add(new NpgsqlParameter { Value = NodeId });
            command.Parameters.Add(new NpgsqlParameter { Value = Truncate(message) });
            command.Parameters.Add(new NpgsqlParameter { Value = tx.Now });
            command.Parameters.Add(new NpgsqlParameter { Value = _runtime.Options.BackoffBase });
            command.Parameters.Add(new NpgsqlParameter { Value = _runtime.Options.BackoffMax });
            int retries;
            string? instanceId;
            string elementId;
            string kind;
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                if (!await reader.ReadAsync(ct))
                {
                    LogLockLost(job);
                    return false;
                }
                (retries, instanceId, elementId, kind) = (reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetString(3));
            }
            if (retries > 0)
            {
                return true;
            }

            var what = kind switch
            {
                "start_timer" => $"Timer start event {elementId} could not start an instance",
                "timer" => $"Timer {elementId} could not fire",
                _ => $"The result of job {elementId} could not be committed",
            };
            await using var incident = new NpgsqlCommand("""
                INSERT INTO process_incidents (id, tenant_id, instance_id, kind, message, element_id, execution_id, job_id, status, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, 'open', $8)
                """, tx.Connection, tx.Transaction);
            incident.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7().ToString() });
            incident.Parameters.Add(new NpgsqlParameter { Value = tx.TenantId });
            incident.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)instanceId ?? DBNull.Value });
            incident.Parameters.Add(new NpgsqlParameter { Value = kind == "job" ? "JobFailed" : "TimerFailed" });
            incident.Parameters.Add(new NpgsqlParameter { Value = Truncate($"{what} and has no retries left: {message}") });
            incident.Parameters.Add(new NpgsqlParameter { Value = elementId });
            incident.Parameters.Add(new NpgsqlParameter { Value = job.Id });
            incident.Parameters.Add(new NpgsqlParameter { Value = tx.Now });
            await incident.ExecuteNonQueryAsync(ct);
            return true;
        }, ct);
    }

    private static string Truncate(string text) => text.Length <= 4000 ? text : text[..4000];

    /// <summary>Locks the job's row and checks that this node still owns it (another node takes over an expired lock).</summary>
    private async Task<bool> StillLockedAsync(ProcessTransaction tx, AcquiredJob job, CancellationToken ct)
    {
        await using var check = new NpgsqlCommand("SELECT lock_owner FROM process_jobs WHERE id = $1 FOR UPDATE", tx.Connection, tx.Transaction);
        check.Parameters.Add(new NpgsqlParameter { Value = job.Id });
        if (await check.ExecuteScalarAsync(ct) is string owner && owner == NodeId)
        {
            return true;
        }
        LogLockLost(job);
        return false;
    }

    /// <summary>Applies the outcome while this node still holds the job's lock; false when the lock was lost.</summary>
    private async Task<bool> CommitCommandAsync(AcquiredJob job, Func<StoredInstance, EngineCommand> outcome, CancellationToken ct)
    {
        var committed = await _runtime.RunAsync(job.TenantId, async tx =>
        {
            if (!await StillLockedAsync(tx, job, ct))
            {
                return false;
            }
            var stored = await tx.LoadAsync(job.InstanceId!, ct);
            if (stored is null || stored.State.Status != InstanceStatus.Active)
            {
                // A job left behind by an instance that has ended: nothing can use its result.
                await using var delete = new NpgsqlCommand("DELETE FROM process_jobs WHERE id = $1", tx.Connection, tx.Transaction);
                delete.Parameters.Add(new NpgsqlParameter { Value = job.Id });
                await delete.ExecuteNonQueryAsync(ct);
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

    /// <summary>
    /// A due timer start event: starts an instance of its version and, for a cycle, schedules the next occurrence in
    /// the same transaction (occurrences missed while no node ran are not made up).
    /// </summary>
    private async Task FireStartTimerAsync(AcquiredJob job, CancellationToken ct)
    {
        var committed = await _runtime.RunAsync(job.TenantId, async tx =>
        {
            if (!await StillLockedAsync(tx, job, ct))
            {
                return false;
            }
            await tx.StartAsync(job.DefinitionId!.Value, new StartInstance { StartEventId = job.ElementId }, businessKey: null, ct);

            var schedule = JsonSerializer.Deserialize<StartTimerPayload>(job.Payload ?? "{}", StateJson.Options) ?? new StartTimerPayload(null, 0, null);
            var next = ProcessEngine.NextOccurrence(
                new TimerSchedule(schedule.Occurrence ?? job.DueAt, schedule.RemainingRepetitions, schedule.Interval), tx.Now);
            await using var update = next is null
                ? new NpgsqlCommand("DELETE FROM process_jobs WHERE id = $1", tx.Connection, tx.Transaction)
                : new NpgsqlCommand("""
                    UPDATE process_jobs SET due_at = $2, payload = $3, retries = $4, attempts = 0, last_error = NULL,
                        lock_owner = NULL, lock_expires_at = NULL
                    WHERE id = $1
                    """, tx.Connection, tx.Transaction);
            update.Parameters.Add(new NpgsqlParameter { Value = job.Id });
            if (next is not null)
            {
                update.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = next.DueAt.ToUniversalTime() });
                update.Parameters.Add(new NpgsqlParameter
                {
                    NpgsqlDbType = NpgsqlDbType.Jsonb,
                    Value = JsonSerializer.Serialize(new StartTimerPayload(next.DueAt, next.RemainingRepetitions, next.Interval), StateJson.Options),
                });
                update.Parameters.Add(new NpgsqlParameter { Value = _runtime.Options.TimerRetries });
            }
            await update.ExecuteNonQueryAsync(ct);
            return true;
        }, ct);
        if (committed)
        {
            Interlocked.Increment(ref _committed);
        }
    }

    private void LogLockLost(AcquiredJob job) =>
        _logger.LogInformation("Job {Job} is no longer locked by {Node} (lock expired and taken over, or the job was cancelled); its result is dropped.",
            job.Id, NodeId);
}
