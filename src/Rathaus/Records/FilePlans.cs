using Dapper;
using Npgsql;
using Rathaus.Cases;
using Rathaus.Platform.Database;
using static Rathaus.Records.RecordsText;

namespace Rathaus.Records;

/// <summary>Who works on the records: a staff member through the API, or the operator on the command line.</summary>
/// <param name="Kind">Audit actor kind: <c>staff</c> or <c>system</c>.</param>
/// <param name="Role">The role acted in (<c>records_manager</c>, <c>tenant_admin</c>, <c>operator</c>).</param>
public sealed record RecordsActor(string Kind, string? Id, string? Role, string? CorrelationId)
{
    public static RecordsActor Operator() => new("system", "operator:" + Environment.UserName, "operator", null);

    /// <summary>The name stored as a version's creator.</summary>
    public string Name => Id is null ? Kind : Kind + ":" + Id;
}

/// <summary>
/// The tenant's file plan (Aktenplan): import from CSV (the CSV is the whole plan and replaces the previous one),
/// the listing, the shipped default, and where a case is filed.
/// </summary>
public sealed class FilePlans(Db db, AuditTrail audit)
{
    private const string DefaultResource = "Rathaus.Records.DefaultFilePlan.csv";

    /// <summary>The default plan shipped with Rathaus, modelled after the KGSt file plan's main groups (docs/records.md).</summary>
    public static IReadOnlyList<FilePlanEntry> Default()
    {
        using var stream = typeof(FilePlans).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException("The default file plan is not embedded.");
        using var reader = new StreamReader(stream);
        return FilePlanCsv.Parse(reader.ReadToEnd());
    }

    public Task<IReadOnlyList<FilePlanEntry>> ListAsync(Guid tenantId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, (c, tx) => ListAsync(c, tx, ct), ct);

    private static async Task<IReadOnlyList<FilePlanEntry>> ListAsync(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct)
    {
        var rows = await c.QueryAsync<(string Number, string Title, int RetentionYears, string Disposal, string[] Departments)>(new CommandDefinition(
            "SELECT number, title, retention_years, disposal, departments FROM file_plan_entries", transaction: tx, cancellationToken: ct));
        return rows.Select(r => new FilePlanEntry(r.Number, r.Title, r.RetentionYears, FilePlanEntry.DisposalFromDb(r.Disposal), r.Departments))
            .OrderBy(e => e.Number, NumberOrder.Instance)
            .ToList();
    }

    /// <summary>
    /// Replaces the tenant's plan with these entries in one transaction. An entry that files of cases use cannot be
    /// left out; the refusal names it and nothing changes.
    /// </summary>
    public Task ImportAsync(Guid tenantId, IReadOnlyList<FilePlanEntry> entries, RecordsActor actor, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var numbers = entries.Select(e => e.Number).ToArray();
            var used = (await c.QueryAsync<string>(new CommandDefinition("""
                SELECT DISTINCT file_plan_number FROM record_files
                WHERE origin = 'case' AND NOT (file_plan_number = ANY(@numbers))
                ORDER BY 1
                """, new { numbers }, tx, cancellationToken: ct))).ToList();
            if (used.Count > 0)
            {
                var problems = used.Select(n => Text(
                    $"Der Eintrag {n} fehlt im neuen Aktenplan, aber Akten sind unter ihm abgelegt.",
                    $"The entry {n} is missing in the new plan, but files are filed under it.")).ToList();
                throw new RecordsException("csv-invalid", Text("Der Aktenplan wurde nicht importiert:", "The file plan was not imported:")
                    + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)), problems);
            }
            await ReplaceAsync(c, tx, tenantId, entries, ct);
            await audit.AppendAsync(c, tx, tenantId, new AuditEntry(actor.Kind, actor.Id, "records.fileplan.imported", null, null,
                $"records:fileplan:{entries.Count} entries", actor.CorrelationId) { Role = actor.Role }, ct);
        }, ct);

    /// <summary>Gives a tenant without a plan the shipped default; a tenant with a plan keeps it.</summary>
    public Task<bool> EnsureDefaultAsync(Guid tenantId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, (c, tx) => EnsureDefaultAsync(c, tx, tenantId, ct), ct);

    internal static async Task<bool> EnsureDefaultAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid tenantId, CancellationToken ct)
    {
        if (await c.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM file_plan_entries)", transaction: tx, cancellationToken: ct)))
        {
            return false;
        }
        await ReplaceAsync(c, tx, tenantId, Default(), ct);
        return true;
    }

    private static async Task ReplaceAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid tenantId, IReadOnlyList<FilePlanEntry> entries, CancellationToken ct)
    {
        // Departments are a text[] per entry; unnest cannot take a jagged array, so they travel joined by spaces.
        await c.ExecuteAsync(new CommandDefinition("""
            DELETE FROM file_plan_entries WHERE NOT (number = ANY(@numbers));
            INSERT INTO file_plan_entries (tenant_id, number, title, retention_years, disposal, departments)
            SELECT @tenantId, number, title, retention_years, disposal, coalesce(string_to_array(nullif(departments, ''), ' '), '{}')
            FROM unnest(@numbers, @titles, @retention, @disposals, @departments) AS e(number, title, retention_years, disposal, departments)
            ON CONFLICT (tenant_id, number) DO UPDATE
            SET title = excluded.title, retention_years = excluded.retention_years, disposal = excluded.disposal,
                departments = excluded.departments
            """, new
        {
            tenantId,
            numbers = entries.Select(e => e.Number).ToArray(),
            titles = entries.Select(e => e.Title).ToArray(),
            retention = entries.Select(e => e.RetentionYears).ToArray(),
            disposals = entries.Select(e => FilePlanEntry.DisposalToDb(e.Disposal)).ToArray(),
            departments = entries.Select(e => string.Join(' ', e.Departments)).ToArray(),
        }, tx, cancellationToken: ct));
    }

    /// <summary>Orders 1, 1.2, 1.10, 2 by their numeric parts, not as text.</summary>
    internal sealed class NumberOrder : IComparer<string>
    {
        public static readonly NumberOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = (x ?? "").Split('.');
            var b = (y ?? "").Split('.');
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var byNumber = long.TryParse(a[i], out var m) && long.TryParse(b[i], out var n) ? m.CompareTo(n) : string.CompareOrdinal(a[i], b[i]);
                if (byNumber != 0)
                {
                    return byNumber;
                }
            }
            return a.Length.CompareTo(b.Length);
        }
    }
}
