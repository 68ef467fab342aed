using Dapper;
using Rathaus.Forms;
using Rathaus.Platform.Database;

namespace Rathaus.Workbench;

/// <summary>A department's open tasks and the prints of its cases in the period.</summary>
public sealed record DepartmentLoad(string Key, string Name, int Open, int Unassigned, int Overdue, int Prints);

/// <summary>A member of staff's open tasks (assigned to them) and how many of those are overdue.</summary>
public sealed record PersonLoad(Guid Id, string Name, string Departments, int Assigned, int Overdue);

/// <summary>The team lead's overview: workload per department and person, prints in a period (dates in Germany, both included).</summary>
public sealed record Workload(IReadOnlyList<DepartmentLoad> Departments, IReadOnlyList<PersonLoad> People, DateOnly From, DateOnly To, int TenantPrints);

/// <summary>
/// Where cases wait: open tasks per department (a task counts for each department it is routed to) and per person,
/// with the overdue ones (the case's processing deadline passed), and the print actions of a period. Tenant
/// administrators see every department, team leads their own. Only counts: no case content.
/// </summary>
public sealed class WorkloadOverview(Db db, TimeProvider time)
{
    private const string OpenTasks = """
        WITH open_tasks AS (
            SELECT t.id, t.assignee,
                   CASE WHEN p.service ->> 'processingDays' IS NOT NULL
                        THEN (c.submitted_at AT TIME ZONE 'Europe/Berlin')::date + (p.service ->> 'processingDays')::integer END AS due_date,
                   CASE WHEN cardinality(t.candidate_groups) > 0 THEN t.candidate_groups
                        WHEN cardinality(t.candidate_users) = 0 AND t.assignee IS NULL AND c.department_key IS NOT NULL THEN ARRAY[c.department_key]
                        ELSE '{}'::text[] END AS groups
            FROM process_user_tasks t
            JOIN process_instances i ON i.id = t.instance_id
            LEFT JOIN cases c ON c.process_instance_id = coalesce(i.parent_instance_id, i.id)
            LEFT JOIN service_packages p ON p.service_id = c.service_id AND p.version = c.service_version
            WHERE t.status = 'open')
        """;

    public Task<Workload> LoadAsync(Guid tenantId, StaffMember me, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        var args = new
        {
            all = me.IsTenantAdmin,
            departments = me.Departments.ToArray(),
            today = FormClock.Today(time).ToDateTime(TimeOnly.MinValue),
            from = from.ToDateTime(TimeOnly.MinValue),
            to = to.ToDateTime(TimeOnly.MinValue),
        };
        return db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var departments = (await c.QueryAsync<DepartmentLoad>(new CommandDefinition($"""
                {OpenTasks}
                SELECT d.key, d.name,
                       count(o.id)::integer AS open,
                       count(o.id) FILTER (WHERE o.assignee IS NULL)::integer AS unassigned,
                       count(o.id) FILTER (WHERE o.due_date < @today::date)::integer AS overdue,
                       (SELECT count(*)::integer FROM print_actions pa JOIN cases pc ON pc.id = pa.case_id
                        WHERE pc.department_key = d.key AND (pa.at AT TIME ZONE 'Europe/Berlin')::date BETWEEN @from::date AND @to::date) AS prints
                FROM departments d
                LEFT JOIN open_tasks o ON d.key = ANY (o.groups)
                WHERE @all OR d.key = ANY (@departments)
                GROUP BY d.key, d.name
                ORDER BY d.name
                """, args, tx, cancellationToken: ct))).ToList();
            var people = (await c.QueryAsync<PersonLoad>(new CommandDefinition($"""
                {OpenTasks}
                SELECT s.id, s.display_name AS name, string_agg(DISTINCT d.name, ', ') AS departments,
                       (SELECT count(*)::integer FROM open_tasks o WHERE o.assignee = s.id::text OR lower(o.assignee) = lower(s.email)) AS assigned,
                       (SELECT count(*)::integer FROM open_tasks o
                        WHERE (o.assignee = s.id::text OR lower(o.assignee) = lower(s.email)) AND o.due_date < @today::date) AS overdue
                FROM staff_accounts s
                JOIN department_members m ON m.staff_id = s.id
                JOIN departments d ON d.id = m.department_id
                WHERE @all OR d.key = ANY (@departments)
                GROUP BY s.id, s.display_name, s.email
                ORDER BY s.display_name
                """, args, tx, cancellationToken: ct))).ToList();
            var prints = await c.ExecuteScalarAsync<int>(new CommandDefinition("""
                SELECT count(*)::integer FROM print_actions WHERE (at AT TIME ZONE 'Europe/Berlin')::date BETWEEN @from::date AND @to::date
                """, args, tx, cancellationToken: ct));
            return new Workload(departments, people, from, to, prints);
        }, ct);
    }
}
