using System.Globalization;
using Dapper;
using Rathaus.Cases;
using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Portal.Applications;

/// <summary>
/// Writes the receipts of submitted cases after they were acknowledged. Rendering a PDF costs more than storing the
/// case itself, so it is kept out of the submission: one writer per node renders pending receipts one after the
/// other (at most one core, however many applications arrive), and a receipt someone looks for first is written
/// at once. A case has exactly one receipt; two writers racing for it file one.
/// </summary>
public sealed class PendingReceipts(Db db, TenantDirectory tenants, CaseLookup cases, ApplicationServices services, ApplicationReceipts receipts)
{
    private const int BatchSize = 50;

    /// <summary>Writes the case's receipt now if it is still pending, so that whoever looks at the case's documents first finds it.</summary>
    /// <returns>True when it was pending (and is written now, by this call or a concurrent writer).</returns>
    public async Task<bool> EnsureAsync(Guid tenantId, Guid caseId, CancellationToken ct)
    {
        var isPending = await db.InTenantAsync(tenantId, (c, tx) => c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT coalesce((SELECT receipt_pending FROM cases WHERE id = @caseId), false)", new { caseId }, tx, cancellationToken: ct)), ct);
        if (isPending && await tenants.FindByIdAsync(tenantId, ct) is { } tenant && await cases.FindAsync(tenantId, caseId, ct) is { } found)
        {
            await WriteAsync(tenant, found, ct);
        }
        return isPending;
    }

    /// <summary>Writes the pending receipts of a tenant, oldest first; returns how many were written.</summary>
    public async Task<int> WritePendingAsync(Tenant tenant, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var written = 0;
        while (true)
        {
            var batch = (await db.InTenantAsync(tenant.Id, (c, tx) => c.QueryAsync<Guid>(new CommandDefinition(
                "SELECT id FROM cases WHERE receipt_pending ORDER BY submitted_at LIMIT @BatchSize",
                new { BatchSize }, tx, cancellationToken: ct)), ct)).ToList();
            foreach (var caseId in batch)
            {
                if (await cases.FindAsync(tenant.Id, caseId, ct) is { } found && await WriteAsync(tenant, found, ct))
                {
                    written++;
                }
            }
            if (batch.Count < BatchSize)
            {
                return written;
            }
        }
    }

    private async Task<bool> WriteAsync(Tenant tenant, CaseFacts pending, CancellationToken ct)
    {
        var service = await services.FindAsync(tenant.Id, pending.ServiceId, pending.ServiceVersion, ct);
        if (service?.Form is null)
        {
            // The package version is gone (it never is: versions are kept); nothing to render the receipt from.
            await db.InTenantAsync(tenant.Id, (c, tx) => c.ExecuteAsync(new CommandDefinition(
                "UPDATE cases SET receipt_pending = false WHERE id = @Id", new { pending.Id }, tx, cancellationToken: ct)), ct);
            return false;
        }
        var culture = CultureInfo.GetCultureInfo(pending.Language is "en" ? "en" : "de");
        var document = await receipts.RenderAndStoreAsync(tenant, service, pending.Data, pending.Id, pending.Reference, pending.SubmittedAt, culture, ct);
        return await db.InTenantAsync(tenant.Id, async (c, tx) =>
        {
            var filed = await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO case_documents (id, tenant_id, case_id, kind, file_name, content_type, size, sha256, created_at, title, created_by)
                VALUES (@Id, @tenantId, @caseId, 'receipt', @FileName, @ContentType, @Size, @Sha256, @createdAt, @title, 'system')
                ON CONFLICT (case_id) WHERE kind = 'receipt' DO NOTHING
                """, new
            {
                document.Id,
                tenantId = tenant.Id,
                caseId = pending.Id,
                document.FileName,
                document.ContentType,
                document.Size,
                document.Sha256,
                // The receipt belongs to the moment of submission, whenever it was rendered.
                createdAt = pending.SubmittedAt,
                title = Path.GetFileNameWithoutExtension(document.FileName),
            }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE cases SET receipt_pending = false WHERE id = @Id AND receipt_pending", new { pending.Id }, tx, cancellationToken: ct));
            return filed == 1;
        }, ct);
    }
}

/// <summary>Runs <see cref="PendingReceipts"/> for every tenant, every second.</summary>
internal sealed class PendingReceiptWriter(PendingReceipts receipts, TenantDirectory tenants, DatabaseState database,
    ILogger<PendingReceiptWriter> logger) : TenantSweep(tenants, database, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    protected override string What => "Writing pending receipts";

    protected override Task SweepAsync(Tenant tenant, CancellationToken ct) => receipts.WritePendingAsync(tenant, ct);
}
