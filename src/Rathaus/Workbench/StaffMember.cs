using System.Security.Claims;
using Rathaus.Platform.Identity;
using Rathaus.Processes;

namespace Rathaus.Workbench;

/// <summary>The signed-in member of staff, as the workbench's rules need them: who, which departments, which roles.</summary>
/// <param name="Departments">Department keys; the candidate groups of user tasks name them.</param>
/// <param name="IsTeamLead">Teamleitung of every department they are a member of.</param>
public sealed record StaffMember(Guid Id, string Email, string Name, IReadOnlyList<string> Departments, bool IsTenantAdmin, bool IsTeamLead)
{
    /// <summary>The staff member of a request signed in with the staff scheme.</summary>
    public static StaffMember From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new StaffMember(
            Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("A staff principal has an account id.")),
            user.FindFirstValue(ClaimTypes.Email) ?? "",
            user.FindFirstValue(ClaimTypes.Name) ?? "",
            user.FindAll(RathausClaims.Department).Select(c => c.Value).Order(StringComparer.Ordinal).ToList(),
            user.IsInRole(Roles.TenantAdmin),
            user.IsInRole(Roles.TeamLead));
    }

    /// <summary>How the process runtime sees this person; the workbench's own rules are stricter than an administrator's.</summary>
    public TaskActor Actor => new(Id.ToString(), Email, Departments, IsTenantAdmin: false);

    /// <summary>Whether they see the workload overview: administrators for every department, team leads for their own.</summary>
    public bool SeesOverview => IsTenantAdmin || (IsTeamLead && Departments.Count > 0);

    /// <summary>
    /// The role of an access for the audit trail: caseworker of the case's department when a member of it, otherwise
    /// of the departments the person works for (an open task of the case was routed to one of them).
    /// </summary>
    public string AuditRole(string caseDepartment) =>
        "caseworker:" + (Departments.Contains(caseDepartment, StringComparer.Ordinal) ? caseDepartment : string.Join(',', Departments));

    /// <summary>Whether an assignee (an account id or an e-mail address) names this person.</summary>
    public bool Is(string? assignee) =>
        assignee is not null && (assignee == Id.ToString() || string.Equals(assignee, Email, StringComparison.OrdinalIgnoreCase));
}
