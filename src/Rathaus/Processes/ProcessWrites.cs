using Npgsql;
using NpgsqlTypes;
using Rathaus.Bpmn.Execution;

namespace Rathaus.Processes;

/// <summary>
/// The writes of one or more commands of a process transaction, collected until they are sent. The kinds every
/// command writes (instance states, new jobs, finished jobs, history) become one set-based statement each, however
/// many commands were collected (the job executor commits up to a hundred results at once); every other write
/// stays a statement of its own, in the order the engine reported it.
/// </summary>
/// <remarks>
/// Sent in this order: new instances, changed instances (a stale revision fails here, before anything else is
/// written), new jobs, the other statements in their order, finished jobs, history. Within one transaction a row
/// is always created before it is changed and changed before it is removed, so the order holds for every row that
/// several of these statements touch.
/// </remarks>
internal sealed class ProcessWrites
{
    private readonly Dictionary<string, InstanceWrite> _instances = new(StringComparer.Ordinal);
    private readonly List<string> _instanceOrder = [];
    private readonly List<NpgsqlBatchCommand> _statements = [];
    private readonly JobColumns _jobs = new();
    private readonly List<string> _finishedJobs = [];
    private readonly HistoryColumns _history = new();

    /// <summary>
    /// The state of an instance after this command; its columns and JSON are taken when the writes are sent. A later
    /// command on the same instance replaces the state; the revision it must still have in the database stays the one
    /// the first command read.
    /// </summary>
    public void Instance(ProcessInstanceState state, Guid definitionId, string? businessKey, long? expectedRevision, bool checkLatest, DateTimeOffset now)
    {
        if (_instances.TryGetValue(state.InstanceId, out var earlier))
        {
            _instances[state.InstanceId] = earlier with { Current = state, UpdatedAt = now };
            return;
        }
        _instanceOrder.Add(state.InstanceId);
        _instances[state.InstanceId] = new InstanceWrite(state, expectedRevision, checkLatest, definitionId, businessKey, now);
    }

    /// <summary>
    /// A new job, or a job opened again after its incident was resolved: its row is still there and gets the new
    /// retries and lock, in a statement of its own in the engine's order (new jobs need no conflict check).
    /// </summary>
    public void Job(JobState job, bool reopened, string instanceId, string payload, DateTimeOffset now, string? lockOwner, DateTimeOffset? lockUntil)
    {
        if (reopened)
        {
            Statement("""
                UPDATE process_jobs SET payload = $2, due_at = $3, retries = $4, lock_owner = $5, lock_expires_at = $6, attempts = attempts + $7
                WHERE id = $1
                """,
                job.Id, Json(payload), now, job.Retries, Text(lockOwner), Utc(lockUntil), lockOwner is null ? 0 : 1);
            return;
        }
        _jobs.Add(job, instanceId, payload, now, lockOwner, lockUntil);
    }

    /// <summary>A job whose result was applied.</summary>
    public void FinishedJob(string jobId) => _finishedJobs.Add(jobId);

    public void History(string instanceId, HistoryEvent h) => _history.Add(instanceId, h);

    /// <summary>Any other write, as a statement with positional parameters ($1 …) sent in the order of these calls.</summary>
    public void Statement(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
        _statements.Add(command);
    }

    /// <summary>
    /// Adds the collected writes to a batch, in the order described on this class. A kind with a single row (a start,
    /// a task completion) is written with plain parameters: arrays and <c>unnest</c> cost more than they save there.
    /// </summary>
    public void AddTo(NpgsqlBatch batch, Guid tenantId)
    {
        AddInstances(batch, tenantId);
        if (_jobs.Ids.Count == 1)
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO process_jobs (id, tenant_id, instance_id, kind, element_id, type, payload, due_at, retries, created_at,
                    lock_owner, lock_expires_at, attempts)
                VALUES ($1, $2, $3, 'job', $4, $5, $6, $7, $8, $7, $9, $10, $11)
                """, _jobs.Ids[0], tenantId, _jobs.Instances[0], _jobs.Elements[0], _jobs.Types[0], Json(_jobs.Payloads[0]),
                _jobs.Due[0], _jobs.Retries[0], Text(_jobs.LockOwners[0]), Utc(_jobs.LockUntil[0]), _jobs.Attempts[0]));
        }
        else if (_jobs.Ids.Count > 1)
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO process_jobs (id, tenant_id, instance_id, kind, element_id, type, payload, due_at, retries, created_at,
                    lock_owner, lock_expires_at, attempts)
                SELECT j.id, $1, j.instance_id, 'job', j.element_id, j.type, j.payload, j.due_at, j.retries, j.due_at,
                    j.lock_owner, j.lock_expires_at, j.attempts
                FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::timestamptz[], $8::int[], $9::text[],
                            $10::timestamptz[], $11::int[])
                     AS j (id, instance_id, element_id, type, payload, due_at, retries, lock_owner, lock_expires_at, attempts)
                """,
                tenantId, _jobs.Ids.ToArray(), _jobs.Instances.ToArray(), _jobs.Elements.ToArray(), _jobs.Types.ToArray(), JsonArray(_jobs.Payloads),
                _jobs.Due.ToArray(), _jobs.Retries.ToArray(), TextArray(_jobs.LockOwners), TimeArray(_jobs.LockUntil), _jobs.Attempts.ToArray()));
        }
        foreach (var statement in _statements)
        {
            batch.BatchCommands.Add(statement);
        }
        if (_finishedJobs.Count > 0)
        {
            batch.BatchCommands.Add(_finishedJobs.Count == 1
                ? Command("DELETE FROM process_jobs WHERE id = $1", Text(_finishedJobs[0]))
                : Command("DELETE FROM process_jobs WHERE id = ANY ($1)", TextArray(_finishedJobs)));
        }
        if (_history.Count > 0)
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO process_history (tenant_id, instance_id, execution_id, element_id, element_type, event, occurred_at)
                SELECT $1, h.instance_id, h.execution_id, h.element_id, h.element_type, h.event, h.occurred_at
                FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
                     AS h (instance_id, execution_id, element_id, element_type, event, occurred_at)
                """,
                tenantId, _history.Instances.ToArray(), _history.Executions.ToArray(), _history.Elements.ToArray(), _history.Types.ToArray(),
                _history.Events.ToArray(), _history.Times.ToArray()));
        }
    }

    private void AddInstances(NpgsqlBatch batch, Guid tenantId)
    {
        var created = _instanceOrder.Where(id => _instances[id].ExpectedRevision is null).ToList();
        var changed = _instanceOrder.Where(id => _instances[id].ExpectedRevision is not null).ToList();
        if (created.Count == 1)
        {
            var r = _instances[created[0]];
            batch.BatchCommands.Add(Command("""
                INSERT INTO process_instances (id, tenant_id, definition_id, process_id, process_version, business_key, status,
                    parent_instance_id, parent_execution_id, state, revision, started_at, ended_at, updated_at)
                SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14
                WHERE NOT $15 OR rathaus_expect_latest_version($4, $5)
                """,
                created[0], tenantId, r.DefinitionId, r.ProcessId, r.ProcessVersion, Text(r.BusinessKey), r.Status, Text(r.ParentInstanceId),
                Text(r.ParentExecutionId), Json(r.State), r.Revision, Utc(r.StartedAt), Utc(r.EndedAt), Utc(r.UpdatedAt), r.CheckLatest));
        }
        else if (created.Count > 1)
        {
            var rows = created.Select(id => _instances[id]).ToList();
            // A start with the version this node knew checks that no newer one was deployed (rathaus_expect_latest_version).
            batch.BatchCommands.Add(Command("""
                INSERT INTO process_instances (id, tenant_id, definition_id, process_id, process_version, business_key, status,
                    parent_instance_id, parent_execution_id, state, revision, started_at, ended_at, updated_at)
                SELECT i.id, $1, i.definition_id, i.process_id, i.process_version, i.business_key, i.status,
                    i.parent_instance_id, i.parent_execution_id, i.state, i.revision, i.started_at, i.ended_at, i.updated_at
                FROM unnest($2::text[], $3::uuid[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[],
                            $11::bigint[], $12::timestamptz[], $13::timestamptz[], $14::timestamptz[], $15::boolean[])
                     AS i (id, definition_id, process_id, process_version, business_key, status, parent_instance_id, parent_execution_id,
                           state, revision, started_at, ended_at, updated_at, check_latest)
                WHERE NOT i.check_latest OR rathaus_expect_latest_version(i.process_id, i.process_version)
                """,
                tenantId, created.ToArray(), rows.Select(r => r.DefinitionId).ToArray(), rows.Select(r => r.ProcessId).ToArray(),
                rows.Select(r => r.ProcessVersion).ToArray(), TextArray(rows.Select(r => r.BusinessKey)), rows.Select(r => r.Status).ToArray(),
                TextArray(rows.Select(r => r.ParentInstanceId)), TextArray(rows.Select(r => r.ParentExecutionId)), JsonArray(rows.Select(r => r.State)),
                rows.Select(r => r.Revision).ToArray(), TimeArray(rows.Select(r => (DateTimeOffset?)r.StartedAt)), TimeArray(rows.Select(r => r.EndedAt)),
                TimeArray(rows.Select(r => (DateTimeOffset?)r.UpdatedAt)), rows.Select(r => r.CheckLatest).ToArray()));
        }
        if (changed.Count == 1)
        {
            var r = _instances[changed[0]];
            batch.BatchCommands.Add(Command("""
                UPDATE process_instances SET state = $2, revision = $3, status = $4, ended_at = $5, updated_at = $6
                WHERE id = $1 AND rathaus_expect_revision(id, revision, $7)
                """,
                changed[0], Json(r.State), r.Revision, r.Status, Utc(r.EndedAt), Utc(r.UpdatedAt), r.ExpectedRevision!.Value));
        }
        else if (changed.Count > 1)
        {
            var rows = changed.Select(id => _instances[id]).ToList();
            batch.BatchCommands.Add(Command("""
                UPDATE process_instances p
                SET state = u.state, revision = u.revision, status = u.status, ended_at = u.ended_at, updated_at = u.updated_at
                FROM unnest($1::text[], $2::jsonb[], $3::bigint[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::bigint[])
                     AS u (id, state, revision, status, ended_at, updated_at, expected)
                WHERE p.id = u.id AND rathaus_expect_revision(p.id, p.revision, u.expected)
                """,
                changed.ToArray(), JsonArray(rows.Select(r => r.State)), rows.Select(r => r.Revision).ToArray(), rows.Select(r => r.Status).ToArray(),
                TimeArray(rows.Select(r => r.EndedAt)), TimeArray(rows.Select(r => (DateTimeOffset?)r.UpdatedAt)),
                rows.Select(r => r.ExpectedRevision!.Value).ToArray()));
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        }
        return command;
    }

    // Typed parameters where a null or a string would leave PostgreSQL guessing the type.
    public static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Json(string json) => new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = json };

    public static NpgsqlParameter Utc(DateTimeOffset? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = value is { } v ? v.ToUniversalTime() : DBNull.Value };

    private static NpgsqlParameter TextArray(IEnumerable<string?> values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = values.ToArray() };

    private static NpgsqlParameter JsonArray(IEnumerable<string> values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb, Value = values.ToArray() };

    private static NpgsqlParameter TimeArray(IEnumerable<DateTimeOffset?> values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, Value = values.Select(v => v?.ToUniversalTime()).ToArray() };

    private sealed record InstanceWrite(ProcessInstanceState Current, long? ExpectedRevision, bool CheckLatest, Guid DefinitionId, string? BusinessKey,
        DateTimeOffset UpdatedAt)
    {
        public string ProcessId => Current.ProcessId;

        public int ProcessVersion => Current.ProcessVersion;

        public string Status => InstanceView.StatusText(Current.Status);

        public string? ParentInstanceId => Current.ParentInstanceId;

        public string? ParentExecutionId => Current.ParentExecutionId;

        /// <summary>The state as JSON: serialised once, when the writes are sent.</summary>
        public string State => Current.ToJson();

        public long Revision => Current.Revision;

        public DateTimeOffset StartedAt => Current.StartedAt;

        public DateTimeOffset? EndedAt => Current.EndedAt;
    }

    private sealed class JobColumns
    {
        public List<string> Ids { get; } = [];

        public List<string> Instances { get; } = [];

        public List<string> Elements { get; } = [];

        public List<string> Types { get; } = [];

        public List<string> Payloads { get; } = [];

        public List<DateTimeOffset> Due { get; } = [];

        public List<int> Retries { get; } = [];

        public List<string?> LockOwners { get; } = [];

        public List<DateTimeOffset?> LockUntil { get; } = [];

        public List<int> Attempts { get; } = [];

        public void Add(JobState job, string instanceId, string payload, DateTimeOffset now, string? lockOwner, DateTimeOffset? lockUntil)
        {
            Ids.Add(job.Id);
            Instances.Add(instanceId);
            Elements.Add(job.ElementId);
            Types.Add(job.Type);
            Payloads.Add(payload);
            Due.Add(now.ToUniversalTime());
            Retries.Add(job.Retries);
            LockOwners.Add(lockOwner);
            LockUntil.Add(lockUntil);
            Attempts.Add(lockOwner is null ? 0 : 1);
        }
    }

    private sealed class HistoryColumns
    {
        public List<string> Instances { get; } = [];

        public List<string> Executions { get; } = [];

        public List<string> Elements { get; } = [];

        public List<string> Types { get; } = [];

        public List<string> Events { get; } = [];

        public List<DateTimeOffset> Times { get; } = [];

        public int Count => Executions.Count;

        public void Add(string instanceId, HistoryEvent h)
        {
            Instances.Add(instanceId);
            Executions.Add(h.ExecutionId);
            Elements.Add(h.ElementId);
            Types.Add(h.ElementType);
            Events.Add(h.Kind switch { HistoryEventKind.Entered => "entered", HistoryEventKind.Left => "left", _ => "terminated" });
            Times.Add(h.Timestamp.ToUniversalTime());
        }
    }
}
