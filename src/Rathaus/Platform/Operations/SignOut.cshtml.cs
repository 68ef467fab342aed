using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Web;

namespace Rathaus.Platform.Operations;

/// <summary>Signs the operator out.</summary>
[PlatformPage]
[Authorize(Policy = Policies.Operator)]
public sealed class SignOutModel : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(AuthSchemes.Operator);
        return LocalRedirect(Url.Content("~/"));
    }
}
