using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Workbench;

/// <summary>The workbench start page: who I am here and which departments I work for.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(CurrentTenant current, Departments departments) : PageModel
{
    public IReadOnlyList<Department> MyDepartments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var mine = User.FindAll(RathausClaims.Department).Select(c => c.Value).ToHashSet();
        MyDepartments = (await departments.ListAsync(current.Required.Id, ct)).Where(d => mine.Contains(d.Key)).ToList();
    }
}
