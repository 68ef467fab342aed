using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rathaus.Platform.Identity;

namespace Rathaus.Portal.Account;

/// <summary>The citizen's own account data.</summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class AccountModel : PageModel
{
    public void OnGet()
    {
    }
}
