using System.Collections.Concurrent;
using Dapper;
using Rathaus.Platform.Blobs;
using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Records;

/// <summary>
/// Keeps the search index (<c>records_search</c>) up to date: filing a document or a version queues it (a trigger),
/// and the indexer takes the queue of a tenant, reads the newest version's text with pdftotext when it is a PDF,
/// and writes the document's row with its metadata. A document whose text cannot be read is still found by its
/// metadata; documents indexed while pdftotext was missing are queued again once it is there.
/// </summary>
public sealed class SearchIndexer(Db db, IBlobStore blobs, PdfTextExtractor pdf, TimeProvider time, ILogger<SearchIndexer> logger)
{
    private const int BatchSize = 20;

    private readonly ConcurrentDictionary<Guid, bool> _requeued = new();

    /// <summary>Indexes what the tenant's queue holds; returns how many documents were indexed.</summary>
    public async Task<int> IndexPendingAsync(Guid tenantId, CancellationToken ct)
    {
        await RequeueUnavailableOnceAsync(tenantId, ct);
        var indexed = 0;
        while (true)
        {
            var batch = (await db.InTenantAsync(tenantId, (c, tx) => c.QueryAsync<Guid>(new CommandDefinition(
                "SELECT document_id FROM records_search_queue ORDER BY queued_at, document_id LIMIT @BatchSize",
                new { BatchSize }, tx, cancellationToken: ct)), ct)).ToList();
            foreach (var documentId in batch)
            {
                if (await IndexAsync(tenantId, documentId, ct))
                {
                    indexed++;
                }
            }
            if (batch.Count < BatchSize)
            {
                return indexed;
            }
        }
    }

    private async Task RequeueUnavailableOnceAsync(Guid tenantId, CancellationToken ct)
    {
        if (!_requeued.TryAdd(tenantId, true))
        {
            return;
        }
        // Once per tenant and process: if this node can read PDFs, what was indexed without their text is read again.
        if (!await pdf.IsAvailableAsync(ct))
        {
            return;
        }
        await db.InTenantAsync(tenantId, (c, tx) => c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO records_search_queue (tenant_id, document_id)
            SELECT tenant_id, document_id FROM records_search WHERE text_status = 'unavailable'
            ON CONFLICT DO NOTHING
            """, transaction: tx, cancellationToken: ct)), ct);
    }

    private async Task<bool> IndexAsync(Guid tenantId, Guid documentId, CancellationToken ct)
    {
        var found = await db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var document = await c.QuerySingleOrDefaultAsync<DocumentRow>(new CommandDefinition("""
                SELECT d.id AS Id, d.procedure_id AS ProcedureId, p.case_id AS CaseId,
                       coalesce(c.department_key, f.department_key) AS DepartmentKey,
                       d.title AS Title, coalesce(d.reference, p.reference) AS Reference, f.file_plan_number AS FilePlanNumber,
                       f.title AS FileTitle, d.type AS Type, d.created_at AS FiledAt
                FROM records_documents d
                JOIN record_procedures p ON p.id = d.procedure_id
                JOIN record_files f ON f.id = p.file_id
                LEFT JOIN cases c ON c.id = p.case_id
                WHERE d.id = @documentId
                """, new { documentId }, tx, cancellationToken: ct));
            var version = document is null ? null : await c.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition("""
                SELECT version AS Version, content_type AS ContentType, sha256 AS Sha256
                FROM records_document_versions WHERE document_id = @documentId ORDER BY version DESC LIMIT 1
                """, new { documentId }, tx, cancellationToken: ct));
            return (document, version);
        }, ct);
        if (found.document is not { } document || found.version is not { } version)
        {
            // Not (yet) a records document, e.g. a case filed before the E-Akte existed: nothing to index.
            await db.InTenantAsync(tenantId, (c, tx) => c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM records_search_queue WHERE document_id = @documentId", new { documentId }, tx, cancellationToken: ct)), ct);
            return false;
        }
        var (status, body) = ("none", "");
        if (IsPdf(version.ContentType))
        {
            await using var content = await blobs.OpenReadAsync(version.Sha256, ct);
            if (content is null)
            {
                logger.LogWarning("The content {Sha256} of document {Document} is missing in the blob store; it is indexed by its metadata.",
                    version.Sha256, documentId);
                status = "failed";
            }
            else
            {
                var (outcome, text) = await pdf.ExtractAsync(content, ct);
                (status, body) = outcome switch
                {
                    PdfTextOutcome.Extracted => ("extracted", text),
                    PdfTextOutcome.Unavailable => ("unavailable", ""),
                    _ => ("failed", ""),
                };
            }
        }
        await db.InTenantAsync(tenantId, async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO records_search (document_id, tenant_id, procedure_id, case_id, department_key, title, reference, file_plan_number,
                                            file_title, type, filed_at, version, text_status, body, indexed_at)
                VALUES (@Id, @tenantId, @ProcedureId, @CaseId, @DepartmentKey, @Title, @Reference, @FilePlanNumber,
                        @FileTitle, @Type, @FiledAt, @version, @status, @body, @now)
                ON CONFLICT (document_id) DO UPDATE
                SET version = EXCLUDED.version, text_status = EXCLUDED.text_status, body = EXCLUDED.body, indexed_at = EXCLUDED.indexed_at
                WHERE records_search.version <= EXCLUDED.version
                """, new
            {
                document.Id,
                tenantId,
                document.ProcedureId,
                document.CaseId,
                document.DepartmentKey,
                document.Title,
                document.Reference,
                document.FilePlanNumber,
                document.FileTitle,
                document.Type,
                document.FiledAt,
                version = version.Version,
                status,
                body,
                now = time.GetUtcNow(),
            }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM records_search_queue WHERE document_id = @documentId", new { documentId }, tx, cancellationToken: ct));
        }, ct);
        return true;
    }

    private static bool IsPdf(string contentType) =>
        contentType.Split(';')[0].Trim().Equals("application/pdf", StringComparison.OrdinalIgnoreCase);

    private sealed class DocumentRow
    {
        public Guid Id { get; init; }
        public Guid ProcedureId { get; init; }
        public Guid? CaseId { get; init; }
        public string? DepartmentKey { get; init; }
        public string Title { get; init; } = "";
        public string? Reference { get; init; }
        public string FilePlanNumber { get; init; } = "";
        public string FileTitle { get; init; } = "";
        public string? Type { get; init; }
        public DateTimeOffset FiledAt { get; init; }
    }

    private sealed class VersionRow
    {
        public int Version { get; init; }
        public string ContentType { get; init; } = "";
        public string Sha256 { get; init; } = "";
    }
}

/// <summary>Runs <see cref="SearchIndexer"/> for every tenant, every two seconds.</summary>
internal sealed class SearchIndexWriter(SearchIndexer indexer, TenantDirectory tenants, DatabaseState database, ILogger<SearchIndexWriter> logger)
    : TenantSweep(tenants, database, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(2);

    protected override string What => "Indexing documents for the search";

    protected override Task SweepAsync(Tenant tenant, CancellationToken ct) => indexer.IndexPendingAsync(tenant.Id, ct);
}
