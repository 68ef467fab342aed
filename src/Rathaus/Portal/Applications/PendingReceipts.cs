using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Rathaus.Cases;
using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Portal.Applications;

/// <summary>
/// Writes the receipts of submitted cases after they were acknowledged. Rendering a PDF costs more than storing the
/// case itself, so it is kept out of the submission: one writer per node renders pending receipts one after the
/// other (at most one core, however many applications arrive), and a receipt the applicant asks for first is
/// written at once. A case has exactly one receipt; two writers racing for it file one.
/// </summary>
public sealed class PendingReceipts(Db db, TenantDirectory tenants, ApplicationServices services, ApplicationReceipts receipts)
{
    private const int BatchSize = 50;

    /// <summary>Writes the case's receipt now if it is still pending, so that whoever looks at the case's documents first finds it.</summary>
    /// <returns>True when it was pending (and is written now, by this call or a concurrent writer).</returns>
    public async Task<bool> EnsureAsync(Guid tenantId, Guid caseId, CancellationToken ct)
    {
        var isPending = await db.InTenantAsync(tenantId, (c, tx) => c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT coalesce((SELECT receipt_pending FROM cases WHERE id = @caseId), false)", new { caseId }, tx, cancellationToken: ct)), ct);
        if (isPending)
        {
            await WriteAsync(tenantId, caseId, ct);
        }
        return isPending;
    }

    /// <summary>Writes the receipt of one case unless it exists; false when the case is unknown or its service version is gone.</summary>
    public async Task<bool> WriteAsync(Guid tenantId, Guid caseId, CancellationToken ct)
    {
        var tenant = await tenants.FindByIdAsync(tenantId, ct);
        var pending = await db.InTenantAsync(tenantId, (c, tx) => c.QuerySingleOrDefaultAsync<PendingCase>(new CommandDefinition("""
            SELECT c.id AS Id, c.reference AS Reference, c.service_id AS ServiceId, c.service_version AS ServiceVersion,
                   c.data::text AS Data, c.submitted_at AS SubmittedAt, c.language AS Language,
                   EXISTS (SELECT 1 FROM case_documents d WHERE d.case_id = c.id AND d.kind = 'receipt') AS HasReceipt
            FROM cases c WHERE c.id = @caseId
            """, new { caseId }, tx, cancellationToken: ct)), ct);
        if (tenant is null || pending is null)
        {
            return false;
        }
        return pending.HasReceipt || await WriteAsync(tenant, pending, ct);
    }

    /// <summary>Writes the pending receipts of a tenant, oldest first; returns how many were written.</summary>
    public async Task<int> WritePendingAsync(Tenant tenant, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var written = 0;
        while (true)
        {
            var batch = (await db.InTenantAsync(tenant.Id, (c, tx) => c.QueryAsync<PendingCase>(new CommandDefinition("""
                SELECT c.id AS Id, c.reference AS Reference, c.service_id AS ServiceId, c.service_version AS ServiceVersion,
                       c.data::text AS Data, c.submitted_at AS SubmittedAt, c.language AS Language, false AS HasReceipt
                FROM cases c WHERE c.receipt_pending
                ORDER BY c.submitted_at LIMIT @BatchSize
                """, new { BatchSize }, tx, cancellationToken: ct)), ct)).ToList();
            foreach (var pending in batch)
            {
                written += await WriteAsync(tenant, pending, ct) ? 1 : 0;
            }
            if (batch.Count < BatchSize)
            {
                return written;
            }
        }
    }

    private async Task<bool> WriteAsync(Tenant tenant, PendingCase pending, CancellationToken ct)
    {
        var service = await services.FindAsync(tenant.Id, pending.ServiceId, pending.ServiceVersion, ct);
        if (service?.Form is null)
        {
            // The package version is gone (it never is: versions are kept); nothing to render the receipt from.
            await db.InTenantAsync(tenant.Id, (c, tx) => c.ExecuteAsync(new CommandDefinition(
                "UPDATE cases SET receipt_pending = false WHERE id = @Id", pending, tx, cancellationToken: ct)), ct);
            return false;
        }
        var culture = CultureInfo.GetCultureInfo(pending.Language is "en" ? "en" : "de");
        var document = await receipts.RenderAndStoreAsync(tenant, service, JsonNode.Parse(pending.Data)!.AsObject(), pending.Id,
            pending.Reference, pending.SubmittedAt, culture, ct);
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
                "UPDATE cases SET receipt_pending = false WHERE id = @Id AND receipt_pending", pending, tx, cancellationToken: ct));
            return filed == 1;
        }, ct);
    }

    private sealed class PendingCase
    {
        public Guid Id { get; init; }
        public string Reference { get; init; } = "";
        public string ServiceId { get; init; } = "";
        public string ServiceVersion { get; init; } = "";
        public string Data { get; init; } = "{}";
        public DateTimeOffset SubmittedAt { get; init; }
        public string? Language { get; init; }
        public bool HasReceipt { get; init; }
    }
}

/// <summary>Runs <see cref="PendingReceipts"/> for every tenant, every second.</summary>
internal sealed class PendingReceiptWriter(PendingReceipts receipts, TenantDirectory tenants, DatabaseState database,
    ILogger<PendingReceiptWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await database.Ready.WaitAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var tenant in await tenants.ListAsync(stoppingToken))
                {
                    await receipts.WritePendingAsync(tenant, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The cases stay pending; the next round writes them.
                logger.LogWarning("Writing pending receipts failed: {Message}", e.Message);
            }
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
        }
    }
}
