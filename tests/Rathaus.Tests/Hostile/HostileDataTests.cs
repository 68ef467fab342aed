using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Portal;
using Rathaus.Tests.Workbench;

namespace Rathaus.Tests.Hostile;

/// <summary>
/// The other half of the corpus: input that looks hostile but is legitimate data (script text, SQL-looking text,
/// a right-to-left override in a name) is stored verbatim and shown escaped; control characters and overlong text
/// in the portal's form pages get the page's error summary; a file that carries malware where no scanner is
/// configured is never served back as something a browser runs; messages follow the language.
/// </summary>
public sealed class HostileDataTests(HostileApp app) : IClassFixture<HostileApp>
{
    private const string Bidi = "Becker \u202Egnp.exe";

    private static JsonObject WithName(string familienname, string bereitstellung)
    {
        var data = ShippedServices.Valid("sperrmuell");
        data["anmelder"]!["familienname"] = familienname;
        data["abholort"]!["bereitstellung"] = bereitstellung;
        return new JsonObject { ["data"] = data };
    }

    [Fact]
    public async Task Script_and_sql_text_is_stored_verbatim_and_shown_escaped_to_the_caseworker()
    {
        var citizen = await app.CitizenAsync();

        var response = await citizen.PostAsJsonAsync("/api/v1/services/sperrmuell/submissions", WithName(HostileInputs.Script, HostileInputs.Sql + " " + Bidi));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var reference = (await response.Content.ReadFromJsonAsync<JsonObject>())!["reference"]!.GetValue<string>();
        var (caseId, name, place) = await app.QueryAsync<(Guid, string, string)>(
            "SELECT id, data->'anmelder'->>'familienname', data->'abholort'->>'bereitstellung' FROM cases WHERE reference = @reference", new { reference });
        Assert.Equal(HostileInputs.Script, name);
        Assert.Equal(HostileInputs.Sql + " " + Bidi, place);
        Assert.True(await app.QueryAsync<long>("SELECT count(*) FROM cases") > 0); // the table is still there

        var caseworker = await Casework.SignInAsync(app, "abfallwirtschaft@musterstadt.example");
        var html = await (await caseworker.GetAsync($"/verwaltung/vorgaenge/{caseId}")).Content.ReadAsStringAsync();
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain(HostileInputs.Script, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
    }

    /// <summary>Fills the first page of a new bulky-waste application with the valid example, the family name replaced, and presses "Weiter".</summary>
    private async Task<(HttpClient Client, string Url, HttpResponseMessage Response)> FirstPageAsync(string familienname, string language = "de")
    {
        var client = language == "de" ? await app.CitizenAsync() : await Applicants.SignedInAsync(app, "sperrmuell");
        if (language != "de")
        {
            await client.GetAsync("/sprache/" + language + "?zurueck=/");
        }
        var browser = new ApplicantBrowser(client);
        var url = (await browser.StartAsync("sperrmuell")).Split('#')[0];
        var data = ShippedServices.Valid("sperrmuell");
        data["anmelder"]!["familienname"] = familienname;
        return (client, url, await browser.SubmitPageAsync(url, data));
    }

    [Fact]
    public async Task A_script_typed_into_a_form_page_is_kept_and_shown_escaped_on_the_review()
    {
        var (client, url, response) = await FirstPageAsync(HostileInputs.Script);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var again = await client.GetAsync(url);
        var html = await again.Content.ReadAsStringAsync();
        Assert.DoesNotContain(HostileInputs.Script, html, StringComparison.Ordinal);
        Assert.Equal(HostileInputs.Script, (await Html.ParseAsync(again)).QuerySelector("[name='anmelder.familienname']")!.GetAttribute("value"));
        var draft = url.Split('/')[2];
        var review = await (await client.GetAsync($"/antrag/{draft}/pruefen")).Content.ReadAsStringAsync();
        Assert.Contains("&lt;script&gt;", review, StringComparison.Ordinal);
        Assert.DoesNotContain(HostileInputs.Script, review, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Becker\u0000", "de", "Steuerzeichen")]
    [InlineData("\u001b[31mBecker", "de", "Steuerzeichen")]
    [InlineData("Becker\u0000\u001b[31m", "en", "control characters")]
    [InlineData("1 MB", "de", "höchstens")]
    [InlineData("1 MB", "en", "100 characters or fewer")]
    public async Task Control_characters_and_a_megabyte_in_a_form_page_get_the_error_summary_in_the_language_shown(string value, string language, string expected)
    {
        var typed = value == "1 MB" ? HostileInputs.OneMegabyte : System.Text.RegularExpressions.Regex.Unescape(value);
        var before = await app.QueryAsync<long>("SELECT count(*) FROM cases");

        var (client, url, response) = await FirstPageAsync(typed, language);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shown = await Html.ParseAsync(response);
        var summary = shown.QuerySelector("#fehlerzusammenfassung")?.TextContent ?? "";
        Assert.True(summary.Contains(expected, StringComparison.OrdinalIgnoreCase), summary);
        Assert.DoesNotContain(shown.QuerySelector("[name='anmelder.familienname']")!.GetAttribute("value") ?? "", char.IsControl);
        // The draft was saved (every post saves), without the control characters.
        var saved = (await Html.ParseAsync(await client.GetAsync(url))).QuerySelector("[name='anmelder.familienname']")!.GetAttribute("value") ?? "";
        Assert.DoesNotContain(saved, char.IsControl);
        Assert.Equal(before, await app.QueryAsync<long>("SELECT count(*) FROM cases"));
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor().GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Without_a_virus_scanner_eicar_in_a_pdf_is_accepted_unscanned_and_served_only_as_a_pdf_download_or_pdf_view()
    {
        var citizen = await app.CitizenAsync();
        var (data, files) = ShippedServices.WithUploads(ShippedServices.Valid("hundeanmeldung"));
        var multipart = new MultipartFormDataContent { { new StringContent(new JsonObject { ["data"] = data }.ToJsonString(), Encoding.UTF8, "application/json"), "data" } };
        var part = new ByteArrayContent(SampleFiles.PdfWithEicar());
        part.Headers.ContentType = MediaTypeHeaderValue.Parse("text/html");
        multipart.Add(part, files[0].Field, "nachweis.html");

        var response = await citizen.PostAsync("/api/v1/services/hundeanmeldung/submissions", multipart);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var reference = (await response.Content.ReadFromJsonAsync<JsonObject>())!["reference"]!.GetValue<string>();
        var (caseId, documentId, contentType) = await app.QueryAsync<(Guid, Guid, string)>("""
            SELECT c.id, d.id, d.content_type FROM cases c JOIN case_documents d ON d.case_id = c.id AND d.kind = 'evidence' WHERE c.reference = @reference
            """, new { reference });
        Assert.Equal("application/pdf", contentType); // by content, not by the declared text/html
        var caseworker = await Casework.SignInAsync(app, "ordnungsamt@musterstadt.example");
        var served = await caseworker.GetAsync($"/verwaltung/vorgaenge/{caseId}/dokumente/{documentId}?handler=Content");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("application/pdf", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("eicar.com", "application/x-msdownload", "eicar")]
    [InlineData("seite.html", "text/html", "html")]
    [InlineData("bild.svg", "image/svg+xml", "svg")]
    public async Task A_records_version_that_a_browser_would_run_is_kept_but_served_only_as_a_download(string fileName, string declared, string kind)
    {
        var admin = await app.AdminAsync();
        var document = await app.DocumentAsync();
        var content = kind switch
        {
            "eicar" => HostileInputs.Eicar,
            "html" => SampleFiles.Html(),
            _ => SampleFiles.Svg(),
        };
        var multipart = new MultipartFormDataContent();
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(declared);
        multipart.Add(part, "file", fileName);

        var response = await admin.PostAsync($"/api/v1/records/documents/{document}/versions", multipart);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var version = (await response.Content.ReadFromJsonAsync<JsonObject>())!["version"]!.GetValue<int>();
        var served = await admin.GetAsync($"/api/v1/records/documents/{document}/content?version={version}");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("application/octet-stream", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", served.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(content, await served.Content.ReadAsByteArrayAsync());
    }

    private static byte[] Upload(string kind) => kind switch
    {
        "a program named .pdf" => SampleFiles.WindowsProgram(),
        "0 bytes" => [],
        "oversized" => [.. SampleFiles.Pdf(), .. new byte[HostileApp.MaxFileBytes]],
        "EICAR named .pdf" => HostileInputs.Eicar,
        "zip bomb named .pdf" => HostileInputs.ZipBomb("a_b.xml"),
        "HTML named .pdf" => SampleFiles.Html(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static TheoryData<string> Uploads => new(["a program named .pdf", "0 bytes", "oversized", "EICAR named .pdf", "zip bomb named .pdf", "HTML named .pdf"]);

    [Theory]
    [MemberData(nameof(Uploads))]
    public async Task A_hostile_upload_on_a_form_page_is_named_in_the_error_summary_and_nothing_is_stored(string kind)
    {
        var client = await app.CitizenAsync();
        var browser = new ApplicantBrowser(client);
        var data = ShippedServices.Valid("hundeanmeldung");
        var url = (await browser.StartAsync("hundeanmeldung")).Split('#')[0];
        for (var i = 0; i < 5 && (await client.GetPageAsync(url)).QuerySelector("input[type=file]") is null; i++)
        {
            url = (await browser.SubmitPageAsync(url, data)).Headers.Location!.OriginalString.Split('#')[0];
        }
        var page = await client.GetPageAsync(url);
        var field = page.QuerySelector("input[type=file]")!.GetAttribute("name")!;
        var before = await app.SnapshotAsync();

        var response = await client.PostAsync(url, page, [FormPost.Value("aktion", "weiter")], [new UploadFile(field, "nachweis.pdf", Upload(kind), "application/pdf")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = (await Html.ParseAsync(response)).QuerySelector("#fehlerzusammenfassung")?.TextContent ?? "";
        Assert.Contains("nachweis.pdf", summary, StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync());
    }

    public static TheoryData<string> MailboxAttacks => new(["NUL in the text", "escape sequence in the text", "20,001 characters", "1 MB of text",
        "a program named .pdf", "0 bytes", "oversized", "EICAR named .pdf", "zip bomb named .pdf", "HTML named .pdf"]);

    [Theory]
    [MemberData(nameof(MailboxAttacks))]
    public async Task A_hostile_answer_in_the_mailbox_gets_the_error_summary_and_stores_nothing(string attack)
    {
        var message = await app.MessageAsync();
        var citizen = await app.CitizenAsync();
        var url = $"/konto/postfach/{message}";
        var page = await citizen.GetPageAsync(url);
        var text = attack switch
        {
            "NUL in the text" => "Die Zufahrt ist\u0000 frei.",
            "escape sequence in the text" => "\u001b[2JDie Zufahrt ist frei.",
            "20,001 characters" => new string('x', 20_001),
            "1 MB of text" => HostileInputs.OneMegabyte,
            _ => "Anbei der Nachweis.",
        };
        UploadFile[] files = attack.Contains("text", StringComparison.Ordinal) || attack.Contains("characters", StringComparison.Ordinal)
            ? [] : [new UploadFile("anhaenge", "nachweis.pdf", Upload(attack), "application/pdf")];
        var before = await app.SnapshotAsync();

        var response = await citizen.PostAsync(url, page, [FormPost.Value("antwort", System.Text.RegularExpressions.Regex.Unescape(text))], files);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shown = await Html.ParseAsync(response);
        Assert.False(string.IsNullOrWhiteSpace(shown.QuerySelector("#fehlerzusammenfassung")?.TextContent), attack);
        Assert.DoesNotContain(shown.QuerySelector("[name='antwort']")?.TextContent ?? "", c => c is '\u0000' or '\u001b');
        Assert.Equal(before, await app.SnapshotAsync());
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor().GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task A_script_in_a_mailbox_answer_is_kept_verbatim_and_shown_escaped()
    {
        var message = await app.MessageAsync();
        var citizen = await app.CitizenAsync();
        var url = $"/konto/postfach/{message}";
        var page = await citizen.GetPageAsync(url);
        var answer = HostileInputs.Script + " " + HostileInputs.Sql;

        var response = await citizen.PostAsync(url, page, [FormPost.Value("antwort", answer)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(answer, await app.QueryAsync<string>(
            "SELECT body FROM mailbox_messages WHERE in_reply_to = @message ORDER BY created_at DESC LIMIT 1", new { message }));
        var html = await (await citizen.GetAsync(url)).Content.ReadAsStringAsync();
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain(HostileInputs.Script, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/registrieren", "DisplayName", "Erika\u0000 Mustermann")]
    [InlineData("/registrieren", "DisplayName", "\u001b[2JErika Mustermann")]
    [InlineData("/registrieren", "DisplayName", "1 MB")]
    [InlineData("/registrieren", "Email", "erika\u0000@example.org")]
    [InlineData("/anmelden", "Email", "erika\u0000@example.org")]
    [InlineData("/anmelden", "Email", "1 MB")]
    [InlineData("/verwaltung/anmelden", "Email", "admin\u0000@musterstadt.example")]
    [InlineData("/verwaltung/anmelden", "Password", "1 MB")]
    public async Task Control_characters_and_a_megabyte_in_sign_in_and_registration_get_the_error_summary_and_store_nothing(string url, string field, string value)
    {
        var client = app.ClientFor();
        var fields = new Dictionary<string, string>
        {
            ["DisplayName"] = "Erika Mustermann",
            ["Email"] = "erika.hostile@example.org",
            ["Password"] = "Ein-langes-Passwort-2026",
        };
        if (url != "/registrieren")
        {
            fields.Remove("DisplayName");
        }
        fields[field] = value == "1 MB" ? HostileInputs.OneMegabyte : System.Text.RegularExpressions.Regex.Unescape(value);
        var before = await app.SnapshotAsync();

        var response = await client.SubmitAsync(url, fields);

        var shown = await Html.ParseAsync(response);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            // The framework cannot read a form with a NUL byte (the antiforgery check fails first): 400 with the error page.
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("Anfrage nicht verarbeitet", shown.QuerySelector("h1")?.TextContent.Trim());
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(string.IsNullOrWhiteSpace(shown.QuerySelector("#fehlerzusammenfassung")?.TextContent), await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(before, await app.SnapshotAsync());
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor().GetAsync("/health/ready")).StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/services/sperrmuell/submissions", "{\"data\": {", "Citizen")]
    [InlineData("/api/v1/wohngeld/berechnung", "{\"miete\": ", "Anonymous")]
    [InlineData("/api/v1/processes/definitions", "<definitions", "Admin")]
    [InlineData("/api/v1/dog-tax/statutes", "{\"validFrom\":", "Admin")]
    [InlineData("/api/v1/waste-calendar", "{\"districts\":", "Admin")]
    [InlineData("/api/v1/records/fileplan", "", "Admin")]
    [InlineData("/api/v1/records/imports", "kein zip", "Admin")]
    public async Task The_message_of_a_refusal_is_german_by_default_and_english_on_request(string url, string body, string sender)
    {
        var client = sender switch
        {
            "Citizen" => await app.CitizenAsync(),
            "Admin" => await app.AdminAsync(),
            _ => app.ClientFor(),
        };
        var method = url.EndsWith("fileplan", StringComparison.Ordinal) || url.EndsWith("statutes", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post;
        var type = url.Contains("definitions", StringComparison.Ordinal) ? "application/xml" : url.Contains("fileplan", StringComparison.Ordinal) ? "text/csv"
            : url.Contains("imports", StringComparison.Ordinal) ? "application/zip" : "application/json";

        async Task<string> SendAsync(string language)
        {
            using var request = new HttpRequestMessage(method, url + "?culture=" + language + "&ui-culture=" + language)
            {
                Content = new StringContent(body, Encoding.UTF8, type),
            };
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            return problem["title"]!.GetValue<string>() + " " + HostileInputCorpusTests.Message(problem.ToJsonString());
        }

        var german = await SendAsync("de");
        var english = await SendAsync("en");

        Assert.NotEqual(german, english);
        Assert.Matches("[äöüßÄÖÜ]| die | der | ist | nicht ", german);
        Assert.DoesNotMatch("[äöüß]", english);
    }
}
