using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Rathaus.Bpmn.Execution;

namespace Rathaus.Processes;

/// <summary>An instance as stored: its state, its definition and its business key.</summary>
internal sealed record StoredInstance(ProcessInstanceState State, Guid DefinitionId, string? BusinessKey);

/// <summary>
/// One database transaction of the process runtime, in one tenant. Every command loads the instance, applies the
/// engine and writes, before the commit, the new state with the revision check, then the projections (tasks, jobs,
/// timers, subscriptions, incidents) and the history in the order the engine reported them, in one round trip.
/// Call activities are carried out in the same transaction: a child is started, a completed child continues its parent.
/// </summary>
internal sealed class ProcessTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, ProcessRuntime runtime)
{
    /// <summary>
    /// The connection, for statements of other code. In a transaction whose tenant is set with its first batch
    /// (<see cref="TenantPending"/>), it may be used only after that batch: before it, a query would see no row. With
    /// writes still collected (<see cref="DeferWrites"/>), only after they were sent: a query would not see them, and a
    /// write would come before them. <see cref="EnsureConnectionAsync"/> takes care of both.
    /// </summary>
    public NpgsqlConnection Connection => TenantPending
        ? throw new InvalidOperationException("The tenant of this process transaction is set with its first batch; run that first (EnsureConnectionAsync).")
        : _pending is not null
            ? throw new InvalidOperationException("This process transaction has collected writes; send them first (EnsureConnectionAsync).")
            : connection;

    /// <summary>
    /// True while the transaction's tenant is not set yet: the first batch of this class sets it in the same round
    /// trip (<see cref="NewBatch"/>) instead of a round trip of its own.
    /// </summary>
    public bool TenantPending { get; set; }

    /// <summary>A batch in this transaction; the first one also sets the tenant (its first command, skip its result).</summary>
    public NpgsqlBatch NewBatch(out bool setsTenant)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        setsTenant = TenantPending;
        if (setsTenant)
        {
            var set = new NpgsqlBatchCommand("SELECT set_config('rathaus.tenant_id', $1, true)");
            set.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = tenantId.ToString() });
            batch.BatchCommands.Add(set);
            TenantPending = false;
        }
        return batch;
    }

    /// <summary>
    /// Makes <see cref="Connection"/> usable: sends the collected writes (their batch also sets a pending tenant), or
    /// sets the tenant now if it is still pending.
    /// </summary>
    public async Task EnsureConnectionAsync(CancellationToken ct)
    {
        await FlushAsync(ct);
        if (TenantPending)
        {
            await using var batch = NewBatch(out _);
            await batch.ExecuteNonQueryAsync(ct);
        }
    }

    public NpgsqlTransaction Transaction => transaction;

    public Guid TenantId => tenantId;

    public DateTimeOffset Now => runtime.Time.GetUtcNow();

    public ProcessRuntime Runtime => runtime;

    /// <summary>
    /// When true, the writes of each command are collected and sent together by <see cref="FlushAsync"/> (or before
    /// the next read), the last of them with the COMMIT (<see cref="CommitAsync"/>): the job executor commits the results
    /// of many jobs in one round trip and one transaction, and a start or a task completion needs no round trip for
    /// its COMMIT.
    /// </summary>
    public bool DeferWrites { get; init; }

    /// <summary>
    /// True when the runtime commits this transaction itself (<see cref="ProcessRuntime.RunAsync"/>) and can hand
    /// new jobs to this node's executor afterwards; false inside a caller's transaction.
    /// </summary>
    public bool HandsOverJobs { get; init; }

    /// <summary>Jobs this transaction created locked for this node; handed to its executor once committed.</summary>
    public List<AcquiredJob> LocalJobs { get; } = [];

    /// <summary>The transaction created a job or timer that is due now and was not handed over.</summary>
    public bool CreatedDueWork { get; private set; }

    private ProcessWrites? _pending;

    public async Task<StoredInstance?> LoadAsync(string instanceId, CancellationToken ct)
    {
        await FlushAsync(ct);
        await using var batch = NewBatch(out var setsTenant);
        var command = new NpgsqlBatchCommand("SELECT state::text, definition_id, business_key FROM process_instances WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        batch.BatchCommands.Add(command);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (setsTenant)
        {
            await reader.NextResultAsync(ct);
        }
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        return new StoredInstance(ProcessInstanceState.FromJson(reader.GetString(0)), reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    /// <summary>
    /// Starts an instance of a deployed version and runs it to its first wait states. With <paramref name="checkLatest"/>
    /// the write fails (a serialization failure, so the transaction is run again) if a newer version of the process
    /// has been deployed meanwhile.
    /// </summary>
    public async Task<ProcessInstanceState> StartAsync(Guid definitionId, StartInstance start, string? businessKey, CancellationToken ct,
        bool checkLatest = false)
    {
        var process = await runtime.Definitions.GetAsync(this, definitionId, ct);
        var result = Engine(() => runtime.Engine.Start(process, start));
        Write(result, process, definitionId, businessKey, expectedRevision: null, actor: null, checkLatest);
        if (!DeferWrites)
        {
            await FlushAsync(ct);
        }
        await CarryAsync(result, ct);
        return result.State;
    }

    /// <summary>Applies a command to a stored instance; refuses it when the instance has ended.</summary>
    public async Task<ProcessInstanceState> ApplyAsync(string instanceId, EngineCommand command, string? actor, CancellationToken ct)
    {
        var stored = await LoadAsync(instanceId, ct) ?? throw new ProcessCommandException(ProcessErrorKind.NotFound, $"Process instance {instanceId} does not exist.");
        return await ApplyAsync(stored, command, actor, ct);
    }

    /// <summary>
    /// Applies a command to an instance as just loaded. The stored state object becomes the new state (no copy):
    /// callers must not use <paramref name="stored"/> afterwards, and a failed command rolls the transaction back.
    /// </summary>
    public async Task<ProcessInstanceState> ApplyAsync(StoredInstance stored, EngineCommand command, string? actor, CancellationToken ct)
    {
        if (stored.State.Status != InstanceStatus.Active)
        {
            throw new ProcessCommandException(ProcessErrorKind.Conflict,
                $"Process instance {stored.State.InstanceId} has ended ({InstanceView.StatusText(stored.State.Status)}); nothing was changed.");
        }
        var process = await runtime.Definitions.GetAsync(this, stored.DefinitionId, ct);
        var expected = stored.State.Revision;
        var result = Engine(() => runtime.Engine.Apply(process, stored.State, command, copyState: false));
        Write(result, process, stored.DefinitionId, stored.BusinessKey, expected, actor);
        if (!DeferWrites)
        {
            await FlushAsync(ct);
        }
        await CarryAsync(result, ct);
        return result.State;
    }

    private static EngineResult Engine(Func<EngineResult> run)
    {
        try
        {
            return run();
        }
        catch (ProcessEngineException e)
        {
            throw new ProcessCommandException(ProcessErrorKind.Conflict, e.Message);
        }
    }

    /// <summary>
    /// Sends the collected writes; a state whose revision changed meanwhile fails the statement that writes it
    /// (<c>rathaus_expect_revision</c>, a serialization failure) and with it the whole transaction.
    /// </summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        if (_pending is not null)
        {
            await SendAsync(commit: false, ct);
        }
    }

    /// <summary>
    /// Commits: collected writes and the COMMIT go in one round trip. A failing write aborts the transaction in the
    /// server before the COMMIT is reached, so nothing of it is committed.
    /// </summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        if (_pending is null)
        {
            await transaction.CommitAsync(ct);
            return;
        }
        await SendAsync(commit: true, ct);
    }

    private async Task SendAsync(bool commit, CancellationToken ct)
    {
        var writes = _pending!;
        _pending = null;
        await using var batch = NewBatch(out _);
        writes.AddTo(batch, tenantId);
        if (commit)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        }
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Collects the new state, the projections and the history; sent at once unless deferred.</summary>
    private void Write(EngineResult result, DeployedProcess process, Guid definitionId, string? businessKey, long? expectedRevision, string? actor,
        bool checkLatest = false)
    {
        var state = result.State;
        var now = Now;
        var writes = _pending ??= new ProcessWrites();
        writes.Instance(state, definitionId, businessKey, expectedRevision, checkLatest, now);
        foreach (var effect in result.Effects)
        {
            Project(writes, state.InstanceId, effect, actor, now);
        }

        if (runtime.MilestoneProjections.Count > 0)
        {
            var milestone = Milestones.Reached(process, result.Effects);
            var ended = state.Status != InstanceStatus.Active ? state.EndedAt ?? now : (DateTimeOffset?)null;
            if (milestone is not null || ended is not null)
            {
                foreach (var projection in runtime.MilestoneProjections)
                {
                    writes.Statement(projection.Sql, state.InstanceId, Text(businessKey), Text(milestone), Utc(ended));
                }
            }
        }
    }

    private void Project(ProcessWrites writes, string instanceId, EngineEffect effect, string? actor, DateTimeOffset now)
    {
        switch (effect)
        {
            case HistoryEvent h:
                writes.History(instanceId, h);
                break;
            case UserTaskCreated { Task: var t }:
                writes.Statement("""
                    INSERT INTO process_user_tasks (id, tenant_id, instance_id, element_id, name, execution_id, assignee,
                        candidate_groups, candidate_users, form_key, status, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11)
                    """,
                    t.Id, tenantId, instanceId, t.ElementId, Text(t.Name), t.ExecutionId, Text(t.Assignee),
                    t.CandidateGroups.ToArray(), t.CandidateUsers.ToArray(), Text(t.FormKey), Utc(t.CreatedAt));
                break;
            case UserTaskCompleted c:
                writes.Statement("UPDATE process_user_tasks SET status = 'completed', ended_at = $2, completed_by = $3 WHERE id = $1",
                    c.TaskId, now, Text(actor));
                break;
            case UserTaskAssigned a:
                writes.Statement("UPDATE process_user_tasks SET assignee = $2 WHERE id = $1", a.TaskId, Text(a.Assignee));
                break;
            case UserTaskCancelled c:
                writes.Statement("UPDATE process_user_tasks SET status = 'cancelled', ended_at = $2 WHERE id = $1", c.TaskId, now);
                break;
            case JobCreated { Job: var j } created:
                {
                    // Also re-opens a job whose incident was resolved: due now, with the granted retries. A node that
                    // runs this type itself takes the new job at once, locked to it, without acquiring it (see JobExecutor).
                    var payload = JsonSerializer.Serialize(j, StateJson.Options);
                    var local = HandsOverJobs && runtime.LocalExecutor is { } executor && executor.TryReserve(j.Type) ? executor : null;
                    CreatedDueWork |= local is null;
                    var lockUntil = local is null ? (DateTimeOffset?)null : now + local.LockDuration;
                    writes.Job(j, created.Reopened, instanceId, payload, now, local?.NodeId, lockUntil);
                    if (local is not null)
                    {
                        LocalJobs.Add(new AcquiredJob(j.Id, tenantId, instanceId, "job", j.Type, payload) { ElementId = j.ElementId, Executor = local });
                    }
                    break;
                }
            case JobCompleted c:
                writes.FinishedJob(c.JobId);
                break;
            case JobCancelled c:
                DeleteJob(writes, c.JobId, now);
                break;
            case JobFailed f:
                // Exponential back-off by the attempts so far; a job without retries waits for its incident.
                writes.Statement("""
                    UPDATE process_jobs SET retries = $2, last_error = $3, lock_owner = NULL, lock_expires_at = NULL,
                        due_at = $4 + least($6::interval, $5::interval * power(2, least(greatest(attempts - 1, 0), 30)))
                    WHERE id = $1
                    """,
                    f.JobId, f.RemainingRetries, Truncate(f.ErrorMessage), now, runtime.Options.BackoffBase, runtime.Options.BackoffMax);
                break;
            case TimerScheduled { Timer: var t }:
                writes.Statement("""
                    INSERT INTO process_jobs (id, tenant_id, instance_id, kind, element_id, due_at, retries, created_at)
                    VALUES ($1, $2, $3, 'timer', $4, $5, $6, $7)
                    """,
                    t.Id, tenantId, instanceId, t.ElementId, Utc(t.DueAt), runtime.Options.TimerRetries, now);
                CreatedDueWork |= t.DueAt <= now;
                break;
            case TimerCancelled c:
                DeleteJob(writes, c.TimerId, now);
                break;
            case MessageSubscriptionOpened { Subscription: var s }:
                writes.Statement("""
                    INSERT INTO process_message_subscriptions (id, tenant_id, instance_id, message_name, correlation_key, element_id, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)
                    """,
                    s.Id, tenantId, instanceId, s.MessageName, Text(s.CorrelationKey), s.ElementId, now);
                break;
            case MessageSubscriptionClosed c:
                writes.Statement("DELETE FROM process_message_subscriptions WHERE id = $1", c.SubscriptionId);
                break;
            case IncidentRaised { Incident: var i }:
                writes.Statement("""
                    INSERT INTO process_incidents (id, tenant_id, instance_id, kind, message, element_id, execution_id, job_id, status, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9)
                    """,
                    i.Id, tenantId, instanceId, i.Kind, Truncate(i.Message), i.ElementId, i.ExecutionId, Text(i.JobId), Utc(i.CreatedAt));
                break;
            case IncidentResolved r:
                writes.Statement("UPDATE process_incidents SET status = 'resolved', resolved_at = $2 WHERE id = $1 AND status = 'open'", r.IncidentId, now);
                break;
        }
    }

    /// <summary>Effects that reach other instances: call activities start, cancel and continue in this transaction.</summary>
    private async Task CarryAsync(EngineResult result, CancellationToken ct)
    {
        foreach (var effect in result.Effects)
        {
            switch (effect)
            {
                case ChildInstanceRequested c:
                    {
                        var definitionId = await ProcessDefinitions.FindAsync(this, c.ProcessId, c.Version, ct)
                            ?? throw new ProcessCommandException(ProcessErrorKind.Conflict,
                                $"The called process {c.ProcessId}{(c.Version is { } v ? " version " + v : "")} is not deployed; nothing was changed.");
                        await StartAsync(definitionId, new StartInstance
                        {
                            Variables = c.Variables,
                            ParentInstanceId = c.ParentInstanceId,
                            ParentExecutionId = c.ParentExecutionId,
                        }, businessKey: null, ct);
                        break;
                    }
                case ChildInstanceCancelRequested c:
                    {
                        await EnsureConnectionAsync(ct);
                        await using var command = new NpgsqlCommand(
                            "SELECT id FROM process_instances WHERE parent_execution_id = $1 AND status = 'active'", connection, transaction);
                        command.Parameters.Add(new NpgsqlParameter { Value = c.ParentExecutionId });
                        var children = new List<string>();
                        await using (var reader = await command.ExecuteReaderAsync(ct))
                        {
                            while (await reader.ReadAsync(ct))
                            {
                                children.Add(reader.GetString(0));
                            }
                        }
                        foreach (var child in children)
                        {
                            await ApplyAsync(child, new CancelInstance(), actor: null, ct);
                        }
                        break;
                    }
                case InstanceCompleted { ParentInstanceId: { } parent, ParentExecutionId: { } execution } done:
                    await ApplyAsync(parent, new CompleteCallActivity(execution, done.Variables), actor: null, ct);
                    break;
            }
        }
    }

    /// <summary>
    /// Deletes a cancelled job or timer; an incident the runtime raised for it (it ran out of retries, see
    /// <c>JobExecutor</c>) is resolved with it, since there is nothing left to retry.
    /// </summary>
    private static void DeleteJob(ProcessWrites writes, string jobId, DateTimeOffset now) =>
        writes.Statement("""
            WITH gone AS (DELETE FROM process_jobs WHERE id = $1 RETURNING id, retries)
            UPDATE process_incidents SET status = 'resolved', resolved_at = $2
            WHERE status = 'open' AND job_id IS NOT NULL AND job_id = (SELECT id FROM gone WHERE retries = 0)
            """, jobId, now);

    private static NpgsqlParameter Text(string? value) => ProcessWrites.Text(value);

    private static NpgsqlParameter Utc(DateTimeOffset? value) => ProcessWrites.Utc(value);

    private static string Truncate(string text) => text.Length <= 4000 ? text : text[..4000];
}
