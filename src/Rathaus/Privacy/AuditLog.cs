using System.Globalization;
using System.Text;
using Dapper;
using Rathaus.Cases;
using Rathaus.Platform.Database;

namespace Rathaus.Privacy;

/// <summary>What the auditor filters the log by; every part is optional.</summary>
/// <param name="From">First day (inclusive, German time).</param>
/// <param name="To">Last day (inclusive, German time).</param>
/// <param name="Action">Exactly this action, e.g. <c>case.viewed</c>.</param>
/// <param name="Reference">The case's reference (Aktenzeichen).</param>
/// <param name="Actor">An account id, or part of a staff member's name or e-mail address.</param>
public sealed record AuditFilter(DateOnly? From, DateOnly? To, string? Action, string? Reference, string? Actor)
{
    public override string ToString() => string.Join("; ", new[]
    {
        From is { } f ? "von " + f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
        To is { } t ? "bis " + t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
        string.IsNullOrWhiteSpace(Action) ? null : "Aktion " + Action,
        string.IsNullOrWhiteSpace(Reference) ? null : "Aktenzeichen " + Reference,
        string.IsNullOrWhiteSpace(Actor) ? null : "Handelnde " + Actor,
    }.Where(p => p is not null));
}

/// <summary>One audit entry as the auditor sees it: everything recorded, with the staff member's name and the case's reference.</summary>
public sealed class AuditRow
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    public string ActorKind { get; init; } = "";
    public string? ActorId { get; init; }
    public string? ActorName { get; init; }
    public string? ActorRole { get; init; }
    public string Action { get; init; } = "";
    public Guid? CaseId { get; init; }
    public string? CaseReference { get; init; }
    public Guid? DocumentId { get; init; }
    public string Purpose { get; init; } = "";
    public string? CorrelationId { get; init; }

    /// <summary>Linked into the tenant's hash chain already (otherwise pending, docs/audit.md).</summary>
    public bool Chained { get; init; }
}

/// <summary>The chain's state without recomputing it: links so far and entries waiting to be linked.</summary>
public sealed record ChainStatus(long Links, long Pending);

/// <summary>
/// The auditor's view of the tenant's audit trail (row-level security keeps it to the tenant): filtered, newest first,
/// paged by entry id, and exported as CSV in batches so that memory stays bounded.
/// </summary>
public sealed class AuditLog(Db db, AuditTrail audit)
{
    public const int PageSize = 50;
    private const int ExportBatch = 1000;

    public Task<IReadOnlyList<AuditRow>> PageAsync(Guid tenantId, AuditFilter filter, long? before, int size, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var from = filter.From is { } f ? Start(f) : (DateTimeOffset?)null;
        var to = filter.To is { } t ? Start(t.AddDays(1)) : (DateTimeOffset?)null;
        var actor = string.IsNullOrWhiteSpace(filter.Actor) ? null : filter.Actor.Trim();
        return db.InTenantAsync<IReadOnlyList<AuditRow>>(tenantId, async (c, tx) => (await c.QueryAsync<AuditRow>(new CommandDefinition("""
            SELECT e.id, e.at, e.actor_kind, e.actor_id, s.display_name AS actor_name, e.actor_role, e.action, e.case_id,
                   c.reference AS case_reference, e.document_id, e.purpose, e.correlation_id,
                   EXISTS (SELECT 1 FROM audit_chain l WHERE l.entry_id = e.id) AS chained
            FROM audit_entries e
            LEFT JOIN cases c ON c.id = e.case_id
            LEFT JOIN staff_accounts s ON e.actor_kind = 'staff' AND s.id::text = e.actor_id
            WHERE (@before::bigint IS NULL OR e.id < @before)
              AND (@from::timestamptz IS NULL OR e.at >= @from)
              AND (@to::timestamptz IS NULL OR e.at < @to)
              AND (@action::text IS NULL OR e.action = @action)
              AND (@reference::text IS NULL OR c.reference = @reference)
              AND (@actor::text IS NULL OR e.actor_id = @actor
                   OR (e.actor_kind = 'staff' AND EXISTS (SELECT 1 FROM staff_accounts a WHERE a.id::text = e.actor_id
                        AND (a.display_name ILIKE '%' || @actorPattern || '%' OR a.email ILIKE '%' || @actorPattern || '%'))))
            ORDER BY e.id DESC
            LIMIT @size
            """, new
        {
            before,
            from,
            to,
            action = string.IsNullOrWhiteSpace(filter.Action) ? null : filter.Action.Trim(),
            reference = string.IsNullOrWhiteSpace(filter.Reference) ? null : filter.Reference.Trim(),
            actor,
            actorPattern = actor is null ? null : Like(actor),
            size,
        }, tx, cancellationToken: ct))).ToList(), ct);
    }

    /// <summary>The actions recorded in the tenant's log, for the filter's choice (one index probe per action, not a scan of the log).</summary>
    public Task<IReadOnlyList<string>> ActionsAsync(Guid tenantId, CancellationToken ct = default) =>
        db.InTenantAsync<IReadOnlyList<string>>(tenantId, async (c, tx) => (await c.QueryAsync<string>(new CommandDefinition(
            """
            WITH RECURSIVE actions AS (
                SELECT min(action) AS action FROM audit_entries WHERE tenant_id = rathaus_current_tenant()
                UNION ALL
                SELECT (SELECT min(e.action) FROM audit_entries e WHERE e.tenant_id = rathaus_current_tenant() AND e.action > a.action)
                FROM actions a WHERE a.action IS NOT NULL)
            SELECT action FROM actions WHERE action IS NOT NULL
            """, transaction: tx, cancellationToken: ct))).ToList(), ct);

    public Task<ChainStatus> ChainStatusAsync(Guid tenantId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var (links, pending) = await c.QuerySingleAsync<(long, long)>(new CommandDefinition("""
                SELECT (SELECT coalesce(max(seq), 0) FROM audit_chain WHERE tenant_id = rathaus_current_tenant()), (SELECT count(*) FROM audit_chain_queue)
                """, transaction: tx, cancellationToken: ct));
            return new ChainStatus(links, pending);
        }, ct);

    /// <summary>Records that the auditor exported entries (committed before the export is sent).</summary>
    public Task RecordExportAsync(Guid tenantId, Guid auditorId, AuditFilter filter, string? correlationId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, (c, tx) => audit.AppendAsync(c, tx, tenantId,
            new AuditEntry("staff", auditorId.ToString(), "audit.exported", null, null, "Datenschutzkontrolle: " + (filter.ToString() is { Length: > 0 } f ? f : "alle Einträge"),
                correlationId) { Role = Platform.Identity.Roles.Auditor }, ct), ct);

    /// <summary>Writes the filtered entries as CSV, newest first, a batch at a time.</summary>
    public async Task WriteCsvAsync(Guid tenantId, AuditFilter filter, Stream output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteAsync(Csv.Bom, ct);
        await WriteAsync(output, Csv.Line("id", "at_utc", "actor_kind", "actor_id", "actor_name", "actor_role", "action", "case_reference", "case_id",
            "document_id", "purpose", "correlation_id", "chained"), ct);
        long? before = null;
        while (true)
        {
            var batch = await PageAsync(tenantId, filter, before, ExportBatch, ct);
            var text = new StringBuilder();
            foreach (var r in batch)
            {
                text.Append(Csv.Line(r.Id.ToString(CultureInfo.InvariantCulture), r.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                    r.ActorKind, r.ActorId, r.ActorName, r.ActorRole, r.Action, r.CaseReference, r.CaseId?.ToString(), r.DocumentId?.ToString(), r.Purpose,
                    r.CorrelationId, r.Chained ? "yes" : "pending"));
            }
            await WriteAsync(output, text.ToString(), ct);
            await output.FlushAsync(ct);
            if (batch.Count < ExportBatch)
            {
                return;
            }
            before = batch[^1].Id;
        }
    }

    private static Task WriteAsync(Stream target, string text, CancellationToken ct) => target.WriteAsync(Encoding.UTF8.GetBytes(text), ct).AsTask();

    private static DateTimeOffset Start(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Rathaus.Forms.FormClock.InGermany(new DateTimeOffset(local, TimeSpan.Zero)).Offset).ToUniversalTime();
    }

    private static string Like(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
