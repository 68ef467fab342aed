using System.Net;
using Rathaus.Platform.Identity;
using Rathaus.Tests.Infrastructure;
using static Rathaus.Tests.Infrastructure.FormPost;

namespace Rathaus.Tests.Workbench;

/// <summary>The case view: the application, documents in the browser, where the process stands, notes, deadline, prints.</summary>
public sealed class CaseViewTests(RathausApp app) : IClassFixture<RathausApp>
{
    private const string Ordnungsamt = "ordnungsamt@musterstadt.example";

    private Task<int> AuditAsync(Guid caseId, string action) =>
        app.QueryAsync<int>("SELECT count(*)::int FROM audit_entries WHERE case_id = @caseId AND action = @action AND purpose = 'Sachbearbeitung'",
            new { caseId, action });

    [Fact]
    public async Task The_case_view_shows_the_application_its_documents_the_current_step_and_the_timeline_and_is_audited()
    {
        var parking = await Casework.SubmitAsync(app, "handwerkerparkausweis");
        var me = await Casework.SignInAsync(app, Ordnungsamt);

        var page = await me.GetPageAsync($"/verwaltung/vorgaenge/{parking.Id}");

        Assert.Equal(parking.Reference, page.Text("#aktenzeichen"));
        var answers = page.QuerySelector("#antragsdaten")!.TextContent;
        Assert.Contains("Haustechnik Krause GmbH", answers, StringComparison.Ordinal);
        Assert.Contains("MK-HK 2741", answers, StringComparison.Ordinal);
        Assert.NotEmpty(page.QuerySelectorAll("#antragsdaten h3"));
        var documents = page.QuerySelectorAll("#dokumente tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(4, documents.Count); // three uploads and the receipt
        Assert.Contains(documents, d => d.Contains("Eingangsbestätigung", StringComparison.Ordinal));
        Assert.Contains(documents, d => d.Contains("handwerkskarte.pdf", StringComparison.Ordinal));
        Assert.Contains("handwerkskarte.pdf", page.QuerySelectorAll("#antragsdaten a").Select(a => a.TextContent.Trim()));
        Assert.Equal("Antrag und Nachweise prüfen", page.Text("#aktuelle-schritte li"));
        Assert.Equal("Task_Pruefen", page.QuerySelector("#prozessdiagramm")!.GetAttribute("data-current"));
        var timeline = page.QuerySelectorAll("#verlauf li").Select(li => li.TextContent).ToList();
        Assert.Contains(timeline, t => t.EndsWith("Antrag eingegangen", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.EndsWith("Antrag und Nachweise prüfen: begonnen", StringComparison.Ordinal));
        Assert.Equal("0", page.Text("#ausdrucke"));
        Assert.Equal(1, await AuditAsync(parking.Id, "case.viewed"));
        Assert.Equal("caseworker:ordnungsamt", await app.QueryAsync<string>(
            "SELECT actor_role FROM audit_entries WHERE case_id = @id AND action = 'case.viewed'", new { id = parking.Id }));

        var xml = await me.GetAsync($"/verwaltung/vorgaenge/{parking.Id}?handler=Diagram");
        Assert.Equal("application/xml", xml.Content.Headers.ContentType!.MediaType);
        Assert.Contains("bpmndi:BPMNDiagram", await xml.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attachment_is_shown_inline_with_its_type_and_a_restrictive_policy_and_each_view_is_audited()
    {
        var parking = await Casework.SubmitAsync(app, "handwerkerparkausweis");
        var me = await Casework.SignInAsync(app, Ordnungsamt);
        var page = await me.GetPageAsync($"/verwaltung/vorgaenge/{parking.Id}");
        var link = page.QuerySelectorAll("#dokumente a").First(a => a.TextContent.Contains("handwerkskarte.pdf", StringComparison.Ordinal)).GetAttribute("href")!;

        var viewer = await me.GetPageAsync(link);
        var frame = viewer.QuerySelector("iframe#dokument")!;
        var content = await me.GetAsync(frame.GetAttribute("src")!);

        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        Assert.Equal("application/pdf", content.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", content.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("handwerkskarte.pdf", content.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", content.Headers.GetValues("X-Content-Type-Options").Single());
        var policy = content.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'self'", policy, StringComparison.Ordinal);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await content.Content.ReadAsByteArrayAsync())[..4], StringComparison.Ordinal);
        Assert.Equal(1, await AuditAsync(parking.Id, "document.viewed"));

        var other = await Casework.SignInAsync(app, "buergerbuero@musterstadt.example");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(frame.GetAttribute("src")!)).StatusCode);
        Assert.Equal(1, await AuditAsync(parking.Id, "document.viewed"));
    }

    [Fact]
    public async Task Printing_a_document_is_recorded_counted_and_shown_and_needs_the_antiforgery_token()
    {
        var parking = await Casework.SubmitAsync(app, "handwerkerparkausweis");
        var me = await Casework.SignInAsync(app, Ordnungsamt);
        var page = await me.GetPageAsync($"/verwaltung/vorgaenge/{parking.Id}");
        var receiptRow = page.QuerySelectorAll("#dokumente tbody tr").First(r => r.TextContent.Contains("Eingangsbestätigung", StringComparison.Ordinal));
        var form = receiptRow.QuerySelector("form")!;
        var before = await app.QueryAsync<int>("SELECT count(*)::int FROM print_actions");

        var withoutToken = await me.PostAsync(form.GetAttribute("action")!, new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal(0, await app.QueryAsync<int>("SELECT count(*)::int FROM print_actions WHERE case_id = @id", new { id = parking.Id }));

        var printed = await me.PostAsync(form.GetAttribute("action")!, new FormUrlEncodedContent(
            form.QuerySelectorAll("input[type=hidden]").Select(i => Value(i.GetAttribute("name")!, i.GetAttribute("value")!))));

        Assert.Equal(HttpStatusCode.OK, printed.StatusCode);
        Assert.Equal("application/pdf", printed.Content.Headers.ContentType!.MediaType);
        Assert.Equal(1, await app.QueryAsync<int>("SELECT count(*)::int FROM print_actions WHERE case_id = @id", new { id = parking.Id }));
        Assert.Equal(before + 1, await app.QueryAsync<int>("SELECT count(*)::int FROM print_actions"));
        Assert.Equal(1, await AuditAsync(parking.Id, "document.printed"));
        var again = await me.GetPageAsync($"/verwaltung/vorgaenge/{parking.Id}");
        Assert.Equal("1", again.Text("#ausdrucke"));

        await Casework.EnsureStaffAsync(app, "leitung.ordnungsamt@musterstadt.example", "Tina Teamleitung", [Roles.TeamLead], ["ordnungsamt"]);
        var lead = await Casework.SignInAsync(app, "leitung.ordnungsamt@musterstadt.example");
        var overview = await lead.GetPageAsync("/verwaltung/uebersicht");
        Assert.NotEqual("0", overview.Text("tr[data-organisationseinheit=ordnungsamt] td[data-spalte=ausdrucke]"));
        Assert.Null(overview.QuerySelector("tr[data-organisationseinheit=buergerbuero]"));
        Assert.StartsWith((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + " Ausdrucke", overview.Text("#ausdrucke-mandant"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Internal_notes_are_added_and_listed_and_an_empty_note_is_refused()
    {
        var parking = await Casework.SubmitAsync(app, "handwerkerparkausweis");
        var me = await Casework.SignInAsync(app, Ordnungsamt);
        var page = await me.GetPageAsync($"/verwaltung/vorgaenge/{parking.Id}");

        var empty = await me.PostFormAsync(page, "handler=Note", [Value("notiz", "   ")]);
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal("Schreiben Sie eine Notiz.", (await Html.ParseAsync(empty)).Text("#fehlerzusammenfassung a"));
        Assert.Equal(0, await app.QueryAsync<int>("SELECT count(*)::int FROM case_notes WHERE case_id = @id", new { id = parking.Id }));

        var added = await me.PostFormAsync(page, "handler=Note", [Value("notiz", "Rückruf beim Betrieb: Fotos folgen per Post? <b>Nein</b>.")]);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var shown = await me.GetPageAsync(added.Headers.Location!.OriginalString);
        Assert.Equal("Die Notiz ist gespeichert.", shown.Text("#bestaetigung"));
        Assert.Contains("Rückruf beim Betrieb: Fotos folgen per Post? <b>Nein</b>.", shown.Text("#notizliste"), StringComparison.Ordinal);
        Assert.Contains("Jonas Wagner", shown.Text("#notizliste"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_processing_deadline_warns_when_it_is_near_and_when_it_has_passed_and_the_inbox_filters_by_it()
    {
        var fire = await Casework.SubmitAsync(app, "brauchtumsfeuer"); // 5 days
        var me = await Casework.SignInAsync(app, Ordnungsamt);

        var fresh = await me.GetPageAsync($"/verwaltung/vorgaenge/{fire.Id}");
        Assert.Null(fresh.QuerySelector("#fristwarnung"));

        app.Clock.Advance(TimeSpan.FromDays(3));
        me = await Casework.SignInAsync(app, Ordnungsamt); // the sign-in of three days ago has expired
        var soon = await me.GetPageAsync($"/verwaltung/vorgaenge/{fire.Id}");
        Assert.Contains("Die Bearbeitungsfrist endet am", soon.Text("#fristwarnung"), StringComparison.Ordinal);
        Assert.Contains(fire.Reference, (await me.GetPageAsync("/verwaltung/aufgaben?frist=bald")).Text("#aufgaben"), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromDays(4));
        me = await Casework.SignInAsync(app, Ordnungsamt);
        var late = await me.GetPageAsync($"/verwaltung/vorgaenge/{fire.Id}");
        Assert.Contains("abgelaufen", late.Text("#fristwarnung"), StringComparison.Ordinal);
        var overdue = await me.GetPageAsync("/verwaltung/aufgaben?frist=ueberfaellig");
        Assert.Contains(fire.Reference, overdue.Text("#aufgaben"), StringComparison.Ordinal);
        Assert.Contains("überfällig", overdue.QuerySelectorAll("#aufgaben tbody tr").First(r => r.TextContent.Contains(fire.Reference, StringComparison.Ordinal)).TextContent,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_team_leads_and_administrators_see_the_overview_and_a_lead_sees_their_departments()
    {
        await Casework.SubmitAsync(app, "handwerkerparkausweis");
        await Casework.EnsureStaffAsync(app, "leitung.ordnungsamt@musterstadt.example", "Tina Teamleitung", [Roles.TeamLead], ["ordnungsamt"]);
        var caseworker = await Casework.SignInAsync(app, Ordnungsamt);
        var lead = await Casework.SignInAsync(app, "leitung.ordnungsamt@musterstadt.example");
        var admin = await Casework.SignInAsync(app, "admin@musterstadt.example");

        Assert.Equal(HttpStatusCode.NotFound, (await caseworker.GetAsync("/verwaltung/uebersicht")).StatusCode);
        var leads = await lead.GetPageAsync("/verwaltung/uebersicht");
        var all = await admin.GetPageAsync("/verwaltung/uebersicht");

        Assert.Equal(["ordnungsamt"], leads.QuerySelectorAll("#organisationseinheiten tbody tr").Select(r => r.GetAttribute("data-organisationseinheit")!).ToArray());
        var open = await app.QueryAsync<int>("SELECT count(*)::int FROM process_user_tasks WHERE status = 'open' AND 'ordnungsamt' = ANY (candidate_groups)");
        Assert.Equal(open.ToString(System.Globalization.CultureInfo.InvariantCulture), leads.Text("tr[data-organisationseinheit=ordnungsamt] td[data-spalte=offen]"));
        Assert.Contains("Jonas Wagner", leads.Text("#personen"), StringComparison.Ordinal);
        Assert.True(all.QuerySelectorAll("#organisationseinheiten tbody tr").Length >= 5);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/verwaltung/vorgaenge/{await app.QueryAsync<Guid>("SELECT id FROM cases LIMIT 1")}")).StatusCode);
    }
}
