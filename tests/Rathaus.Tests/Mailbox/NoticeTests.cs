using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Portal;

namespace Rathaus.Tests.Mailbox;

/// <summary>
/// Notices (Bescheide) of every shipped service, made by the real <c>rathaus:notice</c> handler from the service's
/// template and its valid example, read back as the citizen downloads them and as pdftotext extracts them.
/// </summary>
public sealed partial class NoticeTests(MailboxApp app) : IClassFixture<MailboxApp>
{
    /// <summary>The addressee each shipped notice names, from the service's examples/valid.json.</summary>
    private static readonly Dictionary<string, string> Addressees = new()
    {
        ["bauantrag"] = "Lena und Markus Hartmann",
        ["brauchtumsfeuer"] = "Burschenverein Beispielheim e. V.",
        ["gartenwasserzaehler"] = "Gerda Neumann",
        ["gewerbeanmeldung"] = "Deniz Yılmaz",
        ["handwerkerparkausweis"] = "Haustechnik Krause GmbH",
        ["hundeabmeldung"] = "Thomas Wagner",
        ["hundeanmeldung"] = "Julia Katharina Schneider",
        ["meldebescheinigung"] = "Max Mustermann",
        ["sperrmuell"] = "Monika Becker",
    };

    public static TheoryData<string> Services => new(ShippedServices.WithForms());

    private static JsonObject Decision(string text, decimal? fee = null)
    {
        var variables = new JsonObject { ["bescheidText"] = text };
        if (fee is { } amount)
        {
            variables["fee"] = new JsonObject { ["amount"] = amount, ["dueDate"] = "2026-12-31", ["purpose"] = "Gebühr Testbescheid" };
        }
        return variables;
    }

    /// <summary>The PDF as the citizen opens it from the application page.</summary>
    private static async Task<(HttpResponseMessage Response, string Text)> OpenAsync(HttpClient citizen, SubmittedApplication application, string documentId)
    {
        var response = await citizen.GetAsync($"/konto/antraege/{application.CaseId}/dokumente/{documentId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Poppler.Text(await response.Content.ReadAsByteArrayAsync(), layout: true);
        return (response, Spaces().Replace(text.Replace('\u00A0', ' '), " "));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_shipped_notice_carries_addressee_reference_decision_fee_bank_details_legal_remedy_and_the_electronic_note(string serviceId)
    {
        var county = Applicants.HostFor(serviceId).StartsWith("musterkreis", StringComparison.Ordinal);
        var tenant = await app.TenantIdAsync(county ? "musterkreis" : "musterstadt");
        var citizen = await Applicants.SignedInAsync(app, serviceId);
        var application = await app.SubmitAsync(citizen, serviceId);

        var result = await app.RunHandlerAsync("rathaus:notice", tenant, application,
            Decision("Ihrem Antrag wird entsprochen. Die Prüfung hat keine Beanstandungen ergeben.", fee: 25.5m));

        var (response, text) = await OpenAsync(citizen, application, result!["noticeDocumentId"]!.GetValue<string>());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(Addressees[serviceId], text);
        Assert.Contains("Aktenzeichen " + application.Reference, text);
        Assert.Contains("Datum 01.12.2026", text);
        Assert.Contains("Ihrem Antrag wird entsprochen. Die Prüfung hat keine Beanstandungen ergeben.", text);
        Assert.Contains("Betrag 25,50 €", text);
        Assert.Contains("Fällig am 31.12.2026", text);
        Assert.Contains("Verwendungszweck Gebühr Testbescheid", text);
        Assert.Contains(county ? "IBAN DE02 1203 0000 0000 2020 51" : "IBAN DE02 5001 0517 0137 0750 30", text);
        Assert.Contains(county ? "Kreissparkasse Musterkreis" : "Sparkasse Musterkreis", text);
        Assert.Contains(county ? "Landkreis Musterkreis" : "Stadt Musterstadt", text);
        Assert.Contains("Rechtsbehelfsbelehrung", text);
        Assert.Contains("Verwaltungsgericht", text);
        Assert.Contains("Dieses Schreiben wurde elektronisch erstellt und ist ohne Unterschrift gültig.", text);
        // The template's own markup never shows: no "#", "---", "|" or Handlebars left over.
        Assert.DoesNotContain("{{", text);
        Assert.DoesNotContain("---", text);
        Assert.DoesNotMatch(@"(^| )[#|>] ", text);
    }

    [Fact]
    public async Task The_notice_sits_in_the_mailbox_of_the_applicant_and_is_filed_once_even_when_its_job_runs_again()
    {
        var tenant = await app.TenantIdAsync();
        var citizen = await Applicants.SignedInAsync(app, "hundeanmeldung");
        var application = await app.SubmitAsync(citizen, "hundeanmeldung");

        var first = await app.RunHandlerAsync("rathaus:notice", tenant, application, Decision("Angemeldet."), jobId: "wiederholt-" + application.CaseId);
        var again = await app.RunHandlerAsync("rathaus:notice", tenant, application, Decision("Angemeldet."), jobId: "wiederholt-" + application.CaseId);

        Assert.Equal(first!["noticeDocumentId"]!.ToString(), again!["noticeDocumentId"]!.ToString());
        Assert.Equal(first["noticeMessageId"]!.ToString(), again["noticeMessageId"]!.ToString());
        Assert.Equal(1, await app.QueryAsync<int>("SELECT count(*)::int FROM case_documents WHERE case_id = @CaseId AND kind = 'notice'", application));
        var title = await app.QueryAsync<string>("SELECT title FROM case_documents WHERE case_id = @CaseId AND kind = 'notice'", application);
        Assert.Equal("Hundesteuer – Bestätigung Ihrer Anmeldung", title);

        var mailbox = await citizen.GetPageAsync("/konto/postfach");
        var row = mailbox.QuerySelectorAll("#nachrichten tbody tr").Single(r => r.TextContent.Contains(application.Reference, StringComparison.Ordinal));
        Assert.Contains("Hundesteuer – Bestätigung Ihrer Anmeldung", row.TextContent);
        Assert.Contains("Neu", row.TextContent);
        Assert.Equal("notice", row.GetAttribute("data-kind"));
    }

    [Fact]
    public async Task A_case_applied_for_in_English_gets_its_notice_in_English()
    {
        var tenant = await app.TenantIdAsync();
        var citizen = await Applicants.SignedInAsync(app, "hundeabmeldung");
        var application = await app.SubmitAsync(citizen, "hundeabmeldung", language: "en");

        var result = await app.RunHandlerAsync("rathaus:notice", tenant, application, Decision("Your dog has been deregistered.", fee: 0m));

        var (_, text) = await OpenAsync(citizen, application, result!["noticeDocumentId"]!.GetValue<string>());
        Assert.Contains("Dog tax – deregistration of your dog “Bello” (tag no. 1047)", text);
        Assert.Contains("as of 31 October 2026", text);
        Assert.Contains("Reference " + application.Reference, text);
        Assert.Contains("Information on legal remedies", text);
        Assert.Contains("This letter was created electronically and is valid without a signature.", text);
        Assert.Contains("Page 1 of", text);
        // A fee of 0 is no fee: no payment block.
        Assert.DoesNotContain("Fee and payment", text);
    }

    [Fact]
    public async Task The_recipient_the_process_sets_replaces_the_address_of_the_template()
    {
        var tenant = await app.TenantIdAsync();
        var citizen = await Applicants.SignedInAsync(app, "gewerbeanmeldung");
        var application = await app.SubmitAsync(citizen, "gewerbeanmeldung");
        var variables = Decision("Eingetragen.");
        variables["recipient"] = new JsonObject
        {
            ["name"] = "Radwerk Musterstadt UG (haftungsbeschränkt)",
            ["street"] = "Bahnhofstraße",
            ["houseNumber"] = "22",
            ["postalCode"] = "99991",
            ["city"] = "Musterstadt",
        };

        var result = await app.RunHandlerAsync("rathaus:notice", tenant, application, variables);

        var (_, text) = await OpenAsync(citizen, application, result!["noticeDocumentId"]!.GetValue<string>());
        Assert.Contains("Radwerk Musterstadt UG", text);
        Assert.Contains("Bahnhofstraße 22", text);
        Assert.DoesNotContain("Rosengasse 3", text);
    }

    [Fact]
    public async Task A_citizen_text_that_looks_like_template_markup_stays_text()
    {
        var tenant = await app.TenantIdAsync();
        var citizen = await Applicants.SignedInAsync(app, "sperrmuell");
        var application = await app.SubmitAsync(citizen, "sperrmuell");

        var result = await app.RunHandlerAsync("rathaus:notice", tenant, application,
            Decision("# Kein Betreff\n---\n- kein Listenpunkt\n| keine | Tabelle |\n\nZweiter Absatz."));

        var (_, text) = await OpenAsync(citizen, application, result!["noticeDocumentId"]!.GetValue<string>());
        Assert.Contains("# Kein Betreff --- - kein Listenpunkt | keine | Tabelle | Zweiter Absatz.", text);
        Assert.Equal("Ihre Sperrmüllanmeldung",
            await app.QueryAsync<string>("SELECT title FROM case_documents WHERE case_id = @CaseId AND kind = 'notice'", application));
    }

    [Fact]
    public async Task A_plain_message_from_a_template_reaches_the_mailbox_without_a_pdf()
    {
        var citizen = await Applicants.SignedInAsync(app, "sperrmuell");
        var application = await app.SubmitAsync(citizen, "sperrmuell");

        var result = await app.RunHandlerAsync("rathaus:message", await app.TenantIdAsync(), application,
            Decision("Wir holen Ihren Sperrmüll am 10.06.2027 ab."), new Dictionary<string, string> { ["template"] = "notice" });

        var page = await citizen.GetPageAsync($"/konto/postfach/{result!["messageId"]!.GetValue<string>()}");
        Assert.Equal("Ihre Sperrmüllanmeldung", page.Text("#betreff"));
        Assert.Contains("Wir holen Ihren Sperrmüll am 10.06.2027 ab.", page.Text("#nachricht"));
        Assert.Null(page.QuerySelector("#anlagen"));
        Assert.Equal(0, await app.QueryAsync<int>("SELECT count(*)::int FROM case_documents WHERE case_id = @CaseId AND kind = 'notice'", application));
    }

    [Fact]
    public async Task An_anonymous_application_gets_its_notice_filed_but_no_mailbox_message_and_a_request_fails_as_a_bpmn_error()
    {
        var tenant = await app.TenantIdAsync();
        var application = await app.SubmitAsync(app.ClientFor(), "brauchtumsfeuer");

        var notice = await app.RunHandlerAsync("rathaus:notice", tenant, application, Decision("Keine Einwände."));
        var error = await Assert.ThrowsAsync<Rathaus.Bpmn.Runtime.BpmnErrorException>(() => app.RunHandlerAsync("rathaus:request-information", tenant,
            application, new JsonObject { ["nachforderungText"] = "Bitte nennen Sie eine zweite Aufsichtsperson." }));

        Assert.NotNull(notice!["noticeDocumentId"]);
        Assert.Null(notice["noticeMessageId"]);
        Assert.Equal("kein-postfach", error.ErrorCode);
        Assert.Equal(0, await app.QueryAsync<int>("SELECT count(*)::int FROM mailbox_messages WHERE case_id = @CaseId", application));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
