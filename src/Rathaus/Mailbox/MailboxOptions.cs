using Microsoft.Extensions.Options;

namespace Rathaus.Mailbox;

/// <summary>Settings of the citizen mailbox (<c>Mailbox</c>).</summary>
public sealed class MailboxOptions
{
    public const string Section = "Mailbox";

    /// <summary>Whether a citizen gets an e-mail (without content) when a message arrives in their mailbox.</summary>
    public bool NotifyByEmail { get; set; } = true;

    /// <summary>
    /// The portal's address in the e-mail's link, with <c>{host}</c> for the tenant's host name (its first listed host
    /// name, else <c>{slug}.{Tenancy:BaseDomain}</c>) and <c>{slug}</c> for its slug, e.g.
    /// <c>https://{host}</c> or <c>https://portal.example.de/t/{slug}</c>.
    /// </summary>
    public string PortalUrl { get; set; } = "https://{host}";
}

internal sealed class MailboxOptionsValidation : IValidateOptions<MailboxOptions>
{
    public ValidateOptionsResult Validate(string? name, MailboxOptions options)
    {
        var sample = options.PortalUrl.Replace("{host}", "musterstadt.example", StringComparison.Ordinal)
            .Replace("{slug}", "musterstadt", StringComparison.Ordinal);
        if (!Uri.TryCreate(sample, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return ValidateOptionsResult.Fail(
                $"Setting 'Mailbox:PortalUrl' must be an http(s) address with {{host}} or {{slug}}, e.g. 'https://{{host}}'; it is '{options.PortalUrl}'.");
        }
        return ValidateOptionsResult.Success;
    }
}
