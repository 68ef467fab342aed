using Microsoft.AspNetCore.Mvc.RazorPages;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Portal.Account;

/// <summary>The link from the confirmation e-mail.</summary>
public sealed class ConfirmModel(CitizenRegistration registration, CurrentTenant current) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(string? token, CancellationToken ct)
    {
        Confirmed = token is { Length: 48 } && token.All(char.IsAsciiHexDigitLower)
            && await registration.ConfirmAsync(current.Required, token, ct);
        if (!Confirmed)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }
}
