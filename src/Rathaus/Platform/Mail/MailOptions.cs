using Microsoft.Extensions.Options;

namespace Rathaus.Platform.Mail;

/// <summary>Outgoing e-mail. Without an SMTP host, mails are written as .eml files into a pickup folder.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public string SmtpHost { get; set; } = "";

    public int SmtpPort { get; set; } = 25;

    public bool SmtpUseTls { get; set; }

    public string SmtpUser { get; set; } = "";

    public string SmtpPassword { get; set; } = "";

    public string From { get; set; } = "no-reply@rathaus.localhost";

    /// <summary>Folder for .eml files when no SMTP host is set (the quick start's ./data/mail).</summary>
    public string PickupDirectory { get; set; } = "data/mail";
}

internal sealed class MailOptionsValidation : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        var failures = new List<string>();
        if (!System.Net.Mail.MailAddress.TryCreate(options.From, out _))
        {
            failures.Add($"Setting 'Mail:From' is not an e-mail address: '{options.From}'.");
        }
        if (string.IsNullOrWhiteSpace(options.SmtpHost) && string.IsNullOrWhiteSpace(options.PickupDirectory))
        {
            failures.Add("Set either 'Mail:SmtpHost' or 'Mail:PickupDirectory'.");
        }
        if (options.SmtpPort is < 1 or > 65535)
        {
            failures.Add("Setting 'Mail:SmtpPort' must be a port number (1–65535).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
