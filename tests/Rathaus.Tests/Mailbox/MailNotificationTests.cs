using Microsoft.Extensions.DependencyInjection;
using Rathaus.Mailbox;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Portal;

namespace Rathaus.Tests.Mailbox;

/// <summary>The application sending its mail over SMTP to a sink inside the test.</summary>
public sealed class SmtpMailboxApp : MailboxApp
{
    public SmtpSink Sink { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Mail:SmtpHost"] = "127.0.0.1",
        ["Mail:SmtpPort"] = Sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mailbox:PortalUrl"] = "https://portal.example/t/{slug}",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Sink.DisposeAsync();
    }
}

/// <summary>The application with e-mail notifications switched off.</summary>
public sealed class QuietMailboxApp : MailboxApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings) { ["Mailbox:NotifyByEmail"] = "false" };
}

/// <summary>The e-mail that announces a new mailbox message: sent over SMTP, without content, and only when switched on.</summary>
public sealed class MailNotificationTests(SmtpMailboxApp app) : IClassFixture<SmtpMailboxApp>
{
    [Fact]
    public async Task A_notice_in_the_mailbox_is_announced_over_smtp_with_the_tenant_and_a_link_but_no_personal_data()
    {
        var citizen = await Applicants.SignedInAsync(app, "hundeanmeldung");
        var application = await app.SubmitAsync(citizen, "hundeanmeldung");

        await app.RunHandlerAsync("rathaus:notice", await app.TenantIdAsync(), application,
            new System.Text.Json.Nodes.JsonObject { ["bescheidText"] = "Luna und Bruno sind angemeldet." });

        var (recipients, data) = Assert.Single(app.Sink.Messages);
        Assert.Equal(["max.mustermann@example.org"], recipients);
        var text = MailText.Subject(data) + "\n" + MailText.Body(data);
        Assert.Contains("Neue Nachricht im Postfach von Stadt Musterstadt", text);
        Assert.Contains("https://portal.example/t/musterstadt/konto/postfach", text);
        foreach (var secret in new[] { application.Reference, "Hundesteuer", "Luna", "Schneider", "Max" })
        {
            Assert.DoesNotContain(secret, text);
        }
        Assert.Empty(app.Mails());
    }
}

/// <summary>Notifications switched off (<c>Mailbox:NotifyByEmail=false</c>).</summary>
public sealed class QuietMailboxTests(QuietMailboxApp app) : IClassFixture<QuietMailboxApp>
{
    [Fact]
    public async Task With_notifications_switched_off_a_message_arrives_in_the_mailbox_without_an_email()
    {
        var citizen = await Applicants.SignedInAsync(app, "sperrmuell");
        var application = await app.SubmitAsync(citizen, "sperrmuell");
        var before = app.Mails().Count;

        var delivery = await app.Services.GetRequiredService<CitizenMailbox>().DeliverAsync(await app.TenantIdAsync(),
            new OutgoingMessage(application.CaseId, MessageKinds.Message, "Abholtermin", "Wir holen am 10.06.2027 ab."));

        Assert.NotNull(delivery);
        Assert.Equal(before, app.Mails().Count);
        var page = await citizen.GetPageAsync($"/konto/postfach/{delivery.MessageId}");
        Assert.Equal("Abholtermin", page.Text("#betreff"));
    }
}
