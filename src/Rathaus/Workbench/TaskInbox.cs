using System.Globalization;
using Dapper;
using Rathaus.Forms;
using Rathaus.Platform.Database;

namespace Rathaus.Workbench;

/// <summary>Which tasks the inbox shows by their case's processing deadline.</summary>
public enum DueFilter
{
    All,
    Overdue,
    DueSoon,
}

/// <summary>Which tasks the inbox shows by who works on them.</summary>
public enum AssignmentFilter
{
    All,
    Unassigned,
    Mine,
    Others,
}

/// <summary>The inbox's filters and page (1-based).</summary>
public sealed record InboxFilter(string? ServiceId = null, DueFilter Due = DueFilter.All, AssignmentFilter Assignment = AssignmentFilter.All, int Page = 1);

/// <summary>A user task with its case, as the inbox and the task page show it.</summary>
public sealed class WorkTask
{
    public string Id { get; init; } = "";
    public string InstanceId { get; init; } = "";
    public string ElementId { get; init; } = "";
    public string? Name { get; init; }
    public string Status { get; init; } = "";
    public string? Assignee { get; init; }
    public string? AssigneeName { get; init; }
    public string[] CandidateGroups { get; init; } = [];
    public string? FormKey { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public string? CompletedBy { get; init; }
    public Guid? CaseId { get; init; }
    public string? Reference { get; init; }
    public string? ServiceId { get; init; }
    public string? ServiceVersion { get; init; }
    public string? ServiceNameDe { get; init; }
    public string? ServiceNameEn { get; init; }
    public string? CaseDepartment { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public int? ProcessingDays { get; init; }
    public DateTime? DueDate { get; init; }

    public bool IsOpen => Status == "open";

    /// <summary>The task's name, or its element id when the model gives none.</summary>
    public string Title => string.IsNullOrWhiteSpace(Name) ? ElementId : Name;

    public string? ServiceName(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "en" ? ServiceNameEn ?? ServiceNameDe : ServiceNameDe ?? ServiceNameEn;

    public ProcessingDeadline? Deadline(TimeProvider time) =>
        ProcessingDeadline.Of(DueDate is { } d ? DateOnly.FromDateTime(d) : null, ProcessingDays, time);

    /// <summary>
    /// The departments the task is routed to: its candidate groups, or, when it names no group, no candidate user and
    /// no assignee, the department of its case.
    /// </summary>
    public IReadOnlyList<string> Departments => CandidateGroups.Length > 0 ? CandidateGroups
        : CaseDepartment is { } d && Assignee is null ? [d] : [];
}

/// <summary>How many tasks the inbox holds in each filter (over the whole inbox, not the current filter).</summary>
public sealed record InboxCounts(int Total, int Unassigned, int Mine, int Others, int Overdue, int DueSoon, IReadOnlyList<ServiceCount> Services);

/// <summary>A service in the inbox's service filter, with its number of tasks.</summary>
public sealed record ServiceCount(string ServiceId, string? NameDe, string? NameEn, int Count)
{
    public string Name(CultureInfo culture) =>
        (culture.TwoLetterISOLanguageName == "en" ? NameEn ?? NameDe : NameDe ?? NameEn) ?? ServiceId;
}

/// <summary>One page of the inbox.</summary>
/// <param name="Matching">Tasks matching the filter, on all pages.</param>
public sealed record InboxPage(IReadOnlyList<WorkTask> Tasks, InboxCounts Counts, int Matching, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Matching + PageSize - 1) / PageSize);
}

/// <summary>A member of staff of a department, for handing a task over.</summary>
public sealed record Colleague(Guid Id, string Name, string Email);

/// <summary>
/// The caseworker's inbox (Postkorb): the user tasks routed to their departments (candidate groups) and those
/// assigned to them, each with its case. A read model over the runtime's task projection and the cases; every
/// change of a task goes through <c>ProcessService</c>. What a person may not see is not found at all.
/// </summary>
public sealed class TaskInbox(Db db, TimeProvider time)
{
    public const int PageSize = 25;

    // A task's case is the case of its instance or of the instance that called it (one level of call activities).
    private const string From = """
        FROM process_user_tasks t
        JOIN process_instances i ON i.id = t.instance_id
        LEFT JOIN cases c ON c.process_instance_id = coalesce(i.parent_instance_id, i.id)
        LEFT JOIN service_packages p ON p.service_id = c.service_id AND p.version = c.service_version
        """;

    /// <summary>
    /// Whom a task is for: a candidate group is one of my departments, or it is assigned or offered to me (by account
    /// id or e-mail address), or it names nobody and its case belongs to one of my departments.
    /// </summary>
    internal const string Visible = """
        (t.candidate_groups && @departments
         OR t.assignee = @me OR lower(t.assignee) = lower(@email)
         OR EXISTS (SELECT 1 FROM unnest(t.candidate_users) u WHERE u = @me OR lower(u) = lower(@email))
         OR (cardinality(t.candidate_groups) = 0 AND cardinality(t.candidate_users) = 0 AND t.assignee IS NULL
             AND c.department_key = ANY (@departments)))
        """;

    private const string Mine = "(t.assignee = @me OR lower(t.assignee) = lower(@email))";

    private const string DueDate = """
        CASE WHEN p.service ->> 'processingDays' IS NOT NULL
             THEN (c.submitted_at AT TIME ZONE 'Europe/Berlin')::date + (p.service ->> 'processingDays')::integer END
        """;

    private const string Columns = $"""
        t.id, t.instance_id, t.element_id, t.name, t.status, t.assignee, t.candidate_groups, t.form_key, t.created_at, t.ended_at,
        t.completed_by, (SELECT s.display_name FROM staff_accounts s WHERE s.id::text = t.assignee OR lower(s.email) = lower(t.assignee) LIMIT 1) AS assignee_name,
        c.id AS case_id, c.reference, c.service_id, c.service_version, c.department_key AS case_department, c.submitted_at,
        p.service -> 'name' ->> 'de' AS service_name_de, p.service -> 'name' ->> 'en' AS service_name_en,
        (p.service ->> 'processingDays')::integer AS processing_days, {DueDate} AS due_date
        """;

    /// <summary>One page of my open tasks, oldest first, with the counts of every filter.</summary>
    public Task<InboxPage> ListAsync(Guid tenantId, StaffMember me, InboxFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        ArgumentNullException.ThrowIfNull(filter);
        var today = FormClock.Today(time).ToDateTime(TimeOnly.MinValue);
        var page = Math.Max(1, filter.Page);
        var args = new DynamicParameters(Who(me));
        args.Add("today", today);
        args.Add("soon", today.AddDays(ProcessingDeadline.WarningDays));
        args.Add("serviceId", filter.ServiceId);
        args.Add("offset", (page - 1) * PageSize);
        args.Add("limit", PageSize);
        var conditions = new List<string> { "t.status = 'open'", Visible };
        if (filter.ServiceId is not null)
        {
            conditions.Add("c.service_id = @serviceId");
        }
        conditions.Add(filter.Due switch
        {
            DueFilter.Overdue => $"{DueDate} < @today::date",
            DueFilter.DueSoon => $"{DueDate} BETWEEN @today::date AND @soon::date",
            _ => "true",
        });
        conditions.Add(filter.Assignment switch
        {
            AssignmentFilter.Unassigned => "t.assignee IS NULL",
            AssignmentFilter.Mine => Mine,
            AssignmentFilter.Others => $"t.assignee IS NOT NULL AND NOT {Mine}",
            _ => "true",
        });
        var where = string.Join(" AND ", conditions);

        return db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var tasks = (await c.QueryAsync<WorkTask>(new CommandDefinition($"""
                SELECT {Columns}
                {From}
                WHERE {where}
                ORDER BY t.created_at, t.id
                OFFSET @offset LIMIT @limit
                """, args, tx, cancellationToken: ct))).ToList();
            var matching = await c.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT count(*)::integer {From} WHERE {where}", args, tx, cancellationToken: ct));
            var counts = await c.QuerySingleAsync<CountRow>(new CommandDefinition($"""
                SELECT count(*)::integer AS total,
                       count(*) FILTER (WHERE t.assignee IS NULL)::integer AS unassigned,
                       count(*) FILTER (WHERE {Mine})::integer AS mine,
                       count(*) FILTER (WHERE t.assignee IS NOT NULL AND NOT {Mine})::integer AS others,
                       count(*) FILTER (WHERE {DueDate} < @today::date)::integer AS overdue,
                       count(*) FILTER (WHERE {DueDate} BETWEEN @today::date AND @soon::date)::integer AS due_soon
                {From}
                WHERE t.status = 'open' AND {Visible}
                """, args, tx, cancellationToken: ct));
            var services = (await c.QueryAsync<ServiceCountRow>(new CommandDefinition($"""
                SELECT c.service_id, min(p.service -> 'name' ->> 'de') AS name_de, min(p.service -> 'name' ->> 'en') AS name_en, count(*)::integer AS count
                {From}
                WHERE t.status = 'open' AND {Visible} AND c.service_id IS NOT NULL
                GROUP BY c.service_id
                ORDER BY c.service_id
                """, args, tx, cancellationToken: ct)))
                .Select(s => new ServiceCount(s.ServiceId, s.NameDe, s.NameEn, s.Count)).ToList();
            return new InboxPage(tasks,
                new InboxCounts(counts.Total, counts.Unassigned, counts.Mine, counts.Others, counts.Overdue, counts.DueSoon, services),
                matching, page, PageSize);
        }, ct);
    }

    /// <summary>A task of any status that is for me (see <see cref="Visible"/>); null for anyone else's, as for an unknown id.</summary>
    public Task<WorkTask?> FindAsync(Guid tenantId, StaffMember me, string taskId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        var args = new DynamicParameters(Who(me));
        args.Add("taskId", taskId);
        return db.InTenantAsync(tenantId, (c, tx) => c.QuerySingleOrDefaultAsync<WorkTask>(new CommandDefinition($"""
            SELECT {Columns}
            {From}
            WHERE t.id = @taskId AND {Visible}
            """, args, tx, cancellationToken: ct)), ct);
    }

    /// <summary>The open tasks of a case that are for me, oldest first.</summary>
    public Task<IReadOnlyList<WorkTask>> ForCaseAsync(Guid tenantId, StaffMember me, Guid caseId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        var args = new DynamicParameters(Who(me));
        args.Add("caseId", caseId);
        return db.InTenantAsync<IReadOnlyList<WorkTask>>(tenantId, async (c, tx) => (await c.QueryAsync<WorkTask>(new CommandDefinition($"""
            SELECT {Columns}
            {From}
            WHERE c.id = @caseId AND t.status = 'open' AND {Visible}
            ORDER BY t.created_at, t.id
            """, args, tx, cancellationToken: ct))).ToList(), ct);
    }

    /// <summary>Every member of the given departments, by name: whom a task may be handed over to.</summary>
    public Task<IReadOnlyList<Colleague>> MembersAsync(Guid tenantId, IReadOnlyCollection<string> departments, CancellationToken ct = default) =>
        db.InTenantAsync<IReadOnlyList<Colleague>>(tenantId, async (c, tx) => (await c.QueryAsync<Colleague>(new CommandDefinition("""
            SELECT DISTINCT s.id, s.display_name AS name, s.email
            FROM staff_accounts s
            JOIN department_members m ON m.staff_id = s.id
            JOIN departments d ON d.id = m.department_id
            WHERE d.key = ANY (@departments) AND NOT s.disabled
            ORDER BY name, s.email
            """, new { departments = departments.ToArray() }, tx, cancellationToken: ct))).ToList(), ct);

    internal static object Who(StaffMember me) => new { me = me.Id.ToString(), email = me.Email, departments = me.Departments.ToArray() };

    private sealed class CountRow
    {
        public int Total { get; init; }
        public int Unassigned { get; init; }
        public int Mine { get; init; }
        public int Others { get; init; }
        public int Overdue { get; init; }
        public int DueSoon { get; init; }
    }

    private sealed class ServiceCountRow
    {
        public string ServiceId { get; init; } = "";
        public string? NameDe { get; init; }
        public string? NameEn { get; init; }
        public int Count { get; init; }
    }
}
