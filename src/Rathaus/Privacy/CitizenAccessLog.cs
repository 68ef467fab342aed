using Dapper;
using Rathaus.Platform.Database;

namespace Rathaus.Privacy;

/// <summary>Texts of the data cockpit, the data export and the audit log browser (Resources/Privacy/PrivacyText.resx and .en.resx).</summary>
#pragma warning disable CA1052 // Names the resource for the localizer; never instantiated.
public sealed class PrivacyText
#pragma warning restore CA1052
{
    private PrivacyText()
    {
    }
}

/// <summary>
/// One entry of the audit trail as the citizen it concerns sees it: which department (in which role) did what with
/// which of their data, when and why. The individual member of staff is not named (docs/privacy.md).
/// </summary>
public sealed class CitizenAccess
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    public string ActorKind { get; init; } = "";
    public string? ActorRole { get; init; }

    /// <summary>The citizen did this themselves (signed in, read a message, submitted).</summary>
    public bool BySelf { get; init; }

    public string Action { get; init; } = "";
    public string Purpose { get; init; } = "";
    public Guid? CaseId { get; init; }
    public string? CaseReference { get; init; }
    public string? ServiceId { get; init; }
    public string? DepartmentKey { get; init; }
    public string? DepartmentName { get; init; }

    /// <summary>The document's title or file name when it is one the citizen can see in the mailbox.</summary>
    public string? DocumentName { get; init; }

    public bool HasDocument { get; init; }

    /// <summary>For a transfer: the department that received the data, the declared fields and the legal basis.</summary>
    public string? TransferToName { get; init; }

    public string? TransferFromName { get; init; }
    public string? TransferFromReference { get; init; }
    public string[]? TransferFields { get; init; }
    public string? LegalBasis { get; init; }
}

/// <summary>
/// The data cockpit's reading of the audit trail: every entry about one of the citizen's cases (including cases another
/// department received by transfer) and the citizen's own actions without a case (sign-ins, the data export). Only
/// within the tenant; newest first, paged by entry id.
/// </summary>
public sealed class CitizenAccessLog(Db db)
{
    public const int PageSize = 50;

    /// <summary>A page of entries older than <paramref name="before"/> (null: the newest); one more than asked says there is a next page.</summary>
    public Task<IReadOnlyList<CitizenAccess>> PageAsync(Guid tenantId, Guid citizenId, long? before, int size, CancellationToken ct = default) =>
        db.InTenantAsync<IReadOnlyList<CitizenAccess>>(tenantId, async (c, tx) => (await c.QueryAsync<CitizenAccess>(new CommandDefinition("""
            WITH mine AS (
                (SELECT e.id FROM audit_entries e JOIN cases mc ON mc.id = e.case_id
                 WHERE mc.citizen_id = @citizenId AND (@before::bigint IS NULL OR e.id < @before)
                 ORDER BY e.id DESC LIMIT @size)
                UNION
                (SELECT e.id FROM audit_entries e
                 WHERE e.actor_kind = 'citizen' AND e.actor_id = @me AND e.case_id IS NULL AND (@before::bigint IS NULL OR e.id < @before)
                 ORDER BY e.id DESC LIMIT @size)
            )
            SELECT e.id, e.at, e.actor_kind, e.actor_role, (e.actor_kind = 'citizen' AND e.actor_id = @me) AS by_self,
                   e.action, e.purpose, e.case_id, c.reference AS case_reference, c.service_id, c.department_key, dep.name AS department_name,
                   e.document_id IS NOT NULL AS has_document,
                   CASE WHEN d.kind IN ('evidence', 'receipt', 'reply', 'notice') THEN coalesce(d.title, d.file_name) END AS document_name,
                   coalesce(tdep.name, t.to_department_key) AS transfer_to_name,
                   coalesce(fdep.name, fc.department_key) AS transfer_from_name, fc.reference AS transfer_from_reference,
                   t.fields AS transfer_fields, t.legal_basis
            FROM mine JOIN audit_entries e ON e.id = mine.id
            LEFT JOIN cases c ON c.id = e.case_id
            LEFT JOIN departments dep ON dep.key = c.department_key
            LEFT JOIN case_documents d ON d.id = e.document_id AND d.case_id = e.case_id
            LEFT JOIN case_transfers t ON e.action IN ('case.transferred', 'case.received') AND t.job_id = e.correlation_id
                                          AND (t.from_case_id = e.case_id OR t.to_case_id = e.case_id)
            LEFT JOIN departments tdep ON tdep.key = t.to_department_key
            LEFT JOIN cases fc ON fc.id = t.from_case_id
            LEFT JOIN departments fdep ON fdep.key = fc.department_key
            ORDER BY e.id DESC
            LIMIT @size
            """, new { citizenId, me = citizenId.ToString(), before, size }, tx, cancellationToken: ct))).ToList(), ct);

    /// <summary>Every entry, newest first, read page by page so that memory stays bounded however long the log is.</summary>
    public async IAsyncEnumerable<CitizenAccess> AllAsync(Guid tenantId, Guid citizenId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        long? before = null;
        while (true)
        {
            var page = await PageAsync(tenantId, citizenId, before, 500, ct);
            foreach (var entry in page)
            {
                yield return entry;
            }
            if (page.Count < 500)
            {
                yield break;
            }
            before = page[^1].Id;
        }
    }

    /// <summary>The departments named in a role such as <c>caseworker:ordnungsamt</c> (or several, comma-separated).</summary>
    public static IReadOnlyList<string> DepartmentsOf(string? role) =>
        role is not null && role.StartsWith("caseworker:", StringComparison.Ordinal)
            ? role["caseworker:".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];

    /// <summary>The names of the tenant's departments by key.</summary>
    public Task<IReadOnlyDictionary<string, string>> DepartmentNamesAsync(Guid tenantId, CancellationToken ct = default) =>
        db.InTenantAsync<IReadOnlyDictionary<string, string>>(tenantId, async (c, tx) =>
            (await c.QueryAsync<(string Key, string Name)>(new CommandDefinition("SELECT key, name FROM departments", transaction: tx, cancellationToken: ct)))
            .ToDictionary(d => d.Key, d => d.Name, StringComparer.Ordinal), ct);
}
