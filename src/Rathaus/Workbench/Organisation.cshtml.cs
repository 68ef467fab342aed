using Dapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rathaus.Platform.Database;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Workbench;

/// <summary>The tenant admin's view of staff, their roles and departments.</summary>
[Authorize(Policy = Policies.TenantAdmin)]
public sealed class OrganisationModel(Db db, CurrentTenant current) : PageModel
{
    public sealed class StaffRow
    {
        public string DisplayName { get; init; } = "";
        public string Email { get; init; } = "";
        public string[] Roles { get; init; } = [];
        public string[] Departments { get; init; } = [];
    }

    public IReadOnlyList<StaffRow> Staff { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Staff = await db.InTenantAsync<IReadOnlyList<StaffRow>>(current.Required.Id, async (c, tx) =>
            (await c.QueryAsync<StaffRow>(new CommandDefinition("""
                SELECT s.display_name, s.email, s.roles,
                       COALESCE(array_agg(d.name ORDER BY d.name) FILTER (WHERE d.id IS NOT NULL), '{}') AS departments
                FROM staff_accounts s
                LEFT JOIN department_members m ON m.staff_id = s.id
                LEFT JOIN departments d ON d.id = m.department_id
                GROUP BY s.id ORDER BY s.display_name
                """, transaction: tx, cancellationToken: ct))).ToList(), ct);
}
