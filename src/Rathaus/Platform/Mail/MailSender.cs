using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Rathaus.Platform.Mail;

/// <summary>Sends plain-text e-mail notifications.</summary>
public interface IMailSender
{
    Task SendAsync(string recipient, string subject, string body, CancellationToken ct);
}

/// <summary>
/// SMTP through the framework's client (MailKit is not available from the package registry here); with no host
/// configured it writes .eml files to the pickup folder, which the quick start and tests read.
/// </summary>
public sealed class SmtpMailSender(IOptions<MailOptions> options, IHostEnvironment environment) : IMailSender
{
    public async Task SendAsync(string recipient, string subject, string body, CancellationToken ct)
    {
        var settings = options.Value;
        using var message = new MailMessage(settings.From, recipient, subject, body)
        {
            BodyEncoding = System.Text.Encoding.UTF8,
            SubjectEncoding = System.Text.Encoding.UTF8,
        };
        using var client = new SmtpClient();
        if (string.IsNullOrWhiteSpace(settings.SmtpHost))
        {
            var folder = Path.GetFullPath(settings.PickupDirectory, environment.ContentRootPath);
            Directory.CreateDirectory(folder);
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = folder;
        }
        else
        {
            client.Host = settings.SmtpHost;
            client.Port = settings.SmtpPort;
            client.EnableSsl = settings.SmtpUseTls;
            if (!string.IsNullOrEmpty(settings.SmtpUser))
            {
                client.Credentials = new NetworkCredential(settings.SmtpUser, settings.SmtpPassword);
            }
        }
        await client.SendMailAsync(message, ct);
    }
}
