using Rathaus.Processes;

namespace Rathaus.Workbench;

/// <summary>What claiming, releasing or handing over a task did.</summary>
public enum TaskActionOutcome
{
    /// <summary>Done (or it was so already).</summary>
    Done,

    /// <summary>No such task for this person: unknown, another tenant's or another department's.</summary>
    NotFound,

    /// <summary>The task is completed or cancelled.</summary>
    Ended,

    /// <summary>Someone else works on it.</summary>
    ClaimedByOther,

    /// <summary>Only the assignee or a team lead may release or re-assign it.</summary>
    NotAllowed,

    /// <summary>The person to hand over to is no member of the task's department.</summary>
    NotMember,

    /// <summary>Someone changed the task meanwhile; nothing was changed.</summary>
    Stale,
}

/// <summary>The result of a task action, with the task as it was read before.</summary>
public sealed record TaskActionResult(TaskActionOutcome Outcome, WorkTask? Task);

/// <summary>
/// Claiming (übernehmen), releasing (freigeben) and handing over (abgeben) tasks, with the workbench's rules: a member of
/// the task's department claims an unassigned task; the assignee releases it or hands it over to another member of the
/// department; a team lead of the department may release or hand over any of its tasks. Each change is a command on
/// the process instance that succeeds only while the task still has the assignee that was read (no lost update).
/// </summary>
public sealed class TaskActions(TaskInbox inbox, ProcessService processes)
{
    public async Task<TaskActionResult> ClaimAsync(Guid tenantId, StaffMember me, string taskId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        var task = await inbox.FindAsync(tenantId, me, taskId, ct);
        if (Refusal(task) is { } refused)
        {
            return refused;
        }
        if (me.Is(task!.Assignee))
        {
            return new(TaskActionOutcome.Done, task);
        }
        if (task.Assignee is not null)
        {
            return new(TaskActionOutcome.ClaimedByOther, task);
        }
        return await AssignAsync(tenantId, me, task, me.Id.ToString(), ct);
    }

    public async Task<TaskActionResult> ReleaseAsync(Guid tenantId, StaffMember me, string taskId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        var task = await inbox.FindAsync(tenantId, me, taskId, ct);
        if (Refusal(task) is { } refused)
        {
            return refused;
        }
        if (task!.Assignee is null)
        {
            return new(TaskActionOutcome.Done, task);
        }
        if (!me.Is(task.Assignee) && !LeadsDepartmentOf(me, task))
        {
            return new(TaskActionOutcome.NotAllowed, task);
        }
        return await AssignAsync(tenantId, me, task, null, ct);
    }

    public async Task<TaskActionResult> HandOverAsync(Guid tenantId, StaffMember me, string taskId, Guid to, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        var task = await inbox.FindAsync(tenantId, me, taskId, ct);
        if (Refusal(task) is { } refused)
        {
            return refused;
        }
        if (task!.Assignee is not null && !me.Is(task.Assignee) && !LeadsDepartmentOf(me, task))
        {
            return new(TaskActionOutcome.NotAllowed, task);
        }
        var colleagues = await ColleaguesAsync(tenantId, me, task, ct);
        if (!colleagues.Any(c => c.Id == to))
        {
            return new(TaskActionOutcome.NotMember, task);
        }
        if (task.Assignee == to.ToString())
        {
            return new(TaskActionOutcome.Done, task);
        }
        return await AssignAsync(tenantId, me, task, to.ToString(), ct);
    }

    /// <summary>Whom I may hand a task over to: the members of the task's departments that are mine too, myself included.</summary>
    public async Task<IReadOnlyList<Colleague>> ColleaguesAsync(Guid tenantId, StaffMember me, WorkTask task, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        ArgumentNullException.ThrowIfNull(task);
        var shared = task.Departments.Intersect(me.Departments, StringComparer.Ordinal).ToList();
        return shared.Count == 0 ? [] : await inbox.MembersAsync(tenantId, shared, ct);
    }

    /// <summary>Whether the person may change who works on the task (release it, hand it over).</summary>
    public static bool MayReassign(StaffMember me, WorkTask task)
    {
        ArgumentNullException.ThrowIfNull(me);
        ArgumentNullException.ThrowIfNull(task);
        return task.IsOpen && (task.Assignee is null || me.Is(task.Assignee) || LeadsDepartmentOf(me, task));
    }

    private static bool LeadsDepartmentOf(StaffMember me, WorkTask task) =>
        me.IsTeamLead && task.Departments.Any(d => me.Departments.Contains(d, StringComparer.Ordinal));

    private static TaskActionResult? Refusal(WorkTask? task) =>
        task is null ? new(TaskActionOutcome.NotFound, null)
        : !task.IsOpen ? new(TaskActionOutcome.Ended, task)
        : null;

    private async Task<TaskActionResult> AssignAsync(Guid tenantId, StaffMember me, WorkTask task, string? assignee, CancellationToken ct)
    {
        try
        {
            await processes.AssignTaskAsync(tenantId, task.Id, assignee, task.Assignee, me.Id.ToString(), ct);
            return new(TaskActionOutcome.Done, task);
        }
        catch (ProcessCommandException e) when (e.Kind is ProcessErrorKind.Conflict)
        {
            return new(TaskActionOutcome.Stale, task);
        }
        catch (ProcessCommandException e) when (e.Kind is ProcessErrorKind.NotFound)
        {
            return new(TaskActionOutcome.NotFound, null);
        }
    }
}
