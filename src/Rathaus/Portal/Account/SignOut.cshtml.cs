using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rathaus.Platform.Identity;

namespace Rathaus.Portal.Account;

/// <summary>Signs the citizen out (POST only, with antiforgery).</summary>
public sealed class SignOutModel : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(AuthSchemes.Citizen);
        return LocalRedirect(Url.Content("~/"));
    }
}
