using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Rathaus.Cases;
using Rathaus.Platform.Database;

namespace Rathaus.Workbench;

/// <summary>A case (Vorgang) as the workbench shows it.</summary>
public sealed class CaseRecord
{
    public Guid Id { get; init; }
    public string Reference { get; init; } = "";
    public string ServiceId { get; init; } = "";
    public string ServiceVersion { get; init; } = "";
    public string DepartmentKey { get; init; } = "";
    public string? DepartmentName { get; init; }
    public string Channel { get; init; } = "";
    public string Status { get; init; } = "";
    public string? Milestone { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? ProcessInstanceId { get; init; }
    public string Data { get; init; } = "{}";
    public int Prints { get; init; }

    public JsonObject DataObject() => JsonNode.Parse(Data) as JsonObject ?? [];
}

/// <summary>A document of a case: the applicant's evidence, the receipt, notices and replies.</summary>
public sealed class CaseDocumentRecord
{
    public Guid Id { get; init; }
    public string Kind { get; init; } = "";
    public string? Title { get; init; }
    public string? FieldPath { get; init; }
    public string FileName { get; init; } = "";
    public string ContentType { get; init; } = "";
    public long Size { get; init; }
    public string Sha256 { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public int Prints { get; init; }

    /// <summary>PDF and images are shown in the browser; anything else is offered as a download.</summary>
    public bool ShowsInline => ContentType is "application/pdf" or "image/jpeg" or "image/png";

    public bool IsImage => ContentType is "image/jpeg" or "image/png";

    public string DisplayName => string.IsNullOrWhiteSpace(Title) ? FileName : Title;
}

/// <summary>An internal note (Aktenvermerk) of the department on a case; never shown to the citizen.</summary>
public sealed class CaseNote
{
    public Guid Id { get; init; }
    public string AuthorName { get; init; } = "";
    public string Body { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// Cases for the workbench: only staff of the case's department, or with an open task of the case that is for
/// them, may open one; for anyone else it does not exist. Every opening of a case or a document is written to the
/// audit trail in the transaction that reads it; a print is recorded as a print action.
/// </summary>
public sealed class CaseFiles(Db db, AuditTrail audit, TimeProvider time)
{
    /// <summary>The purpose of every access the workbench records (Zweck: Sachbearbeitung des Vorgangs).</summary>
    public const string Purpose = "Sachbearbeitung";

    public const int MaxNoteLength = 10_000;

    private const string MayOpen = $"""
        (c.department_key = ANY (@departments)
         OR EXISTS (SELECT 1 FROM process_user_tasks t JOIN process_instances i ON i.id = t.instance_id
                    WHERE t.status = 'open' AND coalesce(i.parent_instance_id, i.id) = c.process_instance_id AND {TaskInbox.Visible}))
        """;

    /// <summary>Opens a case for reading and records that in the audit trail; null when it is not this person's to open.</summary>
    public Task<CaseRecord?> OpenAsync(Guid tenantId, StaffMember me, Guid caseId, string action, string? correlationId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        return db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var found = await FindAsync(c, tx, me, caseId, ct);
            if (found is not null)
            {
                await audit.AppendAsync(c, tx, tenantId, new AuditEntry("staff", me.Id.ToString(), action, caseId, null, Purpose, correlationId)
                {
                    Role = me.AuditRole(found.DepartmentKey),
                }, ct);
            }
            return found;
        }, ct);
    }

    /// <summary>
    /// The case if the person may open it, without recording an access: for access checks and for what shows no
    /// personal data (the process diagram).
    /// </summary>
    public Task<CaseRecord?> CheckAsync(Guid tenantId, StaffMember me, Guid caseId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, (c, tx) => FindAsync(c, tx, me, caseId, ct), ct);

    private static Task<CaseRecord?> FindAsync(NpgsqlConnection c, NpgsqlTransaction tx, StaffMember me, Guid caseId, CancellationToken ct)
    {
        var args = new DynamicParameters(TaskInbox.Who(me));
        args.Add("caseId", caseId);
        return c.QuerySingleOrDefaultAsync<CaseRecord>(new CommandDefinition($"""
            SELECT c.id, c.reference, c.service_id, c.service_version, c.department_key, d.name AS department_name, c.channel, c.status,
                   c.milestone, c.submitted_at, c.closed_at, c.process_instance_id, c.data::text AS data,
                   (SELECT count(*)::integer FROM print_actions pa WHERE pa.case_id = c.id) AS prints
            FROM cases c
            LEFT JOIN departments d ON d.key = c.department_key
            WHERE c.id = @caseId AND {MayOpen}
            """, args, tx, cancellationToken: ct));
    }

    public Task<IReadOnlyList<CaseDocumentRecord>> DocumentsAsync(Guid tenantId, Guid caseId, CancellationToken ct = default) =>
        db.InTenantAsync<IReadOnlyList<CaseDocumentRecord>>(tenantId, async (c, tx) => (await c.QueryAsync<CaseDocumentRecord>(new CommandDefinition("""
            SELECT d.id, d.kind, d.title, d.field_path, d.file_name, d.content_type, d.size, d.sha256, d.created_at,
                   (SELECT count(*)::integer FROM print_actions pa WHERE pa.document_id = d.id) AS prints
            FROM case_documents d
            WHERE d.case_id = @caseId
            ORDER BY d.created_at, d.id
            """, new { caseId }, tx, cancellationToken: ct))).ToList(), ct);

    /// <summary>
    /// Opens a document of a case the person may open, recording the access (<paramref name="action"/>: viewed or
    /// printed); null when the case or the document is not theirs to see. A print is also recorded as a print action,
    /// in the same transaction.
    /// </summary>
    public Task<CaseDocumentRecord?> OpenDocumentAsync(Guid tenantId, StaffMember me, Guid caseId, Guid documentId, bool print, string? correlationId,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        return db.InTenantAsync(tenantId, async (c, tx) =>
        {
            if (await FindAsync(c, tx, me, caseId, ct) is not { } found)
            {
                return null;
            }
            var document = await c.QuerySingleOrDefaultAsync<CaseDocumentRecord>(new CommandDefinition("""
                SELECT d.id, d.kind, d.title, d.field_path, d.file_name, d.content_type, d.size, d.sha256, d.created_at
                FROM case_documents d WHERE d.id = @documentId AND d.case_id = @caseId
                """, new { documentId, caseId }, tx, cancellationToken: ct));
            if (document is null)
            {
                return null;
            }
            if (print)
            {
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO print_actions (tenant_id, case_id, document_id, staff_id, at) VALUES (@tenantId, @caseId, @documentId, @staffId, @at)
                    """, new { tenantId, caseId, documentId, staffId = me.Id, at = time.GetUtcNow() }, tx, cancellationToken: ct));
            }
            await audit.AppendAsync(c, tx, tenantId, new AuditEntry("staff", me.Id.ToString(), print ? "document.printed" : "document.viewed",
                caseId, documentId, Purpose, correlationId) { Role = me.AuditRole(found.DepartmentKey) }, ct);
            return document;
        }, ct);
    }

    /// <summary>Display names of staff accounts by id (e.g. who completed a task), for the timeline.</summary>
    public Task<IReadOnlyDictionary<string, string>> StaffNamesAsync(Guid tenantId, IEnumerable<string> ids, CancellationToken ct = default)
    {
        var keys = ids.Where(i => Guid.TryParse(i, out _)).Distinct().Select(Guid.Parse).ToArray();
        return keys.Length == 0
            ? Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>())
            : db.InTenantAsync<IReadOnlyDictionary<string, string>>(tenantId, async (c, tx) =>
                (await c.QueryAsync<(Guid Id, string Name)>(new CommandDefinition(
                    "SELECT id, display_name FROM staff_accounts WHERE id = ANY (@keys)", new { keys }, tx, cancellationToken: ct)))
                .ToDictionary(r => r.Id.ToString(), r => r.Name), ct);
    }

    public Task<IReadOnlyList<CaseNote>> NotesAsync(Guid tenantId, Guid caseId, CancellationToken ct = default) =>
        db.InTenantAsync<IReadOnlyList<CaseNote>>(tenantId, async (c, tx) => (await c.QueryAsync<CaseNote>(new CommandDefinition("""
            SELECT n.id, s.display_name AS author_name, n.body, n.created_at
            FROM case_notes n JOIN staff_accounts s ON s.id = n.author_id
            WHERE n.case_id = @caseId
            ORDER BY n.created_at, n.id
            """, new { caseId }, tx, cancellationToken: ct))).ToList(), ct);

    /// <summary>Adds an internal note to a case the person may open; false when it is not theirs.</summary>
    public Task<bool> AddNoteAsync(Guid tenantId, StaffMember me, Guid caseId, string body, string? correlationId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        ArgumentException.ThrowIfNullOrWhiteSpace(body);
        return db.InTenantAsync(tenantId, async (c, tx) =>
        {
            if (await FindAsync(c, tx, me, caseId, ct) is not { } found)
            {
                return false;
            }
            await InsertNoteAsync(c, tx, tenantId, me, caseId, body, ct);
            await audit.AppendAsync(c, tx, tenantId, new AuditEntry("staff", me.Id.ToString(), "case.note.added", caseId, null, Purpose, correlationId)
            {
                Role = me.AuditRole(found.DepartmentKey),
            }, ct);
            return true;
        }, ct);
    }

    /// <summary>
    /// Records that a task of the case was completed (audit trail) and keeps the caseworker's comment, if any, as an
    /// internal note; called after the process accepted the completion.
    /// </summary>
    public Task RecordCompletionAsync(Guid tenantId, StaffMember me, CaseRecord record, string taskTitle, string? comment, string? correlationId,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        ArgumentNullException.ThrowIfNull(record);
        return db.InTenantAsync(tenantId, async (c, tx) =>
        {
            if (comment is not null)
            {
                await InsertNoteAsync(c, tx, tenantId, me, record.Id, $"{taskTitle}: {comment}", ct);
            }
            await audit.AppendAsync(c, tx, tenantId, new AuditEntry("staff", me.Id.ToString(), "task.completed", record.Id, null, Purpose, correlationId)
            {
                Role = me.AuditRole(record.DepartmentKey),
            }, ct);
        }, ct);
    }

    private Task<int> InsertNoteAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid tenantId, StaffMember me, Guid caseId, string body, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO case_notes (id, tenant_id, case_id, author_id, body, created_at) VALUES (@id, @tenantId, @caseId, @authorId, @body, @at)
            """, new { id = Guid.CreateVersion7(), tenantId, caseId, authorId = me.Id, body = body.Length > MaxNoteLength ? body[..MaxNoteLength] : body,
                at = time.GetUtcNow() }, tx, cancellationToken: ct));
}
