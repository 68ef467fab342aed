using System.Net.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Web;

namespace Rathaus.Portal.Account;

/// <summary>A citizen registers with e-mail and password and confirms the address by a link.</summary>
public sealed class RegisterModel(
    CitizenRegistration registration, Passwords passwords, CurrentTenant current,
    IOptions<RathausIdentityOptions> options, IStringLocalizer<SharedResource> text, IStringLocalizer<AccountText> accountText) : PageModel
{
    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public bool Sent { get; private set; }

    public FormErrors Errors { get; } = new();

    public int MinimumPasswordLength => options.Value.MinimumPasswordLength;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        DisplayName = DisplayName?.Trim();
        Email = Email?.Trim();
        if (string.IsNullOrEmpty(DisplayName) || DisplayName.Length > 200)
        {
            Errors.Add(nameof(DisplayName), text["Portal.Register.NameMissing"]);
        }
        else if (Applications.DraftText.HasControlCharacters(DisplayName))
        {
            // The name appears in e-mails, letters and the workbench: invisible control characters have no place there.
            Errors.Add(nameof(DisplayName), accountText["Register.NameControlCharacters"]);
            DisplayName = Applications.DraftText.WithoutControlCharacters(DisplayName);
        }
        if (string.IsNullOrEmpty(Email) || Email.Length > 254 || !MailAddress.TryCreate(Email, out var parsed) || parsed.Address != Email)
        {
            Errors.Add(nameof(Email), text["Portal.Register.EmailInvalid"]);
        }
        if (passwords.Check(Password) is { } problem)
        {
            Errors.Add(nameof(Password), text[problem, MinimumPasswordLength]);
        }
        if (Errors.Any)
        {
            return Page();
        }
        var confirmBase = new Uri($"{Request.Scheme}://{Request.Host}{Request.PathBase}/registrieren/bestaetigen");
        await registration.RegisterAsync(current.Required, Email!, DisplayName!, Password!, confirmBase, ct);
        Sent = true;
        return Page();
    }
}
