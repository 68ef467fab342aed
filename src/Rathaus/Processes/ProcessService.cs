using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Rathaus.Bpmn.Execution;
using Rathaus.Bpmn.Model;

namespace Rathaus.Processes;

/// <summary>How to start a process instance: by process id (latest or a fixed version) or by a message start event.</summary>
public sealed record StartRequest
{
    /// <summary>BPMN process id; null when starting by message.</summary>
    public string? ProcessId { get; init; }

    /// <summary>A fixed version; null for the latest.</summary>
    public int? Version { get; init; }

    /// <summary>Name of the message of a message start event; null when starting by process id.</summary>
    public string? MessageName { get; init; }

    /// <summary>The business key, e.g. the case number (Aktenzeichen).</summary>
    public string? BusinessKey { get; init; }

    /// <summary>Initial process variables.</summary>
    public JsonObject? Variables { get; init; }
}

/// <summary>
/// The process runtime's API for other modules and the HTTP API. Every command runs in one transaction of the
/// given tenant: load the instance, apply the engine, write state, projections, history and new jobs, commit.
/// Errors users can cause throw <see cref="ProcessCommandException"/> or <see cref="DeploymentRefusedException"/>
/// and change nothing.
/// </summary>
public sealed class ProcessService
{
    private readonly ProcessRuntime _runtime;

    internal ProcessService(ProcessRuntime runtime) => _runtime = runtime;

    /// <summary>Validates a BPMN file and deploys every executable process in it; the same XML again returns the existing versions.</summary>
    public Task<DeploymentResult> DeployAsync(Guid tenantId, string xml, string? deployedBy, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(xml);
        // Validation needs no database; a refused file never opens a transaction.
        ProcessDefinitions.Validate(xml);
        return _runtime.RunAsync(tenantId, tx => _runtime.Definitions.DeployAsync(tx, xml, deployedBy, ct), ct);
    }

    /// <summary>Starts an instance and runs it to its first wait states.</summary>
    public Task<InstanceView> StartAsync(Guid tenantId, StartRequest request, CancellationToken ct = default)
    {
        // The first attempt may start the latest version as this node knows it; a retry (it may have been stale) asks.
        var attempt = 0;
        return _runtime.RunAsync(tenantId, tx => StartAsync(tx, request, knownLatest: attempt++ == 0, ct), ct, deferWrites: true, tenantWithFirstBatch: true);
    }

    /// <summary>
    /// Starts an instance inside the caller's transaction (which must have the tenant set, see <c>Db.InTenantAsync</c>),
    /// so that e.g. a case row and its process instance are committed together.
    /// </summary>
    public Task<InstanceView> StartInTransactionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId,
        StartRequest request, CancellationToken ct = default) =>
        StartAsync(new ProcessTransaction(connection, transaction, tenantId, _runtime), request, knownLatest: false, ct);

    private async Task<InstanceView> StartAsync(ProcessTransaction tx, StartRequest request, bool knownLatest, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((request.ProcessId is null) == (request.MessageName is null))
        {
            throw new ProcessCommandException(ProcessErrorKind.Invalid, "Give either a process id or the name of a start message.");
        }

        Guid definitionId;
        string? startEventId = null;
        var checkLatest = false;
        if (request is { ProcessId: { } latestId, Version: null } && knownLatest && _runtime.Definitions.TryGetLatest(tx.TenantId, latestId, out var known))
        {
            definitionId = known;
            checkLatest = true;
        }
        else if (request.ProcessId is { } processId)
        {
            definitionId = await ProcessDefinitions.FindAsync(tx, processId, request.Version, ct)
                ?? throw new ProcessCommandException(ProcessErrorKind.NotFound,
                    $"Process {processId}{(request.Version is { } v ? " version " + v : "")} is not deployed.");
            if (request.Version is null)
            {
                _runtime.Definitions.RememberLatest(tx.TenantId, processId, definitionId);
            }
        }
        else
        {
            var starts = await _runtime.Definitions.FindMessageStartsAsync(tx, request.MessageName!, ct);
            if (starts.Count == 0)
            {
                throw new ProcessCommandException(ProcessErrorKind.NotFound, $"No deployed process starts with message '{request.MessageName}'.");
            }
            (definitionId, startEventId) = starts[0];
        }

        var state = await tx.StartAsync(definitionId, new StartInstance { Variables = request.Variables, StartEventId = startEventId }, request.BusinessKey, ct,
            checkLatest);
        return InstanceView.From(state, request.BusinessKey);
    }

    /// <summary>The instance as its state says now; null when it does not exist in the tenant.</summary>
    public Task<InstanceView?> GetInstanceAsync(Guid tenantId, string instanceId, CancellationToken ct = default) =>
        _runtime.RunAsync(tenantId, async tx => await tx.LoadAsync(instanceId, ct) is { } s ? InstanceView.From(s.State, s.BusinessKey) : null, ct);

    /// <summary>Open tasks of the tenant, optionally only those offered to one of the given candidate groups.</summary>
    public Task<IReadOnlyList<TaskView>> ListOpenTasksAsync(Guid tenantId, IReadOnlyCollection<string>? candidateGroups, CancellationToken ct = default) =>
        _runtime.RunAsync<IReadOnlyList<TaskView>>(tenantId, async tx => (await tx.Connection.QueryAsync<TaskRow>(new CommandDefinition("""
            SELECT id, instance_id, element_id, name, assignee, candidate_groups, form_key, created_at
            FROM process_user_tasks
            WHERE status = 'open' AND (@groups::text[] IS NULL OR candidate_groups && @groups::text[])
            ORDER BY created_at, id
            LIMIT 1000
            """, new { groups = candidateGroups?.ToArray() }, tx.Transaction, cancellationToken: ct)))
            .Select(t => new TaskView(t.Id, t.InstanceId, t.ElementId, t.Name, t.Assignee, t.CandidateGroups, t.FormKey, t.CreatedAt)).ToList(), ct);

    /// <summary>
    /// Completes an open user task with the variables of its form. A task someone has claimed is completed by that
    /// person (or an administrator); anyone else gets a conflict and nothing changes.
    /// </summary>
    public Task<InstanceView> CompleteTaskAsync(Guid tenantId, string taskId, JsonObject? variables, TaskActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return _runtime.RunAsync(tenantId, async tx =>
        {
            var (task, stored) = await LoadOpenTaskAsync(tx, taskId, ct);
            if (!MayComplete(task, actor))
            {
                throw new ProcessCommandException(ProcessErrorKind.Forbidden, $"Task {taskId} is offered to {string.Join(", ", task.CandidateGroups)}, not to you.");
            }
            if (task.Assignee is not null && !actor.IsTenantAdmin && !IsActor(task.Assignee, actor))
            {
                throw new ProcessCommandException(ProcessErrorKind.Conflict, $"Task {taskId} is claimed by {task.Assignee}; nothing was changed.");
            }
            var state = await tx.ApplyAsync(stored, new CompleteUserTask(taskId, variables), actor.UserId, ct);
            return InstanceView.From(state, stored.BusinessKey);
        }, ct, deferWrites: true, tenantWithFirstBatch: true);
    }

    /// <summary>
    /// Claims, hands over or releases an open user task: its assignee becomes <paramref name="assignee"/> (null
    /// releases it), but only while it is still <paramref name="expectedAssignee"/>, the assignee the caller saw.
    /// When someone else changed it first, the caller gets a conflict and nothing changes. Who may assign whom is the
    /// caller's rule (the workbench allows members of the task's department); the change is a command on the
    /// instance like any other, so it takes part in the revision check.
    /// </summary>
    public Task<TaskView> AssignTaskAsync(Guid tenantId, string taskId, string? assignee, string? expectedAssignee, string actorId,
        CancellationToken ct = default) =>
        _runtime.RunAsync(tenantId, async tx =>
        {
            var (task, stored) = await LoadOpenTaskAsync(tx, taskId, ct);
            if (!string.Equals(task.Assignee, expectedAssignee, StringComparison.Ordinal))
            {
                throw new ProcessCommandException(ProcessErrorKind.Conflict,
                    $"Task {taskId} is assigned to {task.Assignee ?? "nobody"} by now, not {expectedAssignee ?? "nobody"}; nothing was changed.");
            }
            var state = await tx.ApplyAsync(stored, new AssignUserTask(taskId, assignee), actorId, ct);
            var t = state.UserTasks.Single(u => u.Id == taskId);
            return new TaskView(t.Id, state.InstanceId, t.ElementId, t.Name, t.Assignee, t.CandidateGroups, t.FormKey, t.CreatedAt);
        }, ct, deferWrites: true, tenantWithFirstBatch: true);

    /// <summary>The open task and its instance in one round trip; a missing or ended task is refused.</summary>
    private static async Task<(TaskRow Task, StoredInstance Instance)> LoadOpenTaskAsync(ProcessTransaction tx, string taskId, CancellationToken ct)
    {
        TaskRow? task = null;
        StoredInstance? stored = null;
        await using (var batch = tx.NewBatch(out var setsTenant))
        {
            var command = new NpgsqlBatchCommand("""
                SELECT t.id, t.instance_id, t.assignee, t.candidate_groups, t.candidate_users, t.status,
                       i.state::text, i.definition_id, i.business_key
                FROM process_user_tasks t JOIN process_instances i ON i.id = t.instance_id
                WHERE t.id = $1
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = taskId });
            batch.BatchCommands.Add(command);
            await using var reader = await batch.ExecuteReaderAsync(ct);
            if (setsTenant)
            {
                await reader.NextResultAsync(ct);
            }
            if (await reader.ReadAsync(ct))
            {
                task = new TaskRow
                {
                    Id = reader.GetString(0),
                    InstanceId = reader.GetString(1),
                    Assignee = reader.IsDBNull(2) ? null : reader.GetString(2),
                    CandidateGroups = reader.GetFieldValue<string[]>(3),
                    CandidateUsers = reader.GetFieldValue<string[]>(4),
                    Status = reader.GetString(5),
                };
                stored = new StoredInstance(ProcessInstanceState.FromJson(reader.GetString(6)), reader.GetGuid(7), reader.IsDBNull(8) ? null : reader.GetString(8));
            }
        }
        if (task is null || stored is null)
        {
            throw new ProcessCommandException(ProcessErrorKind.NotFound, $"Task {taskId} does not exist.");
        }
        if (task.Status != "open")
        {
            throw new ProcessCommandException(ProcessErrorKind.Conflict,
                $"Task {taskId} is already {(task.Status == "completed" ? "completed" : "cancelled")}; nothing was changed.");
        }
        return (task, stored);
    }

    private static bool MayComplete(TaskRow task, TaskActor actor)
    {
        var restricted = task.Assignee is not null || task.CandidateGroups.Length > 0 || task.CandidateUsers.Length > 0;
        return actor.IsTenantAdmin || !restricted || IsActor(task.Assignee, actor) || task.CandidateUsers.Any(u => IsActor(u, actor))
            || task.CandidateGroups.Any(g => actor.Departments.Contains(g, StringComparer.Ordinal));
    }

    /// <summary>Assignees and candidate users name a person by account id or e-mail address.</summary>
    private static bool IsActor(string? who, TaskActor actor) =>
        who is not null && (who == actor.UserId || string.Equals(who, actor.Email, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Where an instance stands, for the case view: its BPMN XML (for the diagram), the elements where it waits now,
    /// and its history with element names, and for each completed user task who completed it. Null when the
    /// instance does not exist in the tenant.
    /// </summary>
    public Task<InstanceTrail?> GetTrailAsync(Guid tenantId, string instanceId, CancellationToken ct = default) =>
        _runtime.RunAsync(tenantId, async tx =>
        {
            if (await tx.LoadAsync(instanceId, ct) is not { } stored)
            {
                return null;
            }
            var process = await _runtime.Definitions.GetAsync(tx, stored.DefinitionId, ct);
            var xml = await tx.Connection.QuerySingleAsync<string>(new CommandDefinition(
                "SELECT xml FROM process_definitions WHERE id = @id", new { id = stored.DefinitionId }, tx.Transaction, cancellationToken: ct));
            var rows = await tx.Connection.QueryAsync<HistoryRow>(new CommandDefinition("""
                SELECT h.element_id, h.element_type, h.event, h.occurred_at, t.completed_by
                FROM process_history h
                LEFT JOIN process_user_tasks t
                       ON h.event = 'left' AND t.instance_id = h.instance_id AND t.execution_id = h.execution_id
                      AND t.element_id = h.element_id AND t.status = 'completed'
                WHERE h.instance_id = @instanceId
                ORDER BY h.id
                LIMIT 5000
                """, new { instanceId }, tx.Transaction, cancellationToken: ct));
            var state = stored.State;
            var current = state.Executions
                .Where(e => e.ParentId is not null && e.Status != ExecutionStatus.Active && !e.IsMultiInstanceBody)
                .Select(e => process.FindNode(e.ElementId))
                .Where(n => n is not null and not BpmnSubProcess)
                .DistinctBy(n => n!.Id)
                .Select(n => new TrailActivity(n!.Id, n.Name, n.ElementType))
                .ToList();
            return new InstanceTrail(state.InstanceId, state.ProcessId, state.ProcessVersion, InstanceView.StatusText(state.Status), xml, current,
                rows.Select(r => new TrailEvent(r.ElementId, process.FindNode(r.ElementId)?.Name, r.ElementType, r.Event, r.OccurredAt, r.CompletedBy)).ToList());
        }, ct);

    /// <summary>
    /// Correlates a message to the instance waiting for it (name and correlation key), or starts the processes whose
    /// message start event listens to it. With an instance id, only that instance may receive it.
    /// </summary>
    public Task<CorrelationResult> CorrelateMessageAsync(Guid tenantId, string messageName, string? correlationKey, JsonObject? variables,
        string? instanceId = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageName);
        return _runtime.RunAsync(tenantId, async tx =>
        {
            if (instanceId is not null)
            {
                var stored = await tx.LoadAsync(instanceId, ct)
                    ?? throw new ProcessCommandException(ProcessErrorKind.NotFound, $"Process instance {instanceId} does not exist.");
                if (stored.State.Status != InstanceStatus.Active)
                {
                    throw new ProcessCommandException(ProcessErrorKind.Conflict,
                        $"Process instance {instanceId} has ended ({InstanceView.StatusText(stored.State.Status)}); the message was not delivered.");
                }
                if (!stored.State.MessageSubscriptions.Exists(s => s.MessageName == messageName && s.CorrelationKey == correlationKey))
                {
                    throw new ProcessCommandException(ProcessErrorKind.Conflict,
                        $"Process instance {instanceId} does not wait for message '{messageName}' with correlation key '{correlationKey}'.");
                }
                await tx.ApplyAsync(stored, new CorrelateMessage(messageName, correlationKey, variables), actor: null, ct);
                return new CorrelationResult(instanceId, StartedInstance: false);
            }

            var waiting = await tx.Connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition("""
                SELECT instance_id FROM process_message_subscriptions
                WHERE message_name = @messageName AND correlation_key IS NOT DISTINCT FROM @correlationKey
                ORDER BY created_at, id LIMIT 1
                """, new { messageName, correlationKey }, tx.Transaction, cancellationToken: ct));
            if (waiting is not null)
            {
                await tx.ApplyAsync(waiting, new CorrelateMessage(messageName, correlationKey, variables), actor: null, ct);
                return new CorrelationResult(waiting, StartedInstance: false);
            }

            var starts = await _runtime.Definitions.FindMessageStartsAsync(tx, messageName, ct);
            if (starts.Count == 0)
            {
                throw new ProcessCommandException(ProcessErrorKind.NotFound,
                    $"No process instance waits for message '{messageName}'{(correlationKey is null ? "" : $" with correlation key '{correlationKey}'")}, and no process starts with it.");
            }
            string? first = null;
            foreach (var (definitionId, startEventId) in starts)
            {
                var state = await tx.StartAsync(definitionId, new StartInstance { Variables = variables, StartEventId = startEventId }, correlationKey, ct);
                first ??= state.InstanceId;
            }
            return new CorrelationResult(first!, StartedInstance: true);
        }, ct);
    }

    /// <summary>
    /// Runs <paramref name="work"/> and, in the same transaction, delivers the message with the variables the work
    /// returns to the instance waiting for it — if one waits; otherwise only the work is committed. Returns the instance
    /// that received the message, or null. Like every command the transaction is run again after a concurrent change of
    /// the instance, so <paramref name="work"/> must only write inside the given transaction.
    /// </summary>
    public Task<string?> CorrelateIfWaitingAsync(Guid tenantId, string messageName, string correlationKey,
        Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<JsonObject?>> work, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageName);
        ArgumentNullException.ThrowIfNull(work);
        return _runtime.RunAsync<string?>(tenantId, async tx =>
        {
            var variables = await work(tx.Connection, tx.Transaction, ct);
            var waiting = await tx.Connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition("""
                SELECT instance_id FROM process_message_subscriptions
                WHERE message_name = @messageName AND correlation_key = @correlationKey
                ORDER BY created_at, id LIMIT 1
                """, new { messageName, correlationKey }, tx.Transaction, cancellationToken: ct));
            if (waiting is null)
            {
                return null;
            }
            await tx.ApplyAsync(waiting, new CorrelateMessage(messageName, correlationKey, variables), actor: null, ct);
            return waiting;
        }, ct);
    }

    /// <summary>Cancels a running instance (and its called child instances).</summary>
    public Task<InstanceView> CancelAsync(Guid tenantId, string instanceId, CancellationToken ct = default) =>
        _runtime.RunAsync(tenantId, async tx =>
        {
            var stored = await tx.LoadAsync(instanceId, ct)
                ?? throw new ProcessCommandException(ProcessErrorKind.NotFound, $"Process instance {instanceId} does not exist.");
            var state = await tx.ApplyAsync(stored, new CancelInstance(), actor: null, ct);
            return InstanceView.From(state, stored.BusinessKey);
        }, ct);

    /// <summary>Incidents of the tenant, newest first; open ones only unless <paramref name="includeResolved"/>.</summary>
    public Task<IReadOnlyList<IncidentView>> ListIncidentsAsync(Guid tenantId, bool includeResolved = false, CancellationToken ct = default) =>
        _runtime.RunAsync<IReadOnlyList<IncidentView>>(tenantId, async tx => (await tx.Connection.QueryAsync<IncidentRow>(new CommandDefinition("""
            SELECT id, instance_id, kind, message, element_id, job_id, status, created_at, resolved_at FROM process_incidents
            WHERE @includeResolved OR status = 'open'
            ORDER BY created_at DESC, id LIMIT 1000
            """, new { includeResolved }, tx.Transaction, cancellationToken: ct))).Select(i => i.ToView()).ToList(), ct);

    /// <summary>
    /// Resolves an incident: the stopped step runs again (a failed job or timer gets <paramref name="retries"/> new
    /// attempts, due now).
    /// </summary>
    public Task<IncidentView> ResolveIncidentAsync(Guid tenantId, string incidentId, int retries = 1, JsonObject? variables = null, CancellationToken ct = default) =>
        _runtime.RunAsync(tenantId, async tx =>
        {
            var incident = await FindIncidentAsync(tx, incidentId, ct)
                ?? throw new ProcessCommandException(ProcessErrorKind.NotFound, $"Incident {incidentId} does not exist.");
            if (incident.Status != "open")
            {
                throw new ProcessCommandException(ProcessErrorKind.Conflict, $"Incident {incidentId} is already resolved; nothing was changed.");
            }
            await ResolveAsync(tx, incident, retries, variables, ct);
            return (await FindIncidentAsync(tx, incidentId, ct))!.ToView();
        }, ct);

    /// <summary>
    /// An incident the engine raised (it is in the instance's state) is resolved through the engine. One the runtime
    /// raised for a job, timer or start timer that ran out of retries belongs to the job row: the job gets new retries
    /// and is due now.
    /// </summary>
    private static async Task ResolveAsync(ProcessTransaction tx, IncidentRow incident, int retries, JsonObject? variables, CancellationToken ct)
    {
        var stored = incident.InstanceId is { } instanceId ? await tx.LoadAsync(instanceId, ct) : null;
        if (stored is not null && stored.State.Incidents.Exists(i => i.Id == incident.Id))
        {
            if (variables is not null)
            {
                stored = new StoredInstance(await tx.ApplyAsync(stored, new SetVariables(variables), actor: null, ct), stored.DefinitionId, stored.BusinessKey);
            }
            await tx.ApplyAsync(stored, new ResolveIncident(incident.Id, Math.Max(1, retries)), actor: null, ct);
            return;
        }

        if (variables is not null && stored is { State.Status: InstanceStatus.Active })
        {
            await tx.ApplyAsync(stored, new SetVariables(variables), actor: null, ct);
        }
        await tx.Connection.ExecuteAsync(new CommandDefinition("""
            UPDATE process_jobs SET retries = @retries, due_at = @now, lock_owner = NULL, lock_expires_at = NULL WHERE id = @jobId;
            UPDATE process_incidents SET status = 'resolved', resolved_at = @now WHERE id = @id AND status = 'open';
            """, new { retries = Math.Max(1, retries), now = tx.Now, jobId = incident.JobId, id = incident.Id }, tx.Transaction, cancellationToken: ct));
        tx.Runtime.LocalExecutor?.Wake();
    }

    /// <summary>
    /// Runs a job again: a job that ran out of retries gets new ones through its incident; a job waiting in back-off
    /// becomes due now.
    /// </summary>
    public Task<JobView> RetryJobAsync(Guid tenantId, string jobId, int retries = 1, CancellationToken ct = default) =>
        _runtime.RunAsync(tenantId, async tx =>
        {
            var job = await FindJobAsync(tx, jobId, ct) ?? throw new ProcessCommandException(ProcessErrorKind.NotFound, $"Job {jobId} does not exist.");
            if (job.Retries == 0)
            {
                var incident = (await tx.Connection.QueryAsync<IncidentRow>(new CommandDefinition("""
                    SELECT id, instance_id, kind, message, element_id, job_id, status, created_at, resolved_at
                    FROM process_incidents WHERE job_id = @jobId AND status = 'open'
                    """, new { jobId }, tx.Transaction, cancellationToken: ct))).FirstOrDefault()
                    ?? throw new ProcessCommandException(ProcessErrorKind.Conflict, $"Job {jobId} has no retries and no open incident.");
                await ResolveAsync(tx, incident, retries, variables: null, ct);
            }
            else
            {
                await tx.Connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE process_jobs SET due_at = @now WHERE id = @jobId AND (lock_expires_at IS NULL OR lock_expires_at <= @now)",
                    new { jobId, now = tx.Now }, tx.Transaction, cancellationToken: ct));
                tx.Runtime.LocalExecutor?.Wake();
            }
            return (await FindJobAsync(tx, jobId, ct) ?? job).ToView();
        }, ct);

    private static async Task<IncidentRow?> FindIncidentAsync(ProcessTransaction tx, string incidentId, CancellationToken ct) =>
        (await tx.Connection.QueryAsync<IncidentRow>(new CommandDefinition("""
            SELECT id, instance_id, kind, message, element_id, job_id, status, created_at, resolved_at FROM process_incidents WHERE id = @incidentId
            """, new { incidentId }, tx.Transaction, cancellationToken: ct))).SingleOrDefault();

    private static async Task<JobRow?> FindJobAsync(ProcessTransaction tx, string jobId, CancellationToken ct) =>
        (await tx.Connection.QueryAsync<JobRow>(new CommandDefinition("""
            SELECT id, instance_id, kind, element_id, type, due_at, retries, last_error FROM process_jobs WHERE id = @jobId
            """, new { jobId }, tx.Transaction, cancellationToken: ct))).SingleOrDefault();

    private sealed class TaskRow
    {
        public string Id { get; set; } = "";
        public string InstanceId { get; set; } = "";
        public string ElementId { get; set; } = "";
        public string? Name { get; set; }
        public string? Assignee { get; set; }
        public string[] CandidateGroups { get; set; } = [];
        public string[] CandidateUsers { get; set; } = [];
        public string? FormKey { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public string Status { get; set; } = "open";
    }

    private sealed class HistoryRow
    {
        public string ElementId { get; set; } = "";
        public string ElementType { get; set; } = "";
        public string Event { get; set; } = "";
        public DateTimeOffset OccurredAt { get; set; }
        public string? CompletedBy { get; set; }
    }

    private sealed class IncidentRow
    {
        public string Id { get; set; } = "";
        public string? InstanceId { get; set; }
        public string Kind { get; set; } = "";
        public string Message { get; set; } = "";
        public string ElementId { get; set; } = "";
        public string? JobId { get; set; }
        public string Status { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? ResolvedAt { get; set; }

        public IncidentView ToView() => new(Id, InstanceId, Kind, Message, ElementId, JobId, Status, CreatedAt, ResolvedAt);
    }

    private sealed class JobRow
    {
        public string Id { get; set; } = "";
        public string? InstanceId { get; set; }
        public string Kind { get; set; } = "";
        public string ElementId { get; set; } = "";
        public string? Type { get; set; }
        public DateTimeOffset DueAt { get; set; }
        public int Retries { get; set; }
        public string? LastError { get; set; }

        public JobView ToView() => new(Id, InstanceId, Kind, ElementId, Type, DueAt, Retries, LastError);
    }
}
