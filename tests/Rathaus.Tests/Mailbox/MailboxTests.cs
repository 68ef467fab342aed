using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Mailbox;
using Rathaus.Processes;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Portal;

namespace Rathaus.Tests.Mailbox;

/// <summary>The citizen's applications, mailbox, documents and answers in the portal (/konto/antraege, /konto/postfach).</summary>
public sealed class MailboxTests(MailboxApp app) : IClassFixture<MailboxApp>
{
    private CitizenMailbox Mailbox => app.Services.GetRequiredService<CitizenMailbox>();

    private async Task<HttpClient> ErikaAsync()
    {
        var client = app.ClientFor();
        var response = await client.SubmitAsync("/anmelden", new Dictionary<string, string> { ["Email"] = "erika.mustermann@example.org", ["Password"] = "Demo-Passwort-2026" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private async Task<(HttpClient Citizen, SubmittedApplication Application, Guid MessageId)> WithMessageAsync(string subject = "Rückfrage zu Ihrem Hund")
    {
        var citizen = await Applicants.SignedInAsync(app, "hundeanmeldung");
        var application = await app.SubmitAsync(citizen, "hundeanmeldung");
        var delivery = await Mailbox.DeliverAsync(await app.TenantIdAsync(), new OutgoingMessage(application.CaseId, MessageKinds.InformationRequest, subject,
            "Bitte senden Sie uns den Nachweis der Haftpflichtversicherung für Luna.") { ReplyDue = new DateOnly(2026, 12, 15), SentBy = "system" });
        return (citizen, application, delivery!.MessageId);
    }

    private Task<int> AuditAsync(string action, Guid caseId) =>
        app.QueryAsync<int>("SELECT count(*)::int FROM audit_entries WHERE action = @action AND case_id = @caseId", new { action, caseId });

    private static IEnumerable<KeyValuePair<string, string>> Answer(string text) => [FormPost.Value("antwort", text)];

    [Fact]
    public async Task My_applications_list_a_new_application_as_received_and_link_to_it()
    {
        var citizen = await Applicants.SignedInAsync(app, "sperrmuell");
        var application = await app.SubmitAsync(citizen, "sperrmuell");

        var page = await citizen.GetPageAsync("/konto/antraege");

        var row = page.QuerySelector($"#antraege tr[data-reference='{application.Reference}']")!;
        Assert.Contains("Sperrmüll zur Abholung anmelden", row.TextContent);
        Assert.Equal("Eingegangen", row.QuerySelector(".rathaus-status")!.TextContent.Trim());
        Assert.Equal($"/konto/antraege/{application.CaseId}", row.QuerySelector("a")!.GetAttribute("href"));
        var detail = await citizen.GetPageAsync($"/konto/antraege/{application.CaseId}");
        Assert.Equal(application.Reference, detail.Text("#aktenzeichen"));
        // The citizen's own receipt is among the documents.
        Assert.Contains("Eingangsbestätigung", detail.Text("#dokumente"));
        // The way there: from the header of every page and from the account page.
        var start = await citizen.GetPageAsync("/");
        Assert.Contains(start.QuerySelectorAll("header a"), a => a.GetAttribute("href") == "/konto/antraege" && a.TextContent == "Meine Anträge");
        Assert.Contains(start.QuerySelectorAll("header a"), a => a.GetAttribute("href") == "/konto/postfach" && a.TextContent == "Postfach");
        Assert.Equal("/konto/antraege", (await citizen.GetPageAsync("/konto")).QuerySelector("#meine-antraege")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_mailbox_speaks_english_when_the_citizen_chose_english()
    {
        var (citizen, application, messageId) = await WithMessageAsync();

        var mailbox = await citizen.GetPageAsync("/konto/postfach?culture=en");
        var message = await citizen.GetPageAsync($"/konto/postfach/{messageId}?culture=en");
        var applications = await citizen.GetPageAsync("/konto/antraege?culture=en");

        Assert.Equal("Mailbox", mailbox.Text("h1"));
        Assert.Contains("New", Row(mailbox, application.Reference).TextContent);
        Assert.Equal("Send answer", message.Text("form button[type=submit]"));
        Assert.Equal("Question open – please answer by 15 December 2026",
            applications.QuerySelector($"#antraege tr[data-reference='{application.Reference}'] .rathaus-status")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_status_follows_the_milestones_of_the_process_until_the_case_is_closed()
    {
        var citizen = await Applicants.SignedInAsync(app, "handwerkerparkausweis");
        var application = await app.SubmitAsync(citizen, "handwerkerparkausweis");
        var processes = app.Services.GetRequiredService<ProcessService>();
        var tenant = await app.TenantIdAsync();

        async Task CompleteOpenTaskAsync(JsonObject? variables = null) => await processes.CompleteTaskAsync(tenant,
            await app.QueryAsync<string>("SELECT id FROM process_user_tasks WHERE instance_id = @InstanceId AND status = 'open'", application),
            variables, TaskActor.System);

        await CompleteOpenTaskAsync(new JsonObject { ["voraussetzungenErfuellt"] = true });
        await CompleteOpenTaskAsync();

        var page = await citizen.GetPageAsync($"/konto/antraege/{application.CaseId}");
        Assert.Equal("Abgeschlossen: Parkausweis erteilt", page.Text("#status"));
        var closed = await app.QueryAsync<(string Milestone, DateTimeOffset ClosedAt)>("SELECT milestone, closed_at FROM cases WHERE id = @CaseId", application);
        Assert.Equal(("Parkausweis erteilt", MailboxApp.Start), (closed.Milestone, closed.ClosedAt));
    }

    [Fact]
    public async Task Opening_a_message_marks_it_read_and_every_reading_is_audited()
    {
        var (citizen, application, messageId) = await WithMessageAsync();

        var before = await citizen.GetPageAsync("/konto/postfach");
        var message = await citizen.GetPageAsync($"/konto/postfach/{messageId}");
        await citizen.GetPageAsync($"/konto/postfach/{messageId}");
        var after = await citizen.GetPageAsync("/konto/postfach");

        Assert.Contains("Neu", Row(before, application.Reference).TextContent);
        Assert.Equal("Rückfrage zu Ihrem Hund", message.Text("#betreff"));
        Assert.Contains("Haftpflichtversicherung für Luna", message.Text("#nachricht"));
        Assert.Equal("15.12.2026", message.Text("#antwortfrist"));
        Assert.DoesNotContain("Neu", Row(after, application.Reference).TextContent);
        Assert.Equal(1, await AuditAsync("message.delivered", application.CaseId));
        Assert.Equal(2, await AuditAsync("message.read", application.CaseId));
        var status = await citizen.GetPageAsync("/konto/antraege");
        Assert.Equal("Rückfrage offen – bitte antworten Sie bis zum 15.12.2026",
            status.QuerySelector($"#antraege tr[data-reference='{application.Reference}'] .rathaus-status")!.TextContent.Trim());
    }

    private static AngleSharp.Dom.IElement Row(IHtmlDocument mailbox, string reference) =>
        mailbox.QuerySelectorAll("#nachrichten tbody tr").Single(r => r.TextContent.Contains(reference, StringComparison.Ordinal));

    [Fact]
    public async Task A_notice_opens_inline_for_its_applicant_and_another_citizen_gets_404_for_it_its_message_and_its_application()
    {
        var citizen = await Applicants.SignedInAsync(app, "meldebescheinigung");
        var application = await app.SubmitAsync(citizen, "meldebescheinigung");
        var result = await app.RunHandlerAsync("rathaus:notice", await app.TenantIdAsync(), application,
            new JsonObject { ["bescheidText"] = "Die Bescheinigung ist ausgestellt." });
        var documentId = result!["noticeDocumentId"]!.GetValue<string>();
        var messageId = result["noticeMessageId"]!.GetValue<string>();
        var url = $"/konto/antraege/{application.CaseId}/dokumente/{documentId}";

        var response = await citizen.GetAsync(url);
        var erika = await ErikaAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", response.Content.Headers.ContentDisposition?.DispositionType ?? response.Headers.GetValues("Content-Disposition").Single().Split(';')[0]);
        Assert.Contains($"bescheid-{application.Reference}.pdf", response.Content.Headers.ContentDisposition?.ToString() ?? response.Headers.GetValues("Content-Disposition").Single());
        Assert.Equal(1, await AuditAsync("document.downloaded", application.CaseId));
        Assert.Equal(HttpStatusCode.NotFound, (await erika.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await erika.GetAsync($"/konto/postfach/{messageId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await erika.GetAsync($"/konto/antraege/{application.CaseId}")).StatusCode);
        Assert.Equal(1, await AuditAsync("document.downloaded", application.CaseId));
        Assert.Equal(0, await AuditAsync("message.read", application.CaseId));
        // Not signed in: to the sign-in page.
        Assert.Equal(HttpStatusCode.Redirect, (await app.ClientFor().GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task An_answer_with_text_and_a_file_reaches_the_case_and_the_file_becomes_a_reply_document()
    {
        var (citizen, application, messageId) = await WithMessageAsync();
        var url = $"/konto/postfach/{messageId}";

        var response = await citizen.PostAsync(url, await citizen.GetPageAsync(url), Answer("Anbei der Nachweis für Luna."),
            [new UploadFile("anhaenge", "haftpflicht-luna.pdf", SampleFiles.Pdf("luna"), "application/pdf")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await citizen.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Ihre Antwort wurde gesendet.", page.Text("#gesendet"));
        Assert.Contains("Anbei der Nachweis für Luna.", page.Text(".rathaus-answer"));
        var reply = await app.QueryAsync<(string Subject, string Body, Guid[] Documents)>(
            "SELECT subject, body, document_ids FROM mailbox_messages WHERE in_reply_to = @messageId AND direction = 'from_citizen'", new { messageId });
        Assert.Equal("Antwort: Rückfrage zu Ihrem Hund", reply.Subject);
        var document = await app.QueryAsync<(string Kind, string Title, string CreatedBy)>(
            "SELECT kind, title, created_by FROM case_documents WHERE id = @id", new { id = Assert.Single(reply.Documents) });
        Assert.Equal(("reply", "haftpflicht-luna.pdf", "citizen"), document);
        Assert.Equal(1, await AuditAsync("message.answered", application.CaseId));
        // The department sees the conversation of the case in order.
        var conversation = await Mailbox.ListForCaseAsync(await app.TenantIdAsync(), application.CaseId);
        Assert.Equal(["to_citizen", "from_citizen"], conversation.Select(m => m.Direction));
        Assert.Equal("haftpflicht-luna.pdf", Assert.Single(conversation[1].Documents).FileName);
        var detail = await citizen.GetPageAsync($"/konto/antraege/{application.CaseId}");
        Assert.Contains("haftpflicht-luna.pdf", detail.Text("#dokumente"));
        // Answered: the request is no longer open; the status is the dog registration's milestone again.
        Assert.Equal("In Prüfung", detail.Text("#status"));
    }

    [Fact]
    public async Task An_empty_answer_is_refused_with_a_message_and_nothing_is_stored()
    {
        var (citizen, application, messageId) = await WithMessageAsync();
        var url = $"/konto/postfach/{messageId}";

        var response = await citizen.PostAsync(url, await citizen.GetPageAsync(url), Answer("   "),
            [new UploadFile("anhaenge", "nachweis.pdf", SampleFiles.Pdf(), "application/pdf")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Equal("Bitte schreiben Sie eine Antwort.", page.Text("#antwort-fehler"));
        Assert.Contains("Bitte schreiben Sie eine Antwort.", page.Text("#fehlerzusammenfassung"));
        Assert.StartsWith("Fehler: ", page.Title);
        await AssertNothingStoredAsync(application);
    }

    [Fact]
    public async Task An_answer_with_a_file_over_the_limit_is_refused_with_a_message_and_nothing_is_stored()
    {
        var (citizen, application, messageId) = await WithMessageAsync();
        var url = $"/konto/postfach/{messageId}";
        var big = new byte[MailboxApp.MaxFileBytes + 1];
        SampleFiles.Pdf().CopyTo(big, 0);

        var response = await citizen.PostAsync(url, await citizen.GetPageAsync(url), Answer("Hier der Nachweis."),
            [new UploadFile("anhaenge", "riesig.pdf", big, "application/pdf")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Contains("riesig.pdf", page.Text("#anhaenge-fehler"));
        Assert.Contains("zu groß", page.Text("#anhaenge-fehler"));
        // What was typed is kept.
        Assert.Equal("Hier der Nachweis.", page.QuerySelector("#antwort")!.TextContent);
        await AssertNothingStoredAsync(application);
    }

    [Fact]
    public async Task Answering_a_message_of_another_citizen_is_404_and_nothing_is_stored()
    {
        var (_, application, messageId) = await WithMessageAsync();
        var erika = await ErikaAsync();

        // Erika posts an answer to Max's message, with a valid antiforgery token of her own session.
        var response = await erika.PostAsync($"/konto/postfach/{messageId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["antwort"] = "Nicht meine Nachricht.",
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(erika),
        }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertNothingStoredAsync(application);
    }

    /// <summary>A valid antiforgery token of the client, from a page with a form (the account page's sign-out form).</summary>
    private static async Task<string> AntiforgeryTokenAsync(HttpClient client) =>
        (await client.GetPageAsync("/konto")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

    private async Task AssertNothingStoredAsync(SubmittedApplication application)
    {
        Assert.Equal(0, await app.QueryAsync<int>("SELECT count(*)::int FROM mailbox_messages WHERE case_id = @CaseId AND direction = 'from_citizen'", application));
        Assert.Equal(0, await app.QueryAsync<int>("SELECT count(*)::int FROM case_documents WHERE case_id = @CaseId AND kind = 'reply'", application));
        Assert.Equal(0, await AuditAsync("message.answered", application.CaseId));
    }

    [Fact]
    public async Task A_new_message_is_announced_by_email_with_a_link_and_without_any_content()
    {
        var before = app.Mails().Count;
        var (_, application, _) = await WithMessageAsync("Rückfrage zu Ihrem Antrag wegen Luna");

        var mail = Assert.Single(app.Mails().Skip(before));

        Assert.Contains("To: max.mustermann@example.org", mail);
        Assert.Contains("Sie haben eine neue Nachricht im Postfach von Stadt Musterstadt.", MailText.Body(mail));
        Assert.Contains("https://musterstadt.localhost/konto/postfach", MailText.Body(mail));
        Assert.DoesNotContain(application.Reference, MailText.Body(mail));
        Assert.DoesNotContain("Luna", MailText.Body(mail));
        Assert.DoesNotContain("Max", MailText.Body(mail));
    }
}
