using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Rathaus.Platform.Database;
using Rathaus.Platform.Mail;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Mailbox;

/// <summary>Texts of the mailbox (Resources/Mailbox/MailboxText.resx and .en.resx).</summary>
#pragma warning disable CA1052 // Names the resource for the localizer; never instantiated.
public sealed class MailboxText
#pragma warning restore CA1052
{
    private MailboxText()
    {
    }
}

/// <summary>
/// The e-mail that tells a citizen a message waits in their mailbox. It names the tenant and links to the mailbox,
/// nothing else: no subject, no case, no name — e-mail is not a safe channel for personal data. Sent only to a
/// confirmed address, in the language of the case; a failure is logged and does not undo the delivery.
/// </summary>
public sealed class MailboxNotifier(Db db, TenantDirectory tenants, IMailSender mail, IStringLocalizer<MailboxText> text,
    IOptions<MailboxOptions> options, IOptions<TenancyOptions> tenancy, ILogger<MailboxNotifier> logger)
{
    public async Task NotifyAsync(Guid tenantId, Delivery delivery, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (!options.Value.NotifyByEmail)
        {
            return;
        }
        try
        {
            var recipient = await db.InTenantAsync(tenantId, (c, tx) => c.QuerySingleOrDefaultAsync<Recipient>(new CommandDefinition("""
                SELECT a.email, c.language FROM citizen_accounts a JOIN cases c ON c.citizen_id = a.id
                WHERE c.id = @CaseId AND a.id = @CitizenId AND a.email_confirmed_at IS NOT NULL AND NOT a.disabled
                """, new { delivery.CaseId, delivery.CitizenId }, tx, cancellationToken: ct)), ct);
            if (recipient is not { } to || await tenants.FindByIdAsync(tenantId, ct) is not { } tenant)
            {
                return;
            }
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(to.Language == "en" ? "en" : "de");
            try
            {
                await mail.SendAsync(to.Email, text["Mail.Subject", tenant.Name], text["Mail.Body", tenant.Name, MailboxLink(tenant)], ct);
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The e-mail about mailbox message {Message} could not be sent", delivery.MessageId);
        }
    }

    /// <summary>The address of the tenant's mailbox page.</summary>
    public string MailboxLink(Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var host = tenant.HostNames.Count > 0 ? tenant.HostNames[0] : $"{tenant.Slug}.{tenancy.Value.BaseDomain}";
        var portal = options.Value.PortalUrl.Replace("{host}", host, StringComparison.Ordinal).Replace("{slug}", tenant.Slug, StringComparison.Ordinal);
        return portal.TrimEnd('/') + "/konto/postfach";
    }

    private sealed class Recipient
    {
        public string Email { get; init; } = "";
        public string Language { get; init; } = "de";
    }
}
