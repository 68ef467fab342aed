using Microsoft.AspNetCore.Mvc.RazorPages;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Web;

namespace Rathaus.Portal;

/// <summary>The start page: a tenant's portal, or the installation's list of municipalities.</summary>
[PlatformPage]
public sealed class IndexModel(CurrentTenant current, TenantDirectory tenants, Departments departments) : PageModel
{
    public Tenant? Tenant => current.Tenant;

    public Tenant? County { get; private set; }

    public IReadOnlyList<Tenant> Tenants { get; private set; } = [];

    public IReadOnlyList<Department> Departments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Tenant is null)
        {
            Tenants = await tenants.ListAsync(ct);
            return;
        }
        County = Tenant.CountyId is { } county ? await tenants.FindByIdAsync(county, ct) : null;
        Departments = await departments.ListAsync(Tenant.Id, ct);
    }
}
