using Microsoft.Extensions.Options;

namespace Rathaus.Platform.Identity;

/// <summary>Sign-in rules for staff, citizens and operators.</summary>
public sealed class RathausIdentityOptions
{
    public const string Section = "Identity";

    /// <summary>Failed sign-ins in a row after which an account is locked.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Shortest password accepted for a new or reset password.</summary>
    public int MinimumPasswordLength { get; set; } = 10;

    /// <summary>Cookies only over HTTPS ("Always", for production behind TLS) or as the request came ("SameAsRequest").</summary>
    public CookieSecurePolicy CookieSecure { get; set; } = CookieSecurePolicy.SameAsRequest;

    /// <summary>How long an e-mail confirmation link stays valid.</summary>
    public TimeSpan EmailConfirmationValidity { get; set; } = TimeSpan.FromDays(2);
}

internal sealed class RathausIdentityOptionsValidation : IValidateOptions<RathausIdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, RathausIdentityOptions options)
    {
        var failures = new List<string>();
        if (options.MaxFailedSignIns is < 1 or > 100)
        {
            failures.Add("Setting 'Identity:MaxFailedSignIns' must lie between 1 and 100.");
        }
        if (options.LockoutDuration < TimeSpan.FromMinutes(1))
        {
            failures.Add("Setting 'Identity:LockoutDuration' must be at least 00:01:00.");
        }
        if (options.MinimumPasswordLength < 8)
        {
            failures.Add("Setting 'Identity:MinimumPasswordLength' must be at least 8.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
