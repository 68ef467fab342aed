using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using Rathaus.Bpmn;
using Rathaus.Bpmn.Execution;
using Rathaus.Bpmn.Model;
using Rathaus.Bpmn.Validation;

namespace Rathaus.Processes;

/// <summary>
/// Deployed BPMN definitions: versioned per process id and tenant, with the XML and its SHA-256. The executable
/// form of a version is built once per node and kept, since a stored version never changes.
/// </summary>
internal sealed class ProcessDefinitions
{
    private readonly ConcurrentDictionary<Guid, DeployedProcess> _executable = new();
    private readonly ConcurrentDictionary<(Guid TenantId, string ProcessId), Guid> _latest = new();

    /// <summary>
    /// The latest version of a process as this node last found it. Another node may have deployed a newer one since:
    /// a start with it must check that in its write (<c>rathaus_expect_latest_version</c>), which fails the
    /// transaction when it is stale; the start is then run again with <see cref="FindAsync"/>.
    /// </summary>
    public bool TryGetLatest(Guid tenantId, string processId, out Guid definitionId) => _latest.TryGetValue((tenantId, processId), out definitionId);

    public void RememberLatest(Guid tenantId, string processId, Guid definitionId) => _latest[(tenantId, processId)] = definitionId;

    /// <summary>Parses and validates a file; throws <see cref="DeploymentRefusedException"/> listing every problem.</summary>
    public static (BpmnDefinitions Model, IReadOnlyList<BpmnProcess> Processes) Validate(string xml)
    {
        BpmnDefinitions model;
        try
        {
            model = BpmnParser.Parse(xml);
        }
        catch (BpmnParseException e)
        {
            throw new DeploymentRefusedException(e.Problems);
        }

        var targets = model.Processes.Where(p => p.IsExecutable || model.Processes.Count == 1).ToList();
        if (targets.Count == 0)
        {
            throw new DeploymentRefusedException([new BpmnProblem(ProblemSeverity.Error, "The file contains no executable process (isExecutable=\"true\").")]);
        }

        var errors = targets.SelectMany(p => ProcessDeployer.Validate(model, p.Id)).Where(p => p.Severity == ProblemSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new DeploymentRefusedException(errors);
        }
        return (model, targets);
    }

    /// <summary>Stores a new version of every executable process of the file, or returns the version with the same XML.</summary>
    public async Task<DeploymentResult> DeployAsync(ProcessTransaction tx, string xml, string? deployedBy, CancellationToken ct)
    {
        var (model, targets) = Validate(xml);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(xml)));
        var deployed = new List<DeployedDefinition>();
        foreach (var process in targets)
        {
            // Two nodes deploying the same process at once would both compute the same next version.
            await tx.Connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))",
                new { key = $"process-definition:{tx.TenantId}:{process.Id}" }, tx.Transaction, cancellationToken: ct));
            var existing = (await tx.Connection.QueryAsync<(Guid Id, int Version)>(new CommandDefinition(
                "SELECT id, version FROM process_definitions WHERE process_id = @processId AND xml_sha256 = @sha256",
                new { processId = process.Id, sha256 }, tx.Transaction, cancellationToken: ct))).ToList();
            if (existing is [var e])
            {
                deployed.Add(new DeployedDefinition(e.Id, process.Id, e.Version, sha256, IsNew: false));
                continue;
            }

            var version = 1 + await tx.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT coalesce(max(version), 0) FROM process_definitions WHERE process_id = @processId",
                new { processId = process.Id }, tx.Transaction, cancellationToken: ct));
            var executable = ProcessDeployer.Deploy(model, process.Id, version);
            var id = Guid.CreateVersion7();
            await tx.Connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO process_definitions (id, tenant_id, process_id, version, name, xml, xml_sha256, message_start_names, deployed_at, deployed_by)
                VALUES (@id, @tenantId, @processId, @version, @name, @xml, @sha256, @messageStarts, @now, @deployedBy)
                """,
                new
                {
                    id,
                    tenantId = tx.TenantId,
                    processId = process.Id,
                    version,
                    name = process.Name,
                    xml,
                    sha256,
                    messageStarts = executable.MessageStartEvents.Select(m => m.MessageName).Distinct().ToArray(),
                    now = tx.Now,
                    deployedBy,
                }, tx.Transaction, cancellationToken: ct));
            _executable.TryAdd(id, executable);
            await ScheduleStartTimersAsync(tx, id, executable, ct);
            deployed.Add(new DeployedDefinition(id, process.Id, version, sha256, IsNew: true));
        }
        return new DeploymentResult(deployed);
    }

    /// <summary>
    /// A new version replaces the timer start events of the older versions of its process (as in Camunda and Zeebe):
    /// their jobs are deleted (and incidents of them resolved), and each timer start event of the new version becomes
    /// a job of kind <c>start_timer</c>, due at its first occurrence.
    /// </summary>
    private static async Task ScheduleStartTimersAsync(ProcessTransaction tx, Guid definitionId, DeployedProcess process, CancellationToken ct)
    {
        await tx.Connection.ExecuteAsync(new CommandDefinition("""
            WITH gone AS (
                DELETE FROM process_jobs
                WHERE kind = 'start_timer'
                  AND definition_id IN (SELECT id FROM process_definitions WHERE process_id = @processId AND id <> @definitionId)
                RETURNING id)
            UPDATE process_incidents SET status = 'resolved', resolved_at = @now
            WHERE status = 'open' AND job_id IN (SELECT id FROM gone)
            """, new { processId = process.ProcessId, definitionId, now = tx.Now }, tx.Transaction, cancellationToken: ct));

        var problems = new List<BpmnProblem>();
        foreach (var start in process.TimerStartEvents)
        {
            if (ProcessEngine.ScheduleStartTimer(process, start, tx.Now) is not { } schedule)
            {
                problems.Add(new BpmnProblem(ProblemSeverity.Error,
                    $"The timer of start event {start.Id} ('{start.Definition?.Timer?.Expression}') gives no time; a timer start event needs a date, a duration or a cycle that does not depend on process variables.",
                    ElementId: start.Id));
                continue;
            }
            await tx.Connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO process_jobs (id, tenant_id, instance_id, definition_id, kind, element_id, payload, due_at, retries, created_at)
                VALUES (@id, @tenantId, NULL, @definitionId, 'start_timer', @elementId, @payload::jsonb, @dueAt, @retries, @now)
                """,
                new
                {
                    id = Guid.CreateVersion7().ToString(),
                    tenantId = tx.TenantId,
                    definitionId,
                    elementId = start.Id,
                    payload = JsonSerializer.Serialize(new StartTimerPayload(schedule.DueAt, schedule.RemainingRepetitions, schedule.Interval), StateJson.Options),
                    dueAt = schedule.DueAt.ToUniversalTime(),
                    retries = tx.Runtime.Options.TimerRetries,
                    now = tx.Now,
                }, tx.Transaction, cancellationToken: ct));
        }
        if (problems.Count > 0)
        {
            // Thrown inside the deployment's transaction: nothing of the file is stored.
            throw new DeploymentRefusedException(problems);
        }
    }

    /// <summary>The executable form of a stored version (read in the caller's tenant).</summary>
    public async Task<DeployedProcess> GetAsync(ProcessTransaction tx, Guid definitionId, CancellationToken ct)
    {
        if (_executable.TryGetValue(definitionId, out var cached))
        {
            return cached;
        }
        await tx.EnsureConnectionAsync(ct);
        var rows = (await tx.Connection.QueryAsync<(string ProcessId, int Version, string Xml)>(new CommandDefinition(
            "SELECT process_id, version, xml FROM process_definitions WHERE id = @definitionId",
            new { definitionId }, tx.Transaction, cancellationToken: ct))).ToList();
        if (rows is not [var row])
        {
            throw new ProcessCommandException(ProcessErrorKind.NotFound, $"Process definition {definitionId} does not exist.");
        }
        var model = BpmnParser.Parse(row.Xml);
        var process = new DeployedProcess(model, model.FindProcess(row.ProcessId)!, row.Version);
        return _executable.GetOrAdd(definitionId, process);
    }

    /// <summary>The definition id of a fixed version, or of the latest version; null when not deployed.</summary>
    public static async Task<Guid?> FindAsync(ProcessTransaction tx, string processId, int? version, CancellationToken ct)
    {
        await tx.FlushAsync(ct);
        await using var batch = tx.NewBatch(out var setsTenant);
        var command = new NpgsqlBatchCommand("""
            SELECT id FROM process_definitions
            WHERE process_id = $1 AND ($2::integer IS NULL OR version = $2)
            ORDER BY version DESC LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = processId });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = (object?)version ?? DBNull.Value });
        batch.BatchCommands.Add(command);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (setsTenant)
        {
            await reader.NextResultAsync(ct);
        }
        return await reader.ReadAsync(ct) ? reader.GetGuid(0) : null;
    }

    /// <summary>Latest versions whose message start event listens to the message.</summary>
    public async Task<IReadOnlyList<(Guid Id, string StartEventId)>> FindMessageStartsAsync(ProcessTransaction tx, string messageName, CancellationToken ct)
    {
        await tx.EnsureConnectionAsync(ct);
        var candidates = await tx.Connection.QueryAsync<Guid>(new CommandDefinition("""
            SELECT d.id FROM process_definitions d
            WHERE @messageName = ANY (d.message_start_names)
              AND d.version = (SELECT max(x.version) FROM process_definitions x WHERE x.process_id = d.process_id)
            ORDER BY d.process_id
            """, new { messageName }, tx.Transaction, cancellationToken: ct));
        var starts = new List<(Guid, string)>();
        foreach (var id in candidates)
        {
            var process = await GetAsync(tx, id, ct);
            starts.Add((id, process.MessageStartEvents.First(m => m.MessageName == messageName).StartEvent.Id));
        }
        return starts;
    }
}
