using Dapper;
using Rathaus.Platform.Database;

namespace Rathaus.Cases;

/// <summary>What the applicant's receipt page shows of a submitted case.</summary>
public sealed class CaseReceipt
{
    public Guid CaseId { get; init; }
    public string Reference { get; init; } = "";
    public string ServiceId { get; init; } = "";
    public DateTimeOffset SubmittedAt { get; init; }
    public Guid? ReceiptId { get; init; }
    public string? ReceiptFileName { get; init; }
    public string? ReceiptSha256 { get; init; }
}

/// <summary>Reads a case's receipt for its applicant and records each download in the audit trail.</summary>
public sealed class CaseReceipts(Db db, AuditTrail audit)
{
    public Task<CaseReceipt?> FindAsync(Guid tenantId, Guid caseId, CancellationToken ct) =>
        db.InTenantAsync(tenantId, (c, tx) => c.QuerySingleOrDefaultAsync<CaseReceipt>(new CommandDefinition("""
            SELECT c.id AS CaseId, c.reference AS Reference, c.service_id AS ServiceId, c.submitted_at AS SubmittedAt,
                   d.id AS ReceiptId, d.file_name AS ReceiptFileName, d.sha256 AS ReceiptSha256
            FROM cases c
            LEFT JOIN case_documents d ON d.case_id = c.id AND d.kind = 'receipt'
            WHERE c.id = @caseId
            """, new { caseId }, tx, cancellationToken: ct)), ct);

    /// <summary>Notes that the applicant fetched the receipt (it holds personal data).</summary>
    public Task RecordDownloadAsync(Guid tenantId, CaseReceipt receipt, IntakeActor actor, string? correlationId, CancellationToken ct) =>
        db.InTenantAsync(tenantId, (c, tx) => audit.AppendAsync(c, tx, tenantId,
            new AuditEntry(actor.Kind, actor.Id, "document.downloaded", receipt.CaseId, receipt.ReceiptId, "applicant:receipt", correlationId), ct), ct);
}
