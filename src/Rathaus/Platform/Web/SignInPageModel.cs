using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;
using Rathaus.Platform.Database;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Platform.Web;

/// <summary>
/// The sign-in form shared by staff, citizens and operators. Every failure shows the same message, whether
/// the address is unknown, the password wrong or the account locked.
/// </summary>
public abstract class SignInPageModel(Db db, AccountSignIn signIn, CurrentTenant current, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public FormErrors Errors { get; } = new();

    public abstract string Heading { get; }

    protected abstract AccountTable Table { get; }

    protected abstract string Scheme { get; }

    protected abstract string Home { get; }

    protected IStringLocalizer<SharedResource> Text => text;

    protected Tenant Tenant => current.Required;

    protected abstract Task<ClaimsPrincipal> PrincipalAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid accountId, CancellationToken ct);

    /// <summary>
    /// Runs in the transaction of a successful sign-in, before the cookie is issued: the portal and the workbench
    /// record the sign-in in the audit trail here (docs/privacy.md).
    /// </summary>
    protected virtual Task SignedInAsync(NpgsqlConnection c, NpgsqlTransaction tx, ClaimsPrincipal principal, CancellationToken ct) => Task.CompletedTask;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Email))
        {
            Errors.Add(nameof(Email), text["SignIn.EmailMissing"]);
        }
        if (string.IsNullOrEmpty(Password))
        {
            Errors.Add(nameof(Password), text["SignIn.PasswordMissing"]);
        }
        if (Errors.Any)
        {
            return Page();
        }

        async Task<(SignInOutcome, ClaimsPrincipal?)> Attempt(NpgsqlConnection c, NpgsqlTransaction tx)
        {
            var (result, id) = await signIn.SignInAsync(c, tx, Table, Email!.Trim(), Password!, ct);
            if (result != SignInOutcome.Succeeded)
            {
                return (result, null);
            }
            var signedIn = await PrincipalAsync(c, tx, id, ct);
            await SignedInAsync(c, tx, signedIn, ct);
            return (result, signedIn);
        }

        var (outcome, principal) = Table == AccountTable.Operator
            ? await db.InPlatformAsync(Attempt, ct)
            : await db.InTenantAsync(current.Required.Id, Attempt, ct);

        switch (outcome)
        {
            case SignInOutcome.Succeeded:
                await HttpContext.SignInAsync(Scheme, principal!);
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : Url.Content(Home));
            case SignInOutcome.EmailNotConfirmed:
                Errors.Add(nameof(Email), text["SignIn.EmailNotConfirmed"]);
                return Page();
            default:
                Errors.Add(nameof(Email), text["SignIn.Failed"]);
                return Page();
        }
    }
}
