using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rathaus.Platform.Identity;

namespace Rathaus.Workbench;

/// <summary>Signs staff out (POST only, with antiforgery).</summary>
/// <remarks>Authorized with the staff scheme so that the antiforgery token, which is bound to the user, validates.</remarks>
[Authorize(Policy = Policies.Staff)]
public sealed class SignOutModel : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(AuthSchemes.Staff);
        return LocalRedirect(Url.Content("~/verwaltung/anmelden"));
    }
}
