using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Portal.Applications;

namespace Rathaus.Privacy;

/// <summary>
/// The citizen's data cockpit: from the audit trail, which department (in which role) read, received or passed on
/// which of their data, when and why, and their own sign-ins and accesses. Newest first, 50 a page. Reading the
/// cockpit is the citizen reading their own log and is not itself recorded (docs/privacy.md).
/// </summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class CockpitModel(CitizenAccessLog log, CitizenAccessText describe, CurrentTenant current) : PageModel
{
    /// <summary>Show entries older than this entry id (the next page); none: the newest.</summary>
    [BindProperty(SupportsGet = true, Name = "vor")]
    public long? Before { get; set; }

    public IReadOnlyList<CitizenAccessLine> Entries { get; private set; } = [];

    /// <summary>The entry id the link to older entries starts before; null on the last page.</summary>
    public long? Older { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Before is <= 0)
        {
            return NotFound();
        }
        var tenant = current.Required.Id;
        var page = await log.PageAsync(tenant, ApplicationFlow.CitizenOf(User)!.Value, Before, CitizenAccessLog.PageSize + 1, ct);
        var departments = await log.DepartmentNamesAsync(tenant, ct);
        Entries = page.Take(CitizenAccessLog.PageSize).Select(e => describe.Describe(e, departments)).ToList();
        Older = page.Count > CitizenAccessLog.PageSize ? Entries[^1].Id : null;
        return Page();
    }
}
