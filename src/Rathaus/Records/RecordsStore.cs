using System.Globalization;
using Dapper;
using Npgsql;
using Rathaus.Cases;
using Rathaus.Platform.Blobs;
using Rathaus.Platform.Database;
using static Rathaus.Records.RecordsText;

namespace Rathaus.Records;

/// <summary>
/// Reads the E-Akte (files, procedures, documents, versions) and adds versions. A document's content never
/// changes: a correction is a new version with its own blob; the application's role cannot update or delete
/// versions (docs/records.md).
/// </summary>
public sealed class RecordsStore(Db db, IBlobStore blobs, AuditTrail audit, TimeProvider time)
{
    public const long MaxVersionBytes = 100L * 1024 * 1024;

    /// <summary>The tenant's files; with <paramref name="dueBy"/> only those whose disposal date has come and that have no open procedure.</summary>
    public Task<IReadOnlyList<RecordFileSummary>> ListFilesAsync(Guid tenantId, DateOnly? dueBy = null, CancellationToken ct = default) =>
        db.InTenantAsync<IReadOnlyList<RecordFileSummary>>(tenantId, async (c, tx) =>
        {
            var rows = await c.QueryAsync<FileRow>(new CommandDefinition("""
                SELECT f.id AS Id, f.file_plan_number AS FilePlanNumber, f.title AS Title, f.reference AS Reference,
                       f.department_key AS DepartmentKey, f.opened_on AS OpenedOn, f.closed_on AS ClosedOn,
                       f.disposal_due AS DisposalDue, f.retention_years AS RetentionYears, f.disposal AS Disposal, f.origin AS Origin,
                       (SELECT count(*) FROM record_procedures p WHERE p.file_id = f.id)::integer AS Procedures,
                       (SELECT count(*) FROM record_procedures p WHERE p.file_id = f.id AND p.closed_on IS NULL)::integer AS OpenProcedures,
                       f.disposed_at AS DisposedAt
                FROM record_files f
                WHERE @dueBy::date IS NULL
                   OR (f.disposal_due <= @dueBy::date AND f.disposed_at IS NULL AND NOT EXISTS (SELECT 1 FROM record_procedures p WHERE p.file_id = f.id AND p.closed_on IS NULL))
                ORDER BY f.disposal_due NULLS LAST, f.reference
                """, new { dueBy = dueBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, tx, cancellationToken: ct));
            return rows.Select(r => new RecordFileSummary(r.Id, r.FilePlanNumber, r.Title, r.Reference, DateOnly.FromDateTime(r.OpenedOn),
                Date(r.ClosedOn), Date(r.DisposalDue), r.Disposal, r.Origin, r.Procedures, r.OpenProcedures, r.DisposedAt)).ToList();
        }, ct);

    /// <summary>The file with its procedures, documents and versions; null when the tenant has no such file.</summary>
    public Task<RecordFile?> GetFileAsync(Guid tenantId, Guid fileId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, (c, tx) => GetFileAsync(c, tx, fileId, ct), ct);

    internal static async Task<RecordFile?> GetFileAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid fileId, CancellationToken ct)
    {
        using var grid = await c.QueryMultipleAsync(new CommandDefinition("""
            SELECT f.id AS Id, f.file_plan_number AS FilePlanNumber, f.title AS Title, f.reference AS Reference,
                   f.department_key AS DepartmentKey, f.opened_on AS OpenedOn, f.closed_on AS ClosedOn, f.disposal_due AS DisposalDue,
                   f.retention_years AS RetentionYears, f.disposal AS Disposal, f.origin AS Origin, f.disposed_at AS DisposedAt
            FROM record_files f WHERE f.id = @fileId;

            SELECT p.id AS Id, p.case_id AS CaseId, p.title AS Title, p.reference AS Reference, p.type AS Type,
                   p.opened_on AS OpenedOn, p.closed_on AS ClosedOn
            FROM record_procedures p WHERE p.file_id = @fileId
            ORDER BY p.opened_on, p.reference;

            SELECT d.id AS Id, d.procedure_id AS ProcedureId, d.title AS Title, d.type AS Type, d.author AS Author,
                   d.received_on AS ReceivedOn, d.sent_on AS SentOn, d.channel AS Channel, d.reference AS Reference, d.from_case AS FromCase
            FROM records_documents d JOIN record_procedures p ON p.id = d.procedure_id
            WHERE p.file_id = @fileId
            ORDER BY d.created_at, d.title, d.id;

            SELECT v.document_id AS DocumentId, v.version AS Version, v.file_name AS FileName, v.content_type AS ContentType,
                   v.size AS Size, v.sha256 AS Sha256, v.created_at AS CreatedAt, v.created_by AS CreatedBy, v.comment AS Comment
            FROM records_document_versions v
            WHERE v.document_id IN (SELECT d.id FROM records_documents d JOIN record_procedures p ON p.id = d.procedure_id WHERE p.file_id = @fileId)
            ORDER BY v.document_id, v.version;
            """, new { fileId }, tx, cancellationToken: ct));
        var file = await grid.ReadSingleOrDefaultAsync<FileRow>();
        if (file is null)
        {
            return null;
        }
        var procedures = (await grid.ReadAsync<ProcedureRow>()).ToList();
        var documents = (await grid.ReadAsync<DocumentRow>()).ToList();
        var versions = (await grid.ReadAsync<VersionRow>()).ToLookup(v => v.DocumentId);
        return new RecordFile(file.Id, file.FilePlanNumber, file.Title, file.Reference, file.DepartmentKey, DateOnly.FromDateTime(file.OpenedOn),
            Date(file.ClosedOn), Date(file.DisposalDue), file.RetentionYears, file.Disposal, file.Origin,
            procedures.Select(p => new RecordProcedure(p.Id, p.CaseId, p.Title, p.Reference, p.Type, DateOnly.FromDateTime(p.OpenedOn), Date(p.ClosedOn),
                documents.Where(d => d.ProcedureId == p.Id).Select(d => new RecordDocument(d.Id, d.Title, d.Type, d.Author, Date(d.ReceivedOn),
                    Date(d.SentOn), d.Channel, d.Reference, file.FilePlanNumber, d.FromCase,
                    versions[d.Id].Select(v => new DocumentVersion(v.Version, v.FileName, v.ContentType, v.Size, v.Sha256, v.CreatedAt, v.CreatedBy, v.Comment))
                        .ToList())).ToList())).ToList())
        {
            DisposedAt = file.DisposedAt,
        };
    }

    /// <summary>
    /// Adds a corrected version of a document: the content goes to the blob store, the version row records it.
    /// Earlier versions stay as they are. Returns the new version.
    /// </summary>
    public async Task<DocumentVersion> AddVersionAsync(Guid tenantId, Guid documentId, Stream content, string fileName, string contentType,
        string? comment, RecordsActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var caseId = await db.InTenantAsync(tenantId, (c, tx) => FindDocumentCaseAsync(c, tx, documentId, ct), ct)
            ?? throw NotFound(documentId);
        await using var limited = new LimitedStream(content, MaxVersionBytes);
        BlobRef blob;
        try
        {
            blob = await blobs.PutAsync(limited, ct);
        }
        catch (LimitExceededException)
        {
            throw new RecordsException("too-large", Text(
                $"Eine Dokumentversion darf höchstens {MaxVersionBytes / 1024 / 1024} MB groß sein.",
                $"A document version may be at most {MaxVersionBytes / 1024 / 1024} MB."));
        }
        var createdAt = time.GetUtcNow();
        return await db.InTenantAsync(tenantId, async (c, tx) =>
        {
            // Two corrections at once take turns, so each gets its own number.
            await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtext(@id))", new { id = documentId.ToString() }, tx, cancellationToken: ct));
            var version = await c.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT coalesce(max(version), 0) + 1 FROM records_document_versions WHERE document_id = @documentId",
                new { documentId }, tx, cancellationToken: ct));
            var name = string.IsNullOrWhiteSpace(fileName) ? "Dokument" : Path.GetFileName(fileName.Trim());
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO record_document_versions (tenant_id, document_id, version, file_name, content_type, size, sha256, created_at, created_by, comment)
                VALUES (@tenantId, @documentId, @version, @name, @contentType, @Size, @Sha256, @createdAt, @createdBy, @comment)
                """, new { tenantId, documentId, version, name, contentType, blob.Size, blob.Sha256, createdAt, createdBy = actor.Name, comment },
                tx, cancellationToken: ct));
            await audit.AppendAsync(c, tx, tenantId, new AuditEntry(actor.Kind, actor.Id, "records.document.version-added", CaseOf(caseId), documentId,
                "records:correction", actor.CorrelationId) { Role = actor.Role }, ct);
            return new DocumentVersion(version, name, contentType, blob.Size, blob.Sha256, createdAt, actor.Name, comment);
        }, ct);
    }

    /// <summary>A version's metadata and content for download (the newest when <paramref name="version"/> is null); the read is audited.</summary>
    public async Task<(DocumentVersion Version, Stream Content)> OpenAsync(Guid tenantId, Guid documentId, int? version, RecordsActor actor,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var found = await db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var caseId = await FindDocumentCaseAsync(c, tx, documentId, ct);
            if (caseId is null)
            {
                return null;
            }
            var row = await c.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition("""
                SELECT v.document_id AS DocumentId, v.version AS Version, v.file_name AS FileName, v.content_type AS ContentType,
                       v.size AS Size, v.sha256 AS Sha256, v.created_at AS CreatedAt, v.created_by AS CreatedBy, v.comment AS Comment
                FROM records_document_versions v
                WHERE v.document_id = @documentId AND (@version::integer IS NULL OR v.version = @version)
                ORDER BY v.version DESC LIMIT 1
                """, new { documentId, version }, tx, cancellationToken: ct));
            if (row is not null)
            {
                await audit.AppendAsync(c, tx, tenantId, new AuditEntry(actor.Kind, actor.Id, "records.document.read", CaseOf(caseId.Value), documentId,
                    "records:access", actor.CorrelationId) { Role = actor.Role }, ct);
            }
            return row;
        }, ct) ?? throw NotFound(documentId);
        var content = await blobs.OpenReadAsync(found.Sha256, ct)
            ?? throw new InvalidOperationException($"The content {found.Sha256} of document {documentId} is missing in the blob store.");
        return (new DocumentVersion(found.Version, found.FileName, found.ContentType, found.Size, found.Sha256, found.CreatedAt, found.CreatedBy, found.Comment),
            content);
    }

    /// <summary>The document's case (Guid.Empty for a document that belongs to no case), or null when the tenant has no such document.</summary>
    private static async Task<Guid?> FindDocumentCaseAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid documentId, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<DocumentCaseRow>(new CommandDefinition("""
            SELECT d.id AS Id, p.case_id AS CaseId FROM records_documents d JOIN record_procedures p ON p.id = d.procedure_id WHERE d.id = @documentId
            """, new { documentId }, tx, cancellationToken: ct));
        return row is null ? null : row.CaseId ?? Guid.Empty;
    }

    private static Guid? CaseOf(Guid caseId) => caseId == Guid.Empty ? null : caseId;

    private static RecordsException NotFound(Guid documentId) =>
        new("not-found", Text($"Das Dokument {documentId} gibt es nicht.", $"There is no document {documentId}."));

    internal static DateOnly? Date(DateTime? value) => value is { } v ? DateOnly.FromDateTime(v) : null;

    private sealed class FileRow
    {
        public Guid Id { get; init; }
        public string FilePlanNumber { get; init; } = "";
        public string Title { get; init; } = "";
        public string Reference { get; init; } = "";
        public string? DepartmentKey { get; init; }
        public DateTime OpenedOn { get; init; }
        public DateTime? ClosedOn { get; init; }
        public DateTime? DisposalDue { get; init; }
        public int? RetentionYears { get; init; }
        public string? Disposal { get; init; }
        public string Origin { get; init; } = "";
        public int Procedures { get; init; }
        public int OpenProcedures { get; init; }
        public DateTimeOffset? DisposedAt { get; init; }
    }

    private sealed class ProcedureRow
    {
        public Guid Id { get; init; }
        public Guid? CaseId { get; init; }
        public string Title { get; init; } = "";
        public string Reference { get; init; } = "";
        public string? Type { get; init; }
        public DateTime OpenedOn { get; init; }
        public DateTime? ClosedOn { get; init; }
    }

    private sealed class DocumentRow
    {
        public Guid Id { get; init; }
        public Guid ProcedureId { get; init; }
        public string Title { get; init; } = "";
        public string? Type { get; init; }
        public string? Author { get; init; }
        public DateTime? ReceivedOn { get; init; }
        public DateTime? SentOn { get; init; }
        public string? Channel { get; init; }
        public string? Reference { get; init; }
        public bool FromCase { get; init; }
    }

    private sealed class VersionRow
    {
        public Guid DocumentId { get; init; }
        public int Version { get; init; }
        public string FileName { get; init; } = "";
        public string ContentType { get; init; } = "";
        public long Size { get; init; }
        public string Sha256 { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public string CreatedBy { get; init; } = "";
        public string? Comment { get; init; }
    }

    private sealed class DocumentCaseRow
    {
        public Guid Id { get; init; }
        public Guid? CaseId { get; init; }
    }
}
