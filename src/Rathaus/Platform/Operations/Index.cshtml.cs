using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rathaus.Platform.Database;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Web;

namespace Rathaus.Platform.Operations;

/// <summary>The operator's overview of the installation.</summary>
[PlatformPage]
[Authorize(Policy = Policies.Operator)]
public sealed class IndexModel(TenantDirectory tenants, DatabaseState database) : PageModel
{
    public IReadOnlyList<Tenant> Tenants { get; private set; } = [];

    public bool Ready => database.MigrationsApplied;

    public async Task OnGetAsync(CancellationToken ct) => Tenants = await tenants.ListAsync(ct);
}
