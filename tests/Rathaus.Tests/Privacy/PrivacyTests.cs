using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Platform.Tenancy;
using Rathaus.Tests.EndToEnd;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Portal;

namespace Rathaus.Tests.Privacy;

/// <summary>
/// The citizen's data cockpit and data export (Art. 15 DSGVO) and the auditor's audit log: citizen A sees who accessed
/// and received A's data and nothing of citizen B; A's export holds A's data only; the auditor filters and exports.
/// </summary>
public sealed class PrivacyTests(FlowsApp app) : IClassFixture<FlowsApp>
{
    private const string Password = Rathaus.Platform.Demo.DemoSeeder.Password;
    private const string Ordnungsamt = "ordnungsamt@musterstadt.example";
    private readonly Flow _flow = new(app);

    /// <summary>Citizen B: a second account of the tenant (made once per fixture), signed in, who applies in the portal.</summary>
    private async Task<HttpClient> CitizenBAsync()
    {
        const string email = "berta.beispiel@example.org";
        if (await app.QueryAsync<int>("SELECT count(*)::int FROM citizen_accounts WHERE email = @email", new { email }) == 0)
        {
            await app.Services.GetRequiredService<TenantAdministration>().AddCitizenAsync("musterstadt", email, "Berta Beispiel", Password, "substantial");
        }
        var client = app.ClientFor();
        var signIn = await client.SubmitAsync("/anmelden", new Dictionary<string, string> { ["Email"] = email, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    /// <summary>B registers a dog called Rex, held by Berta Beispiel; returns the reference.</summary>
    private static async Task<string> BAppliesAsync(HttpClient b)
    {
        var data = ShippedServices.Valid("hundeanmeldung");
        data["halter"]!["familienname"] = "Beispiel";
        data["halter"]!["vornamen"] = "Berta";
        data["hunde"]![0]!["name"] = "Rex";
        var browser = new ApplicantBrowser(b);
        var (withoutFiles, files) = ShippedServices.WithUploads(data);
        var review = await browser.FillAsync(await browser.StartAsync("hundeanmeldung"), withoutFiles,
            files.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.First()));
        var submitted = await b.PostAsync(review, await b.GetPageAsync(review), []);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        return (await b.GetPageAsync(submitted.Headers.Location!.OriginalString)).Text("#aktenzeichen");
    }

    private Task<Guid> CaseIdAsync(string reference) => app.QueryAsync<Guid>("SELECT id FROM cases WHERE reference = @reference", new { reference });

    private static List<(string Who, string What, string Reference, string Why, bool Self)> Rows(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("#zugriffe tbody tr").Select(r => (
            r.QuerySelector("[data-spalte=wer]")!.TextContent.Trim(),
            r.QuerySelector("[data-spalte=was]")!.TextContent.Trim(),
            r.QuerySelector("[data-spalte=aktenzeichen]")!.TextContent.Trim(),
            r.QuerySelector("[data-spalte=wozu]")!.TextContent.Trim(),
            r.GetAttribute("data-selbst") == "ja")).ToList();

    [Fact]
    public async Task The_cockpit_shows_the_caseworkers_view_and_the_transfer_to_the_tax_office_and_nothing_of_another_citizen()
    {
        var (a, reference) = await _flow.ApplyAsync("hundeanmeldung", ShippedServices.Valid("hundeanmeldung"));
        var b = await CitizenBAsync();
        var referenceB = await BAppliesAsync(b);
        var caseworker = await _flow.StaffAsync(Ordnungsamt);
        await caseworker.GetPageAsync($"/verwaltung/vorgaenge/{await CaseIdAsync(reference)}");
        await caseworker.GetPageAsync($"/verwaltung/vorgaenge/{await CaseIdAsync(referenceB)}");
        await _flow.CompleteAsync(caseworker, reference, "Task_Pruefen", ("pruefung.entscheidung", "anmelden"));
        await _flow.CompleteAsync(caseworker, reference, "Task_Versicherung", ("nachweis.nachweisAusreichend", "true"));
        string? taxReference = null;
        await FlowsApp.WaitUntilAsync(async () => (taxReference = await app.QueryAsync<string?>(
            "SELECT (SELECT c.reference FROM case_transfers t JOIN cases c ON c.id = t.to_case_id JOIN cases f ON f.id = t.from_case_id WHERE f.reference = @reference)",
            new { reference })) is not null, "the registration is passed to the tax office");

        var account = await a.GetPageAsync("/konto");
        var cockpit = await a.GetPageAsync(account.QuerySelector("#datencockpit")!.GetAttribute("href")!);

        var rows = Rows(cockpit);
        Assert.Equal("Datencockpit", cockpit.Text("h1"));
        Assert.NotNull(cockpit.QuerySelector("#zugriffe caption"));
        Assert.Contains(rows, r => r is { Who: "Ordnungsamt (Sachbearbeitung)", What: "Antrag mit allen Angaben geöffnet", Why: "Bearbeitung Ihres Antrags" }
            && r.Reference == reference);
        var sent = Assert.Single(rows, r => r.What.StartsWith("Daten übermittelt an Steueramt: ", StringComparison.Ordinal));
        Assert.Equal(("Ordnungsamt (automatische Verarbeitung)", reference), (sent.Who, sent.Reference));
        Assert.Contains("halter.familienname", sent.What, StringComparison.Ordinal);
        Assert.Contains("hunde.chipnummer", sent.What, StringComparison.Ordinal);
        Assert.StartsWith("Rechtsgrundlage: ", sent.Why, StringComparison.Ordinal);
        Assert.Contains("Art. 3 KAG", sent.Why, StringComparison.Ordinal);
        var received = Assert.Single(rows, r => r.What.StartsWith("Daten erhalten von Ordnungsamt (Vorgang " + reference + ")", StringComparison.Ordinal));
        Assert.Equal(("Steueramt (automatische Verarbeitung)", taxReference), (received.Who, received.Reference));
        Assert.Contains(rows, r => r is { Who: "Sie selbst", What: "Am Portal angemeldet", Why: "Anmeldung an Ihrem Konto", Self: true });
        Assert.Contains(rows, r => r is { Who: "Sie selbst", What: "Antrag eingereicht", Self: true } && r.Reference == reference);

        var text = cockpit.Body!.TextContent;
        Assert.DoesNotContain(referenceB, text, StringComparison.Ordinal);
        var caseworkerName = await app.QueryAsync<string>("SELECT display_name FROM staff_accounts WHERE email = @Ordnungsamt", new { Ordnungsamt });
        Assert.DoesNotContain(caseworkerName, text, StringComparison.Ordinal);
        var ids = rows.Count;
        Assert.Equal(ids, cockpit.QuerySelectorAll("#zugriffe tbody tr").Select(r => r.GetAttribute("data-eintrag")).Distinct().Count());

        var english = await a.GetPageAsync("/konto/datencockpit?culture=en&ui-culture=en");
        Assert.Equal("Data cockpit", english.Text("h1"));
        Assert.Contains(Rows(english), r => r is { Who: "Ordnungsamt (caseworker)", What: "Application opened with all its data", Why: "Processing your application" });

        var cockpitB = Rows(await b.GetPageAsync("/konto/datencockpit"));
        Assert.DoesNotContain(cockpitB, r => r.Reference == reference || r.Reference == taxReference);
        Assert.Contains(cockpitB, r => r.Reference == referenceB && r.What == "Antrag mit allen Angaben geöffnet");
    }

    [Fact]
    public async Task The_cockpit_is_paged_newest_first_fifty_a_page()
    {
        var b = await CitizenBAsync();
        var tenant = await app.TenantAsync();
        var citizenB = await app.QueryAsync<string>("SELECT id::text FROM citizen_accounts WHERE email = 'berta.beispiel@example.org'");
        await app.QueryAsync<int>("""
            WITH added AS (
                INSERT INTO audit_entries (tenant_id, at, actor_kind, actor_id, action, purpose)
                SELECT @tenant, now(), 'citizen', @citizenB, 'account.signed-in', 'sign-in' FROM generate_series(1, 60)
                RETURNING 1)
            SELECT count(*)::int FROM added
            """, new { tenant = tenant.Id, citizenB });
        var total = await app.QueryAsync<int>("""
            SELECT count(*)::int FROM audit_entries e
            WHERE e.case_id IN (SELECT id FROM cases WHERE citizen_id = @citizenB::uuid)
               OR (e.actor_kind = 'citizen' AND e.case_id IS NULL AND e.actor_id = @citizenB)
            """, new { citizenB });

        var first = await b.GetPageAsync("/konto/datencockpit");
        var second = await b.GetPageAsync(first.QuerySelector("#aeltere")!.GetAttribute("href")!);

        static List<long> Ids(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelectorAll("#zugriffe tbody tr")
            .Select(r => long.Parse(r.GetAttribute("data-eintrag")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var (one, two) = (Ids(first), Ids(second));
        Assert.Equal(50, one.Count);
        Assert.Equal(one.OrderDescending(), one);
        Assert.Equal(two.OrderDescending(), two);
        Assert.True(two.Max() < one.Min());
        if (total <= 100)
        {
            Assert.Equal(total - 50, two.Count);
            Assert.Null(second.QuerySelector("#aeltere"));
        }
        Assert.NotNull(second.QuerySelector("#neueste"));
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync("/konto/datencockpit?vor=0")).StatusCode);
    }

    [Fact]
    public async Task The_export_holds_the_citizens_form_data_documents_messages_and_access_log_and_nothing_of_another_citizen()
    {
        var (a, reference) = await _flow.ApplyAsync("hundeanmeldung", ShippedServices.Valid("hundeanmeldung"));
        var b = await CitizenBAsync();
        var referenceB = await BAppliesAsync(b);
        var citizenA = await app.QueryAsync<Guid>("SELECT id FROM citizen_accounts WHERE email = 'max.mustermann@example.org'");
        await FlowsApp.WaitUntilAsync(async () => await app.QueryAsync<int>(
            "SELECT count(*)::int FROM case_documents d JOIN cases c ON c.id = d.case_id WHERE c.reference = @reference AND d.kind = 'receipt'", new { reference }) > 0,
            "the receipt is written");

        var response = await a.SubmitAsync("/konto/datenexport", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("datenexport-musterstadt-", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        string Read(string name)
        {
            using var reader = new StreamReader(zip.GetEntry(name)!.Open(), Encoding.UTF8);
            return reader.ReadToEnd();
        }

        Assert.Contains("LIESMICH.txt", names);
        Assert.Contains("Art. 15 DSGVO", Read("LIESMICH.txt"), StringComparison.Ordinal);
        var account = JsonNode.Parse(Read("konto.json"))!;
        Assert.Equal("max.mustermann@example.org", account["email"]!.GetValue<string>());
        Assert.DoesNotContain("password", Read("konto.json"), StringComparison.OrdinalIgnoreCase);

        var application = JsonNode.Parse(Read($"antraege/{reference}/antrag.json"))!;
        Assert.Equal("hundeanmeldung", application["leistung"]!.GetValue<string>());
        Assert.Equal("Schneider", application["antragsdaten"]!["halter"]!["familienname"]!.GetValue<string>());
        Assert.Equal("Bruno", application["antragsdaten"]!["hunde"]![0]!["name"]!.GetValue<string>());
        var documents = application["dokumente"]!.AsArray();
        Assert.Contains(documents, d => d!["art"]!.GetValue<string>() == "receipt");
        var evidence = documents.Single(d => d!["titel"]!.GetValue<string>() == "haftpflicht-luna.pdf")!;
        var file = zip.GetEntry(evidence["datei"]!.GetValue<string>())!;
        using (var content = file.Open())
        {
            Assert.Equal(evidence["sha256"]!.GetValue<string>(), Convert.ToHexStringLower(await SHA256.HashDataAsync(content)));
        }
        Assert.Equal(SampleFiles.Pdf(), ReadAll(file));
        Assert.Contains(names, n => n.StartsWith($"antraege/{reference}/dokumente/", StringComparison.Ordinal) && n.Contains("-receipt-", StringComparison.Ordinal));
        Assert.NotNull(application["nachrichten"]);

        var log = Read("zugriffsprotokoll.csv");
        Assert.Contains("Am Portal angemeldet", log, StringComparison.Ordinal);
        Assert.Contains(reference, log, StringComparison.Ordinal);

        Assert.DoesNotContain(names, n => n.Contains(referenceB, StringComparison.Ordinal));
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".json", StringComparison.Ordinal) || e.FullName.EndsWith(".csv", StringComparison.Ordinal)))
        {
            var text = Read(entry.FullName);
            Assert.DoesNotContain(referenceB, text, StringComparison.Ordinal);
            Assert.DoesNotContain("Berta", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\"Rex\"", text, StringComparison.Ordinal);
        }
        Assert.Equal(1, await app.QueryAsync<int>(
            "SELECT count(*)::int FROM audit_entries WHERE action = 'account.exported' AND actor_kind = 'citizen' AND actor_id = @a AND purpose = 'gdpr:art15'",
            new { a = citizenA.ToString() }));
        Assert.Contains(Rows(await a.GetPageAsync("/konto/datencockpit")), r => r is { What: "Alle Daten des Kontos heruntergeladen (Datenexport)", Self: true });
    }

    [Fact]
    public async Task The_export_needs_the_antiforgery_token()
    {
        var (a, _) = await _flow.ApplyAsync("hundeanmeldung", ShippedServices.Valid("hundeanmeldung"));

        var response = await a.PostAsync("/konto/datenexport", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var content = entry.Open();
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task The_auditor_filters_the_log_and_exports_the_filtered_entries_as_csv_which_is_itself_logged()
    {
        var reference = await _flow.SubmitAsync("hundeanmeldung", ShippedServices.Valid("hundeanmeldung"));
        var caseId = await CaseIdAsync(reference);
        var caseworker = await _flow.StaffAsync(Ordnungsamt);
        await caseworker.GetPageAsync($"/verwaltung/vorgaenge/{caseId}");
        await caseworker.GetPageAsync($"/verwaltung/vorgaenge/{caseId}");
        var auditor = await _flow.StaffAsync("datenschutz@musterstadt.example");
        var caseworkerName = await app.QueryAsync<string>("SELECT display_name FROM staff_accounts WHERE email = @Ordnungsamt", new { Ordnungsamt });
        var home = await auditor.GetPageAsync("/verwaltung");
        Assert.Equal("/verwaltung/protokoll", home.QuerySelector("#protokoll")!.GetAttribute("href"));

        var page = await auditor.GetPageAsync($"/verwaltung/protokoll?aktion=case.viewed&aktenzeichen={reference}");

        var rows = page.QuerySelectorAll("#protokoll tbody tr").ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("case.viewed", r.GetAttribute("data-aktion")));
        Assert.All(rows, r => Assert.Contains(reference, r.TextContent, StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Contains(caseworkerName, r.TextContent, StringComparison.Ordinal));
        Assert.NotNull(page.QuerySelector("#protokoll caption"));
        Assert.Matches(@"^\d+ Einträge verkettet, \d+ warten auf die Verkettung\.$", page.Text("#kette-stand"));

        var byActor = await auditor.GetPageAsync($"/verwaltung/protokoll?wer={Uri.EscapeDataString(caseworkerName)}&aktenzeichen={reference}");
        Assert.Equal(2, byActor.QuerySelectorAll("#protokoll tbody tr").Length);
        var submitted = await auditor.GetPageAsync($"/verwaltung/protokoll?aktion=case.submitted&aktenzeichen={reference}");
        Assert.Single(submitted.QuerySelectorAll("#protokoll tbody tr"));
        var tomorrow = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var future = await auditor.GetPageAsync($"/verwaltung/protokoll?von={tomorrow}&aktenzeichen={reference}");
        Assert.NotNull(future.QuerySelector("#keine-eintraege"));
        var bad = await auditor.GetPageAsync("/verwaltung/protokoll?von=kein-datum");
        Assert.Equal("Bitte geben Sie ein Datum an, z. B. 21.11.2026.", bad.Text("#von-fehler"));

        var form = page.QuerySelector("#csv-export")!;
        var fields = form.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value")!);
        var csv = await auditor.PostAsync(form.GetAttribute("action")!, new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id;at_utc;actor_kind;actor_id;actor_name;actor_role;action;case_reference", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Equal(("staff", "case.viewed", reference, "caseworker:ordnungsamt"),
            (l.Split(';')[2], l.Split(';')[6], l.Split(';')[7], l.Split(';')[5])));
        var auditorId = await app.QueryAsync<string>("SELECT id::text FROM staff_accounts WHERE email = 'datenschutz@musterstadt.example'");
        var logged = await app.QueryAsync<string>(
            "SELECT purpose FROM audit_entries WHERE action = 'audit.exported' AND actor_id = @auditorId AND actor_role = 'auditor' ORDER BY id DESC LIMIT 1", new { auditorId });
        Assert.Contains("Aktion case.viewed", logged, StringComparison.Ordinal);
        Assert.Contains("Aktenzeichen " + reference, logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_csv_export_with_a_bad_date_shows_the_error_once_and_exports_and_records_nothing()
    {
        var auditor = await _flow.StaffAsync("datenschutz@musterstadt.example");
        var page = await auditor.GetPageAsync("/verwaltung/protokoll");
        var token = page.QuerySelector("#csv-export input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var exports = await app.QueryAsync<int>("SELECT count(*)::int FROM audit_entries WHERE action = 'audit.exported'");

        var response = await auditor.PostAsync("/verwaltung/protokoll?handler=Csv",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["von"] = "31.02.2026" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var shown = await Html.ParseAsync(response);
        Assert.Single(shown.QuerySelectorAll("#von-fehler"));
        Assert.StartsWith("Fehler: ", shown.Title, StringComparison.Ordinal);
        Assert.Equal(exports, await app.QueryAsync<int>("SELECT count(*)::int FROM audit_entries WHERE action = 'audit.exported'"));
    }

    [Fact]
    public async Task A_caseworker_and_a_citizen_cannot_reach_the_audit_log()
    {
        var caseworker = await _flow.StaffAsync(Ordnungsamt);
        var citizen = await CitizenBAsync();

        var asCaseworker = await caseworker.GetAsync("/verwaltung/protokoll");
        var csvAsCaseworker = await caseworker.PostAsync("/verwaltung/protokoll?handler=Csv", new FormUrlEncodedContent([]));
        var asCitizen = await citizen.GetAsync("/verwaltung/protokoll");

        Assert.Equal((HttpStatusCode.Redirect, "/fehler/403"), (asCaseworker.StatusCode, asCaseworker.Headers.Location!.AbsolutePath));
        Assert.NotEqual(HttpStatusCode.OK, csvAsCaseworker.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, asCitizen.StatusCode);
        Assert.Equal("/verwaltung/anmelden", asCitizen.Headers.Location!.AbsolutePath);
        Assert.Null((await caseworker.GetPageAsync("/verwaltung")).QuerySelector("#protokoll"));
    }

    [Fact]
    public async Task Sign_ins_of_staff_are_logged_with_their_roles()
    {
        await _flow.StaffAsync("datenschutz@musterstadt.example");

        var auditorId = await app.QueryAsync<string>("SELECT id::text FROM staff_accounts WHERE email = 'datenschutz@musterstadt.example'");
        Assert.True(await app.QueryAsync<int>(
            "SELECT count(*)::int FROM audit_entries WHERE action = 'account.signed-in' AND actor_kind = 'staff' AND actor_id = @auditorId AND actor_role = 'auditor' AND purpose = 'sign-in'",
            new { auditorId }) > 0);
    }
}
