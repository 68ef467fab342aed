using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Rathaus.Cases;
using Rathaus.Platform.Blobs;
using Rathaus.Platform.Database;
using Rathaus.Platform.Pdf;
using Rathaus.Platform.Tenancy;
using Rathaus.Records;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Workbench;

namespace Rathaus.Tests.Records;

/// <summary>The application without its background search indexer: the tests index when they say so.</summary>
public sealed class SearchApp : RathausApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            foreach (var writer in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "SearchIndexWriter").ToList())
            {
                services.Remove(writer);
            }
        });
    }
}

/// <summary>
/// Full-text search in the E-Akte: German word forms in a PDF's text, metadata, each searcher only what they may
/// see, never another tenant, every search audited, bad input refused with a message.
/// </summary>
public sealed class SearchTests(SearchApp app) : IClassFixture<SearchApp>
{
    private const string RecordsManagerEmail = "registratur@musterstadt.example";

    private RecordsSearch Search => app.Services.GetRequiredService<RecordsSearch>();

    private static SearchScope Caseworker(params string[] departments) =>
        new(Guid.NewGuid().ToString(), false, departments, "caseworker:" + string.Join(',', departments));

    private static readonly SearchScope RecordsOffice = new(Guid.NewGuid().ToString(), true, [], "records_manager");

    /// <summary>Files a case whose evidence is a letter rendered by the application's PDF layer, and indexes it.</summary>
    private async Task<(Guid CaseId, string Reference, Guid DocumentId)> FileLetterAsync(Tenant tenant, string department, string title, string text)
    {
        var pdf = app.Services.GetRequiredService<PdfLetterWriter>().Render(new LetterDocument(
            new Letterhead("Stadt Musterstadt", ["Rathausplatz 1"]), title, [new LetterHeading(title), new LetterParagraph(text)]));
        var blob = await app.Services.GetRequiredService<IBlobStore>().PutAsync(new MemoryStream(pdf), default);
        var documentId = Guid.CreateVersion7();
        var submitted = await app.Services.GetRequiredService<CaseIntake>().SubmitAsync(new IntakeRequest(tenant,
            new IntakeService("records-search", "1.0.0", department, "SUC", null, null),
            new JsonObject { ["name"] = title },
            [new IntakeDocument(documentId, "evidence", "nachweis", title + ".pdf", "application/pdf", blob.Size, blob.Sha256)],
            "portal", new IntakeActor("anonymous", null, null), "corr-search"), receipt: null);
        await app.Services.GetRequiredService<SearchIndexer>().IndexPendingAsync(tenant.Id, default);
        return (submitted.Id, submitted.Reference, documentId);
    }

    private Task<SearchResults> FindAsync(Tenant tenant, SearchScope scope, string query) =>
        Search.SearchAsync(tenant.Id, scope, query, 1, "corr-test");

    [Fact]
    public async Task A_pdfs_text_is_found_by_another_german_word_form_with_the_words_marked_in_the_snippet()
    {
        var tenant = await app.TenantAsync("musterstadt");
        var filed = await FileLetterAsync(tenant, "ordnungsamt", "Anzeige Lärmbelästigung",
            "Der Wachhund des Nachbarn bellt jede Nacht bis zum Morgen.");

        var results = await FindAsync(tenant, Caseworker("ordnungsamt"), "Wachhunde");

        var hit = Assert.Single(results.Hits);
        Assert.Equal(filed.DocumentId, hit.DocumentId);
        Assert.Equal(filed.CaseId, hit.CaseId);
        Assert.Equal(filed.Reference, hit.Reference);
        Assert.Equal("Wachhund", Assert.Single(hit.Snippet, p => p.Match).Text);
        Assert.Contains("bellt jede Nacht", string.Concat(hit.Snippet.Select(p => p.Text)), StringComparison.Ordinal);
        Assert.Equal("extracted", await app.QueryAsync<string>("SELECT text_status FROM records_search WHERE document_id = @id", new { id = filed.DocumentId }));
    }

    [Fact]
    public async Task Metadata_finds_documents_and_the_title_ranks_above_the_text()
    {
        var tenant = await app.TenantAsync("musterstadt");
        var inText = await FileLetterAsync(tenant, "bauamt", "Bauantrag Carport", "Die Dachbegrünung des Carports ist vorgesehen.");
        var inTitle = await FileLetterAsync(tenant, "bauamt", "Dachbegrünung Gartenhaus", "Antrag auf Förderung.");

        var byWord = await FindAsync(tenant, Caseworker("bauamt"), "Dachbegrünung");
        var byReference = await FindAsync(tenant, Caseworker("bauamt"), inText.Reference);

        Assert.Equal([inTitle.DocumentId, inText.DocumentId], byWord.Hits.Select(h => h.DocumentId).ToList());
        Assert.Contains(byReference.Hits, h => h.DocumentId == inText.DocumentId);
        Assert.All(byReference.Hits, h => Assert.Equal(inText.Reference, h.Reference));
    }

    [Fact]
    public async Task A_caseworker_finds_only_their_departments_documents_and_the_records_office_finds_all()
    {
        var tenant = await app.TenantAsync("musterstadt");
        var filed = await FileLetterAsync(tenant, "steueramt", "Zweitwohnungsteuer Erklärung", "Erklärung zur Ferienwohnung am Kranichsee.");

        Assert.Empty((await FindAsync(tenant, Caseworker("ordnungsamt"), "Kranichsee")).Hits);
        Assert.Empty((await FindAsync(tenant, Caseworker(), "Kranichsee")).Hits);
        Assert.Equal(filed.DocumentId, Assert.Single((await FindAsync(tenant, Caseworker("steueramt"), "Kranichsee")).Hits).DocumentId);
        Assert.Equal(filed.DocumentId, Assert.Single((await FindAsync(tenant, Caseworker("ordnungsamt", "steueramt"), "Kranichsee")).Hits).DocumentId);
        Assert.Equal(filed.DocumentId, Assert.Single((await FindAsync(tenant, RecordsOffice, "Kranichsee")).Hits).DocumentId);
    }

    [Fact]
    public async Task Another_tenants_documents_are_never_found()
    {
        var other = await app.TenantAsync("beispielheim");
        var tenant = await app.TenantAsync("musterstadt");
        await FileLetterAsync(other, "ordnungsamt", "Fundsache Regenschirm", "Ein Regenschirm mit Flamingomuster wurde abgegeben.");

        Assert.Empty((await FindAsync(tenant, RecordsOffice, "Flamingomuster")).Hits);
        Assert.Empty((await FindAsync(tenant, Caseworker("ordnungsamt"), "Flamingomuster")).Hits);
        Assert.Single((await FindAsync(other, RecordsOffice, "Flamingomuster")).Hits);
    }

    [Fact]
    public async Task Without_pdftotext_a_document_is_found_by_its_metadata_and_its_text_once_the_tool_is_there()
    {
        var tenant = await app.TenantAsync("beispielheim");
        var db = app.Services.GetRequiredService<Db>();
        var blobs = app.Services.GetRequiredService<IBlobStore>();
        var withoutTool = new SearchIndexer(db, blobs, new PdfTextExtractor(NullLogger<PdfTextExtractor>.Instance) { Tool = "/nonexistent/pdftotext" },
            app.Clock, NullLogger<SearchIndexer>.Instance);
        var pdf = app.Services.GetRequiredService<PdfLetterWriter>().Render(new LetterDocument(
            new Letterhead("Gemeinde Beispielheim", []), "Baumfällung Antrag", [new LetterParagraph("Die Blutbuche im Hof ist morsch.")]));
        var blob = await blobs.PutAsync(new MemoryStream(pdf), default);
        var documentId = Guid.CreateVersion7();
        await app.Services.GetRequiredService<CaseIntake>().SubmitAsync(new IntakeRequest(tenant,
            new IntakeService("records-search", "1.0.0", "bauamt", "SUC", null, null), new JsonObject(),
            [new IntakeDocument(documentId, "evidence", "nachweis", "Baumfällung Antrag.pdf", "application/pdf", blob.Size, blob.Sha256)],
            "portal", new IntakeActor("anonymous", null, null), "corr-search"), receipt: null);

        await withoutTool.IndexPendingAsync(tenant.Id, default);
        var byTitle = await FindAsync(tenant, RecordsOffice, "Baumfällung");
        var byTextBefore = await FindAsync(tenant, RecordsOffice, "Blutbuche");
        await app.Services.GetRequiredService<SearchIndexer>().IndexPendingAsync(tenant.Id, default);
        // A fresh indexer (a node started after poppler-utils was installed) reads what was indexed without text.
        await new SearchIndexer(db, blobs, app.Services.GetRequiredService<PdfTextExtractor>(), app.Clock, NullLogger<SearchIndexer>.Instance)
            .IndexPendingAsync(tenant.Id, default);
        var byTextAfter = await FindAsync(tenant, RecordsOffice, "Blutbuche");

        Assert.Contains(byTitle.Hits, h => h.DocumentId == documentId);
        Assert.Empty(byTextBefore.Hits);
        Assert.Equal(documentId, Assert.Single(byTextAfter.Hits).DocumentId);
    }

    [Fact]
    public async Task Every_search_is_audited_with_the_hash_of_its_query_and_every_document_shown()
    {
        var tenant = await app.TenantAsync("musterstadt");
        var filed = await FileLetterAsync(tenant, "ordnungsamt", "Sondernutzung Straßenfest", "Straßenfest in der Lindenallee mit Hüpfburg.");
        var client = await Casework.SignInAsync(app, "ordnungsamt@musterstadt.example");
        var staffId = await Casework.StaffIdAsync(app, "ordnungsamt@musterstadt.example");

        var response = await client.GetAsync("/api/v1/records/search?q=" + Uri.EscapeDataString("Hüpfburgen  Lindenallee"));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(filed.DocumentId, body!["hits"]!.AsArray().Single()!["documentId"]!.GetValue<Guid>());
        var purpose = "records:search:sha256:" + RecordsSearch.QueryHash("hüpfburgen lindenallee");
        Assert.Equal(1L, await app.QueryAsync<long>("""
            SELECT count(*) FROM audit_entries
            WHERE action = 'records.search' AND actor_id = @staff AND actor_role = 'caseworker:ordnungsamt' AND purpose = @purpose AND case_id IS NULL
            """, new { staff = staffId.ToString(), purpose }));
        Assert.Equal(1L, await app.QueryAsync<long>("""
            SELECT count(*) FROM audit_entries
            WHERE action = 'records.search.hit' AND actor_id = @staff AND purpose = @purpose AND case_id = @caseId AND document_id = @documentId
            """, new { staff = staffId.ToString(), purpose, caseId = filed.CaseId, documentId = filed.DocumentId }));
        Assert.Equal(0L, await app.QueryAsync<long>("SELECT count(*) FROM audit_entries WHERE purpose ILIKE '%lindenallee%'"));
    }

    [Theory]
    [InlineData("", "query-missing", "Geben Sie mindestens ein Wort ein")]
    [InlineData("   ", "query-missing", "Geben Sie mindestens ein Wort ein")]
    [InlineData("der die das", "query-no-words", "kein Wort")]
    [InlineData("!!! ::: &&&", "query-no-words", "kein Wort")]
    [InlineData("Hund\u0000Katze", "query-invalid", "Steuerzeichen")]
    [InlineData("Hund\u0007", "query-invalid", "Steuerzeichen")]
    public async Task A_search_that_cannot_run_is_refused_with_a_message_and_nothing_is_audited(string query, string code, string message)
    {
        var client = await Casework.SignInAsync(app, "ordnungsamt@musterstadt.example");
        var before = await app.QueryAsync<long>("SELECT count(*) FROM audit_entries WHERE action = 'records.search'");

        var response = await client.GetAsync("/api/v1/records/search?q=" + Uri.EscapeDataString(query));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, problem!["code"]!.GetValue<string>());
        Assert.Contains(message, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await app.QueryAsync<long>("SELECT count(*) FROM audit_entries WHERE action = 'records.search'"));
    }

    [Fact]
    public async Task An_overlong_query_and_a_bad_page_are_refused_in_english_too()
    {
        var client = await Casework.SignInAsync(app, "ordnungsamt@musterstadt.example");

        var tooLong = await client.GetAsync("/api/v1/records/search?culture=en&ui-culture=en&q=" + new string('a', 201));
        var badPage = await client.GetAsync("/api/v1/records/search?culture=en&ui-culture=en&q=Hund&page=abc");
        var pastEnd = await client.GetAsync("/api/v1/records/search?q=Hund&page=51");
        var longest = await client.GetAsync("/api/v1/records/search?q=" + string.Join(' ', Enumerable.Repeat("Hund", 40)));

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("The search may be at most 200 characters long.", (await tooLong.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.Equal("The page must be a number from 1 to 50.", (await badPage.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, pastEnd.StatusCode);
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
    }

    [Theory]
    [InlineData("'); DROP TABLE records_search; --")]
    [InlineData("\"unclosed phrase")]
    [InlineData("a & | ! <-> :* (b")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("-Hund or or -")]
    public async Task Query_syntax_never_fails_a_search(string query)
    {
        var client = await Casework.SignInAsync(app, "ordnungsamt@musterstadt.example");

        var response = await client.GetAsync("/api/v1/records/search?q=" + Uri.EscapeDataString(query));

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.True(await app.QueryAsync<bool>("SELECT to_regclass('records_search') IS NOT NULL"));
    }

    [Fact]
    public async Task The_search_page_lists_hits_with_title_reference_date_and_snippet_linked_to_the_document()
    {
        var tenant = await app.TenantAsync("musterstadt");
        var filed = await FileLetterAsync(tenant, "ordnungsamt", "Gaststättenerlaubnis Biergarten", "Ausschank im Biergarten unter Kastanien.");
        var client = await Casework.SignInAsync(app, "ordnungsamt@musterstadt.example");

        var start = await client.GetPageAsync("/verwaltung/suche");
        var page = await client.GetPageAsync("/verwaltung/suche?q=Kastanie");
        var english = await client.GetPageAsync("/verwaltung/suche?culture=en&ui-culture=en&q=Kastanie");

        Assert.Equal("Suchbegriffe", start.QuerySelector("label[for=q]")!.TextContent);
        Assert.Null(start.QuerySelector("#treffer"));
        var hit = Assert.Single(page.QuerySelectorAll("#treffer li"));
        var link = hit.QuerySelector("h3 a")!;
        Assert.Equal("Gaststättenerlaubnis Biergarten.pdf", link.TextContent);
        Assert.Equal($"/verwaltung/vorgaenge/{filed.CaseId}/dokumente/{filed.DocumentId}", link.GetAttribute("href"));
        Assert.Equal(filed.Reference, hit.QuerySelector("[data-feld=aktenzeichen]")!.TextContent);
        Assert.Equal("Kastanien", hit.QuerySelector("[data-feld=fundstelle] mark")!.TextContent);
        Assert.NotNull(hit.QuerySelector("time"));
        Assert.Equal("1 Dokument gefunden.", page.QuerySelector("#anzahl")!.TextContent.Trim());
        Assert.Equal("Search terms", english.QuerySelector("label[for=q]")!.TextContent);
        Assert.Equal("1 document found.", english.QuerySelector("#anzahl")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_search_page_names_the_problem_at_the_field()
    {
        var client = await Casework.SignInAsync(app, "ordnungsamt@musterstadt.example");

        var page = await client.GetPageAsync("/verwaltung/suche?q=", HttpStatusCode.BadRequest);

        Assert.Contains("Geben Sie mindestens ein Wort ein", page.QuerySelector("#q-fehler")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.QuerySelector("#q")!.GetAttribute("aria-invalid"));
        Assert.NotNull(page.QuerySelector("#fehlerzusammenfassung a[href='#q']"));
    }

    [Fact]
    public async Task A_disposed_document_leaves_nothing_in_the_search()
    {
        var tenant = await app.TenantAsync("musterstadt");
        var filed = await FileLetterAsync(tenant, "bauamt", "Abrissgenehmigung Scheune", "Die Fachwerkscheune im Hinterhof wird abgerissen.");
        var before = await FindAsync(tenant, RecordsOffice, "Fachwerkscheune");

        // What disposal does to a case's documents (migration 0013), done here directly.
        await app.QueryAsync<int>("WITH d AS (DELETE FROM case_documents WHERE id = @id RETURNING 1) SELECT count(*)::int FROM d", new { id = filed.DocumentId });

        Assert.Single(before.Hits);
        Assert.Empty((await FindAsync(tenant, RecordsOffice, "Fachwerkscheune")).Hits);
        Assert.Equal(0L, await app.QueryAsync<long>("SELECT count(*) FROM records_search WHERE document_id = @id", new { id = filed.DocumentId }));
    }

    [Fact]
    public async Task Only_signed_in_staff_may_search()
    {
        var anonymous = app.ClientFor();

        var api = await anonymous.GetAsync("/api/v1/records/search?q=Hund");
        var page = await anonymous.GetAsync("/verwaltung/suche?q=Hund");

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/verwaltung/anmelden", page.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_records_manager_searches_the_whole_tenant_through_the_api()
    {
        var tenant = await app.TenantAsync("musterstadt");
        var filed = await FileLetterAsync(tenant, "abfallwirtschaft", "Sperrmüll Abholung", "Abholung einer Jugendstilkommode aus Eichenholz.");
        await Casework.EnsureStaffAsync(app, RecordsManagerEmail, "Rita Registratur", ["records_manager"], []);
        var client = await Casework.SignInAsync(app, RecordsManagerEmail);

        var body = await client.GetFromJsonAsync<JsonObject>("/api/v1/records/search?q=Jugendstilkommoden");

        var hit = body!["hits"]!.AsArray().Single()!;
        Assert.Equal(filed.DocumentId, hit["documentId"]!.GetValue<Guid>());
        Assert.Equal(1, body["total"]!.GetValue<int>());
        Assert.Equal(1L, await app.QueryAsync<long>(
            "SELECT count(*) FROM audit_entries WHERE action = 'records.search' AND actor_role = 'records_manager' AND actor_id = @id",
            new { id = (await Casework.StaffIdAsync(app, RecordsManagerEmail)).ToString() }));
    }
}
