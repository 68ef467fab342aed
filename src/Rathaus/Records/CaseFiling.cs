using Dapper;
using Npgsql;

namespace Rathaus.Records;

/// <summary>
/// Files a case into the E-Akte when it is submitted, inside the submission's transaction: the case becomes a
/// procedure (Vorgang) in the file (Akte) of its file-plan entry, department and year. The entry is the one the
/// service package names (<c>filePlan</c> in service.json), else the one that lists the case's department, else
/// the one marked <c>*</c>. A tenant without a plan gets the shipped default first.
/// </summary>
public sealed class CaseFiling
{
    // One statement, one round trip on the submission's hot path. The file's id is derived from its key, so
    // concurrent first submissions of a year agree on it without reading each other's uncommitted row.
    private const string FileSql = """
        WITH svc AS (
            SELECT p.service ->> 'filePlan' AS number, (p.service ->> 'retentionYears')::integer AS years,
                   coalesce(p.service -> 'name' ->> 'de', p.service_id) AS name
            FROM service_packages p
            WHERE p.tenant_id = @tenantId AND p.service_id = @serviceId AND p.version = @version
        ),
        entry AS (
            SELECT e.number, e.title, e.retention_years, e.disposal,
                   md5(@tenantId::text || '/' || e.number || '/' || @department || '/' || @year)::uuid AS file_id
            FROM file_plan_entries e
            WHERE e.number = (SELECT number FROM svc) OR @department = ANY(e.departments) OR '*' = ANY(e.departments)
            ORDER BY (e.number = (SELECT number FROM svc)) IS TRUE DESC, (@department = ANY(e.departments)) DESC
            LIMIT 1
        ),
        file AS (
            INSERT INTO record_files (id, tenant_id, file_plan_number, title, reference, department_key, year, opened_on,
                                      retention_years, disposal, origin)
            SELECT entry.file_id, @tenantId, entry.number,
                   entry.title || ' – ' || coalesce((SELECT d.name FROM departments d WHERE d.key = @department), @department) || ' ' || @year,
                   entry.number || '-' || @department || '-' || @year,
                   @department, @year, @openedOn::date, entry.retention_years, entry.disposal, 'case'
            FROM entry
            ON CONFLICT (tenant_id, file_plan_number, department_key, year) WHERE origin = 'case' DO NOTHING
        )
        INSERT INTO record_procedures (id, tenant_id, file_id, case_id, title, reference, type, opened_on, retention_years)
        SELECT @caseId, @tenantId, entry.file_id, @caseId, coalesce((SELECT name FROM svc), @serviceId), @reference, @serviceId,
               @openedOn::date, greatest(entry.retention_years, (SELECT years FROM svc))
        FROM entry
        """;

    /// <summary>Files the case; call inside the transaction that inserts it.</summary>
    public async Task FileAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenantId, Guid caseId, string reference,
        string serviceId, string serviceVersion, string departmentKey, DateTimeOffset submittedAt, CancellationToken ct)
    {
        var parameters = new
        {
            tenantId,
            caseId,
            reference,
            serviceId,
            version = serviceVersion,
            department = departmentKey,
            year = submittedAt.Year,
            openedOn = submittedAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        var filed = await connection.ExecuteAsync(new CommandDefinition(FileSql, parameters, tx, cancellationToken: ct));
        if (filed == 0 && await FilePlans.EnsureDefaultAsync(connection, tx, tenantId, ct))
        {
            filed = await connection.ExecuteAsync(new CommandDefinition(FileSql, parameters, tx, cancellationToken: ct));
        }
        if (filed == 0)
        {
            throw new InvalidOperationException("The tenant's file plan has no entry for this case (no entry marked '*').");
        }
    }
}
