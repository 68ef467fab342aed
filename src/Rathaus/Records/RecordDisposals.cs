using System.Globalization;
using Dapper;
using Npgsql;
using Rathaus.Cases;
using Rathaus.Platform.Blobs;
using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;
using Rathaus.Records.Xdomea;
using static Rathaus.Records.RecordsText;

namespace Rathaus.Records;

/// <summary>
/// A file's disposal (Aussonderung): proposed by the daily job once its retention has ended, approved or postponed
/// by a records manager, then disposed. A disposed file's row is its tombstone.
/// </summary>
/// <param name="State"><c>proposed</c>, <c>approved</c>, <c>postponed</c> or <c>disposed</c>.</param>
/// <param name="Disposal"><c>destroy</c> or <c>archive</c> (exported as xdomea 0503 before anything is deleted).</param>
/// <param name="Title">The file's title; for a disposed file the title without personal data.</param>
/// <param name="ApprovedBy">The approving staff member's account id; <paramref name="ApprovedByName"/> their name.</param>
/// <param name="ExportProcessId">For archived files: the xdomea message's ProzessID; <paramref name="ExportSha256"/> the SHA-256 of the stored zip.</param>
public sealed record RecordDisposal(Guid FileId, string Reference, string FilePlanNumber, string Title, string Origin, DateOnly OpenedOn,
    DateOnly? ClosedOn, DateOnly DisposalDue, string Disposal, string State, DateTimeOffset ProposedAt, string? ApprovedBy, string? ApprovedByName,
    DateTimeOffset? ApprovedAt, string? PostponedByName, DateTimeOffset? PostponedAt, string? PostponeReason, DateOnly? PostponedUntil,
    Guid? ExportProcessId, string? ExportFileName, string? ExportSha256, long? ExportSize, int? Procedures, int? Documents, DateTimeOffset? DisposedAt);

/// <summary>What a disposal run did with one file.</summary>
/// <param name="BlobsDeleted">Blob files removed (content no other document shares).</param>
public sealed record DisposalRunResult(Guid FileId, string Reference, bool Exported, int BlobsDeleted);

/// <summary>
/// Disposal of files whose retention has ended (docs/records.md, "Disposal"): proposals, approval by a records
/// manager, postponement with a reason and a new date, and the run that exports archive-kind files, deletes content
/// and personal data through <c>rathaus_records_dispose_file</c> and leaves a tombstone.
/// </summary>
public sealed class RecordDisposals(Db db, IBlobStore blobs, AuditTrail audit, XdomeaTransfer transfer, TenantDirectory tenants, TimeProvider time,
    ILogger<RecordDisposals> logger)
{
    public const string Purpose = "records:disposal";

    /// <summary>Recipient named in the head of the xdomea message of archived files.</summary>
    public const string ArchiveRecipient = "Zuständiges Archiv";

    private const string Columns = """
        f.id AS FileId, f.reference AS Reference, f.file_plan_number AS FilePlanNumber, coalesce(d.title, f.title) AS Title, f.origin AS Origin,
        f.opened_on AS OpenedOn, f.closed_on AS ClosedOn, d.disposal_due AS DisposalDue, d.disposal AS Disposal, d.state AS State,
        d.proposed_at AS ProposedAt, d.approved_by AS ApprovedBy, d.approved_by_name AS ApprovedByName, d.approved_at AS ApprovedAt,
        d.postponed_by_name AS PostponedByName, d.postponed_at AS PostponedAt, d.postpone_reason AS PostponeReason, d.postponed_until AS PostponedUntil,
        d.export_process_id AS ExportProcessId, d.export_file_name AS ExportFileName, d.export_sha256 AS ExportSha256, d.export_size AS ExportSize,
        d.procedures AS Procedures, d.documents AS Documents, d.disposed_at AS DisposedAt
        """;

    // Files whose disposal date has come (in German time) and that have no open procedure and are not disposed.
    private const string DueCondition = """
        f.disposal_due IS NOT NULL AND f.disposal_due <= (@now::timestamptz AT TIME ZONE 'Europe/Berlin')::date AND f.disposed_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM record_procedures p WHERE p.file_id = f.id AND p.closed_on IS NULL)
        """;

    /// <summary>
    /// The daily job's work: proposes every due file that has no proposal yet (a file is proposed once), and
    /// proposes again a postponed file whose new date has come. Returns the number of new proposals.
    /// </summary>
    public Task<int> ProposeDueAsync(Guid tenantId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var now = time.GetUtcNow();
            var proposed = await c.ExecuteAsync(new CommandDefinition($"""
                INSERT INTO record_disposals (file_id, tenant_id, state, disposal, disposal_due, proposed_at)
                SELECT f.id, f.tenant_id, 'proposed', coalesce(f.disposal, 'archive'), f.disposal_due, @now
                FROM record_files f
                WHERE {DueCondition}
                ON CONFLICT (file_id) DO NOTHING
                """, new { now }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition($"""
                UPDATE record_disposals d SET state = 'proposed'
                FROM record_files f
                WHERE f.id = d.file_id AND d.state = 'postponed' AND d.postponed_until <= (@now::timestamptz AT TIME ZONE 'Europe/Berlin')::date
                  AND {DueCondition}
                """, new { now }, tx, cancellationToken: ct));
            return proposed;
        }, ct);

    /// <summary>The tenant's disposals (proposals, approvals, postponements, tombstones), optionally of one state; due date first.</summary>
    public Task<IReadOnlyList<RecordDisposal>> ListAsync(Guid tenantId, string? state = null, CancellationToken ct = default) =>
        db.InTenantAsync<IReadOnlyList<RecordDisposal>>(tenantId, async (c, tx) =>
            (await c.QueryAsync<Row>(new CommandDefinition($"""
                SELECT {Columns}
                FROM record_disposals d JOIN record_files f ON f.id = d.file_id
                WHERE @state::text IS NULL OR d.state = @state
                ORDER BY d.disposed_at DESC NULLS FIRST, d.disposal_due, f.reference
                """, new { state }, tx, cancellationToken: ct))).Select(r => r.ToModel()).ToList(), ct);

    /// <summary>One file's disposal or tombstone; null when the tenant has none for this file.</summary>
    public Task<RecordDisposal?> GetAsync(Guid tenantId, Guid fileId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, (c, tx) => GetAsync(c, tx, fileId, ct), ct);

    private static async Task<RecordDisposal?> GetAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid fileId, CancellationToken ct) =>
        (await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM record_disposals d JOIN record_files f ON f.id = d.file_id WHERE d.file_id = @fileId
            """, new { fileId }, tx, cancellationToken: ct)))?.ToModel();

    /// <summary>
    /// A records manager (or tenant admin) approves the disposal of a due file. A due file not yet proposed (the daily
    /// job has not run) is proposed and approved at once; a postponed file may be approved after all. Refused, with
    /// nothing changed: an unknown file (also another tenant's), a file not due or with an open procedure, one already
    /// approved or disposed, an approver who is not a records manager or tenant admin of this tenant.
    /// </summary>
    public Task<RecordDisposal> ApproveAsync(Guid tenantId, Guid fileId, Guid approverId, RecordsActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var now = time.GetUtcNow();
            var approver = await ApproverAsync(c, tx, approverId, ct);
            var current = await LockDueAsync(c, tx, fileId, now, ct);
            switch (current.State)
            {
                case "approved":
                    throw new RecordsException("already-approved", Text(
                        $"Die Aussonderung der Akte {current.Reference} wurde schon am {Day(current.ApprovedAt)} von {current.ApprovedByName} freigegeben.",
                        $"The disposal of file {current.Reference} was approved on {Day(current.ApprovedAt)} by {current.ApprovedByName} already."));
                case "disposed":
                    throw AlreadyDisposed(current.Reference);
            }
            await c.ExecuteAsync(new CommandDefinition("""
                UPDATE record_disposals SET state = 'approved', approved_by = @id, approved_by_name = @name, approved_at = @now WHERE file_id = @fileId
                """, new { id = approverId.ToString(), name = approver, now, fileId }, tx, cancellationToken: ct));
            await audit.AppendAsync(c, tx, tenantId, new AuditEntry(actor.Kind, actor.Id, "records.disposal.approved", null, fileId, Purpose,
                actor.CorrelationId) { Role = actor.Role }, ct);
            return (await GetAsync(c, tx, fileId, ct))!;
        }, ct);
    }

    /// <summary>
    /// Postpones a proposed (or approved, not yet disposed) file's disposal to <paramref name="until"/> with a reason,
    /// e.g. a pending lawsuit. The daily job proposes it again on that date.
    /// </summary>
    public Task<RecordDisposal> PostponeAsync(Guid tenantId, Guid fileId, DateOnly until, string? reason, Guid staffId, RecordsActor actor,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var why = reason?.Trim() ?? "";
        if (why.Length is 0 or > 1000)
        {
            throw new RecordsException("bad-request", Text("Bitte geben Sie einen Grund an (höchstens 1.000 Zeichen).",
                "Please give a reason (at most 1,000 characters)."));
        }
        return db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var now = time.GetUtcNow();
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Berlin).DateTime);
            if (until <= today)
            {
                throw new RecordsException("bad-request", Text($"Das neue Datum muss nach dem {today:dd.MM.yyyy} liegen.",
                    $"The new date must be after {today:yyyy-MM-dd}."));
            }
            var name = await ApproverAsync(c, tx, staffId, ct);
            var current = await LockDueAsync(c, tx, fileId, now, ct);
            if (current.State == "disposed")
            {
                throw AlreadyDisposed(current.Reference);
            }
            await c.ExecuteAsync(new CommandDefinition("""
                UPDATE record_disposals
                SET state = 'postponed', postponed_by = @id, postponed_by_name = @name, postponed_at = @now, postpone_reason = @why,
                    postponed_until = @until::date, approved_by = NULL, approved_by_name = NULL, approved_at = NULL
                WHERE file_id = @fileId
                """, new { id = staffId.ToString(), name, now, why, until = until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), fileId },
                tx, cancellationToken: ct));
            await audit.AppendAsync(c, tx, tenantId, new AuditEntry(actor.Kind, actor.Id, "records.disposal.postponed", null, fileId, Purpose,
                actor.CorrelationId) { Role = actor.Role }, ct);
            return (await GetAsync(c, tx, fileId, ct))!;
        }, ct);
    }

    /// <summary>
    /// Disposes approved files (all of the tenant's, or those named): archive-kind files are first exported as an
    /// xdomea 0503 message stored in the blob store; then, in one transaction, the audit entries are written and
    /// <c>rathaus_records_dispose_file</c> deletes the content and personal data; last, the blob files no other
    /// document names are removed. A run that stopped half-way is completed by the next one.
    /// </summary>
    public async Task<IReadOnlyList<DisposalRunResult>> RunAsync(Guid tenantId, RecordsActor actor, IReadOnlyList<Guid>? fileIds = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var tenant = await tenants.FindByIdAsync(tenantId, ct) ?? throw new InvalidOperationException($"There is no tenant {tenantId}.");
        var named = fileIds?.Distinct().ToList();
        var approved = await db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var list = (await c.QueryAsync<Row>(new CommandDefinition($"""
                SELECT {Columns} FROM record_disposals d JOIN record_files f ON f.id = d.file_id
                WHERE d.state = 'approved' OR (@all AND d.state = 'disposed' AND cardinality(d.blobs_pending) > 0)
                   OR (d.file_id = ANY (@named) AND d.state = 'disposed' AND cardinality(d.blobs_pending) > 0)
                ORDER BY d.approved_at
                """, new { all = named is null, named = named?.ToArray() ?? [] }, tx, cancellationToken: ct))).Select(r => r.ToModel()).ToList();
            if (named is not null)
            {
                foreach (var id in named)
                {
                    if (list.Any(d => d.FileId == id))
                    {
                        continue;
                    }
                    var found = await GetAsync(c, tx, id, ct);
                    throw found is null
                        ? await NotProposedAsync(c, tx, id, ct)
                        : found.State == "disposed"
                            ? AlreadyDisposed(found.Reference)
                            : new RecordsException("not-approved", Text(
                                $"Die Aussonderung der Akte {found.Reference} ist nicht freigegeben.",
                                $"The disposal of file {found.Reference} has not been approved."));
                }
                list = list.Where(d => named.Contains(d.FileId)).ToList();
            }
            return list;
        }, ct);

        var results = new List<DisposalRunResult>();
        foreach (var disposal in approved)
        {
            var exported = false;
            if (disposal.State == "approved")
            {
                if (disposal.Disposal == "archive" && disposal.ExportSha256 is null)
                {
                    await ExportAsync(tenant, disposal.FileId, actor, ct);
                    exported = true;
                }
                await DisposeAsync(tenantId, disposal.FileId, actor, ct);
            }
            var deleted = await DeletePendingBlobsAsync(tenantId, disposal.FileId, ct);
            results.Add(new DisposalRunResult(disposal.FileId, disposal.Reference, exported || disposal.ExportSha256 is not null, deleted));
        }
        return results;
    }

    /// <summary>The xdomea message of an archive-kind file, stored as a blob and recorded before anything is deleted.</summary>
    private async Task ExportAsync(Tenant tenant, Guid fileId, RecordsActor actor, CancellationToken ct)
    {
        await using var buffer = new FileStream(Path.Combine(Path.GetTempPath(), "rathaus-disposal-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var result = await transfer.ExportAsync(tenant, [fileId], ArchiveRecipient, actor, buffer, ct);
        buffer.Position = 0;
        var blob = await blobs.PutAsync(buffer, ct);
        await db.InTenantAsync(tenant.Id, (c, tx) => c.ExecuteAsync(new CommandDefinition("""
            UPDATE record_disposals SET export_process_id = @ProcessId, export_file_name = @FileName, export_sha256 = @Sha256, export_size = @Size
            WHERE file_id = @fileId AND state = 'approved'
            """, new { result.ProcessId, result.FileName, blob.Sha256, blob.Size, fileId }, tx, cancellationToken: ct)), ct);
    }

    private Task DisposeAsync(Guid tenantId, Guid fileId, RecordsActor actor, CancellationToken ct) =>
        db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var now = time.GetUtcNow();
            var file = await LockDueAsync(c, tx, fileId, now, ct);
            if (file.State != "approved")
            {
                return;
            }
            var cases = (await c.QueryAsync<Guid>(new CommandDefinition(
                "SELECT case_id FROM record_procedures WHERE file_id = @fileId AND case_id IS NOT NULL ORDER BY case_id",
                new { fileId }, tx, cancellationToken: ct))).ToList();
            foreach (var caseId in cases)
            {
                await audit.AppendAsync(c, tx, tenantId, new AuditEntry(actor.Kind, actor.Id, "records.case.disposed", caseId, fileId, Purpose,
                    actor.CorrelationId) { Role = actor.Role }, ct);
            }
            await audit.AppendAsync(c, tx, tenantId, new AuditEntry(actor.Kind, actor.Id, "records.file.disposed", null, fileId, Purpose,
                actor.CorrelationId) { Role = actor.Role }, ct);
            var unreferenced = (await c.QueryAsync<string>(new CommandDefinition(
                "SELECT sha256 FROM rathaus_records_dispose_file(@fileId, @now)", new { fileId, now }, tx, cancellationToken: ct))).ToArray();
            await c.ExecuteAsync(new CommandDefinition("UPDATE record_disposals SET blobs_pending = @unreferenced WHERE file_id = @fileId",
                new { unreferenced, fileId }, tx, cancellationToken: ct));
        }, ct);

    /// <summary>Removes the blob files the disposal left unreferenced, unless a document filed meanwhile names the same content.</summary>
    private async Task<int> DeletePendingBlobsAsync(Guid tenantId, Guid fileId, CancellationToken ct)
    {
        var pending = await db.InTenantAsync(tenantId, (c, tx) => c.QuerySingleOrDefaultAsync<string[]>(new CommandDefinition(
            "SELECT blobs_pending FROM record_disposals WHERE file_id = @fileId AND state = 'disposed'", new { fileId }, tx, cancellationToken: ct)), ct) ?? [];
        var deleted = 0;
        foreach (var sha256 in pending)
        {
            var referenced = await db.InTenantAsync(tenantId, (c, tx) => c.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT rathaus_blob_referenced(@sha256)", new { sha256 }, tx, cancellationToken: ct)), ct);
            if (!referenced && await blobs.DeleteAsync(sha256, ct))
            {
                deleted++;
            }
        }
        await db.InTenantAsync(tenantId, (c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE record_disposals SET blobs_pending = '{}' WHERE file_id = @fileId", new { fileId }, tx, cancellationToken: ct)), ct);
        if (pending.Length > 0)
        {
            logger.LogInformation("Disposal of file {FileId}: {Deleted} of {Pending} blobs removed", fileId, deleted, pending.Length);
        }
        return deleted;
    }

    /// <summary>The id of the tenant's staff account with this e-mail address (for the command line's <c>--as</c>); null if there is none.</summary>
    public Task<Guid?> FindStaffAsync(Guid tenantId, string email, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, (c, tx) => c.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM staff_accounts WHERE lower(email) = lower(@email)", new { email }, tx, cancellationToken: ct)), ct);

    /// <summary>The display name of a records manager or tenant admin of the tenant; refused for anyone else.</summary>
    private static async Task<string> ApproverAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid staffId, CancellationToken ct) =>
        await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition("""
            SELECT display_name FROM staff_accounts
            WHERE id = @staffId AND NOT disabled AND roles && ARRAY['records_manager', 'tenant_admin']
            """, new { staffId }, tx, cancellationToken: ct))
        ?? throw new RecordsException("not-permitted", Text(
            "Nur eine Person mit der Rolle Registratur oder Mandantenverwaltung kann über eine Aussonderung entscheiden.",
            "Only a person with the role records manager or tenant admin can decide on a disposal."));

    /// <summary>
    /// The file's disposal row, locked, after checking that the file is due: proposes a due file without a proposal.
    /// Refuses an unknown file, one not due, one with an open procedure.
    /// </summary>
    private static async Task<RecordDisposal> LockDueAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid fileId, DateTimeOffset now, CancellationToken ct)
    {
        var file = await c.QuerySingleOrDefaultAsync<DueRow>(new CommandDefinition($"""
            SELECT f.reference AS Reference, f.disposal_due AS DisposalDue, f.disposed_at AS DisposedAt,
                   (SELECT count(*) FROM record_procedures p WHERE p.file_id = f.id AND p.closed_on IS NULL)::integer AS OpenProcedures,
                   (SELECT count(*) FROM record_procedures p JOIN cases c ON c.id = p.case_id JOIN process_instances i ON i.id = c.process_instance_id
                    WHERE p.file_id = f.id AND i.status = 'active')::integer AS RunningProcesses
            FROM record_files f WHERE f.id = @fileId
            FOR UPDATE
            """, new { fileId }, tx, cancellationToken: ct))
            ?? throw new RecordsException("not-found", Text($"Die Akte {fileId} gibt es nicht.", $"There is no file {fileId}."));
        if (file.DisposedAt is null)
        {
            if (file.OpenProcedures > 0)
            {
                throw new RecordsException("open-procedure", Text(
                    $"Die Akte {file.Reference} hat noch {file.OpenProcedures} offene(n) Vorgang/Vorgänge; sie kann erst ausgesondert werden, wenn alle abgeschlossen sind.",
                    $"File {file.Reference} still has {file.OpenProcedures} open procedure(s); it can be disposed of only when all are closed."));
            }
            if (file.RunningProcesses > 0)
            {
                throw new RecordsException("process-running", Text(
                    $"Zur Akte {file.Reference} läuft noch ein Prozess; sie kann erst ausgesondert werden, wenn er beendet ist.",
                    $"A process of file {file.Reference} is still running; it can be disposed of only when it has ended."));
            }
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Berlin).DateTime);
            if (file.DisposalDue is null || DateOnly.FromDateTime(file.DisposalDue.Value) > today)
            {
                throw new RecordsException("not-due", file.DisposalDue is null
                    ? Text($"Die Aufbewahrungsfrist der Akte {file.Reference} läuft noch nicht ab.", $"The retention period of file {file.Reference} has not started to end.")
                    : Text($"Die Aufbewahrungsfrist der Akte {file.Reference} endet erst am {file.DisposalDue:dd.MM.yyyy}.",
                        $"The retention period of file {file.Reference} ends only on {file.DisposalDue:yyyy-MM-dd}."));
            }
            await c.ExecuteAsync(new CommandDefinition($"""
                INSERT INTO record_disposals (file_id, tenant_id, state, disposal, disposal_due, proposed_at)
                SELECT f.id, f.tenant_id, 'proposed', coalesce(f.disposal, 'archive'), f.disposal_due, @now FROM record_files f WHERE f.id = @fileId
                ON CONFLICT (file_id) DO NOTHING
                """, new { fileId, now }, tx, cancellationToken: ct));
        }
        return (await GetAsync(c, tx, fileId, ct))!;
    }

    private static async Task<RecordsException> NotProposedAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid fileId, CancellationToken ct) =>
        await c.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM record_files WHERE id = @fileId)", new { fileId }, tx,
            cancellationToken: ct))
            ? new RecordsException("not-approved", Text($"Die Aussonderung der Akte {fileId} ist nicht freigegeben.",
                $"The disposal of file {fileId} has not been approved."))
            : new RecordsException("not-found", Text($"Die Akte {fileId} gibt es nicht.", $"There is no file {fileId}."));

    private static RecordsException AlreadyDisposed(string reference) => new("already-disposed", Text(
        $"Die Akte {reference} ist schon ausgesondert.", $"File {reference} has been disposed of already."));

    private static string Day(DateTimeOffset? at) =>
        at is { } a ? TimeZoneInfo.ConvertTime(a, Berlin).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";

    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private sealed class DueRow
    {
        public string Reference { get; init; } = "";
        public DateTime? DisposalDue { get; init; }
        public DateTimeOffset? DisposedAt { get; init; }
        public int OpenProcedures { get; init; }
        public int RunningProcesses { get; init; }
    }

    private sealed class Row
    {
        public Guid FileId { get; init; }
        public string Reference { get; init; } = "";
        public string FilePlanNumber { get; init; } = "";
        public string Title { get; init; } = "";
        public string Origin { get; init; } = "";
        public DateTime OpenedOn { get; init; }
        public DateTime? ClosedOn { get; init; }
        public DateTime DisposalDue { get; init; }
        public string Disposal { get; init; } = "";
        public string State { get; init; } = "";
        public DateTimeOffset ProposedAt { get; init; }
        public string? ApprovedBy { get; init; }
        public string? ApprovedByName { get; init; }
        public DateTimeOffset? ApprovedAt { get; init; }
        public string? PostponedByName { get; init; }
        public DateTimeOffset? PostponedAt { get; init; }
        public string? PostponeReason { get; init; }
        public DateTime? PostponedUntil { get; init; }
        public Guid? ExportProcessId { get; init; }
        public string? ExportFileName { get; init; }
        public string? ExportSha256 { get; init; }
        public long? ExportSize { get; init; }
        public int? Procedures { get; init; }
        public int? Documents { get; init; }
        public DateTimeOffset? DisposedAt { get; init; }

        public RecordDisposal ToModel() => new(FileId, Reference, FilePlanNumber, Title, Origin, DateOnly.FromDateTime(OpenedOn),
            RecordsStore.Date(ClosedOn), DateOnly.FromDateTime(DisposalDue), Disposal, State, ProposedAt, ApprovedBy, ApprovedByName, ApprovedAt,
            PostponedByName, PostponedAt, PostponeReason, RecordsStore.Date(PostponedUntil), ExportProcessId, ExportFileName, ExportSha256, ExportSize,
            Procedures, Documents, DisposedAt);
    }
}

/// <summary>Settings of the disposal proposals (section <c>Records</c>).</summary>
public sealed class DisposalOptions
{
    public const string Section = "Records";

    /// <summary>How often due files are proposed for disposal (default once a day; the first round runs at start).</summary>
    public TimeSpan DisposalProposalInterval { get; set; } = TimeSpan.FromDays(1);
}

/// <summary>The daily job: proposes each tenant's due files for disposal to its records managers.</summary>
internal sealed class DisposalProposer(RecordDisposals disposals, TenantDirectory tenants, DatabaseState database,
    Microsoft.Extensions.Options.IOptions<DisposalOptions> options, ILogger<DisposalProposer> logger) : TenantSweep(tenants, database, logger)
{
    protected override TimeSpan Interval => options.Value.DisposalProposalInterval;

    protected override string What => "Proposing due files for disposal";

    protected override Task SweepAsync(Tenant tenant, CancellationToken ct) => disposals.ProposeDueAsync(tenant.Id, ct);
}
