using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Rathaus.Platform.Admin;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.DogTax;

/// <summary>The tenant's dog tax statute and collection calendar, kept by the command line and the tenant admin's API.</summary>
public sealed class RulesAdministrationTests(RathausApp app) : IClassFixture<RathausApp>
{
    private const string Password = Rathaus.Platform.Demo.DemoSeeder.Password;

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Database:ConnectionString", app.ConnectionString)]).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(args, output, error, configuration, new StringReader(""));
        return (exit, output.ToString(), error.ToString());
    }

    private static string TempFile(string name, string content)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("rathaus-rules-").FullName, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    private Task<HttpClient> SignedInAsync(string email) => app.StaffClientAsync(email, "beispielheim.localhost");

    private const string Statute2027 = """
        { "validFrom": "2027-01-01", "title": "Hundesteuersatzung 2027", "rates": { "first": 50, "second": 100, "further": 100, "listed": 500 },
          "liabilityStart": "same-month", "dueDates": ["03-01", "09-01"],
          "exemptions": [ { "code": "rettungshund", "label": { "de": "Rettungshund", "en": "Rescue dog" }, "percent": 100 } ] }
        """;

    [Fact]
    public async Task The_command_line_imports_a_statute_and_lists_the_versions_of_the_tenant()
    {
        var import = await RunAsync("admin", "dog-tax", "import", TempFile("satzung.json", Statute2027), "--tenant", "musterstadt");
        var list = await RunAsync("admin", "dog-tax", "list", "--tenant", "musterstadt");
        var other = await RunAsync("admin", "dog-tax", "list", "--tenant", "beispielheim");

        Assert.Equal((0, 0), (import.Exit, list.Exit));
        Assert.Contains("valid from 2027-01-01 stored for musterstadt", import.Output, StringComparison.Ordinal);
        var lines = list.Output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("2024-01-01", StringComparison.Ordinal) && l.Contains("first   60.00 €", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("2027-01-01", StringComparison.Ordinal) && l.Contains("due 03-01, 09-01", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("tierheim", StringComparison.Ordinal) && l.Contains("for 12 months", StringComparison.Ordinal));
        Assert.DoesNotContain("2027-01-01", other.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_statute_with_a_mistake_is_refused_on_the_command_line_with_its_place_and_nothing_is_stored()
    {
        var result = await RunAsync("admin", "dog-tax", "import", TempFile("falsch.json", Statute2027.Replace("\"03-01\", \"09-01\"", "\"03-01\"", StringComparison.Ordinal)
            .Replace("2027-01-01", "2028-01-01", StringComparison.Ordinal).Replace("\"first\": 50", "\"first\": \"fünfzig\"", StringComparison.Ordinal)), "--tenant", "musterstadt");

        Assert.Equal(1, result.Exit);
        Assert.Contains("$.rates.first:", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("2028-01-01", (await RunAsync("admin", "dog-tax", "list", "--tenant", "musterstadt")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_line_imports_streets_and_dates_from_csv_and_lists_the_calendar()
    {
        var streets = await RunAsync("admin", "waste-calendar", "import",
            TempFile("strassen.csv", "bezirk;name;strasse\nost;Bezirk Ost;Ostring\nost;Bezirk Ost;Sonnenweg\n"), "--tenant", "beispielheim");
        var dates = await RunAsync("admin", "waste-calendar", "import",
            TempFile("termine.csv", "bezirk;datum;kapazitaet\nost;2099-03-03;12\nost;17.03.2099;\n"), "--tenant", "beispielheim");
        var list = await RunAsync("admin", "waste-calendar", "list", "--tenant", "beispielheim", "--from", "2099-01-01");

        Assert.True((streets.Exit, dates.Exit, list.Exit) == (0, 0, 0), streets.Error + dates.Error + list.Error);
        Assert.Contains("1 districts, 2 streets and 0 dates", streets.Output, StringComparison.Ordinal);
        Assert.Contains("1 districts, 0 streets and 2 dates", dates.Output, StringComparison.Ordinal);
        Assert.Contains("Bezirk Ost", list.Output, StringComparison.Ordinal);
        Assert.Contains("Ostring, Sonnenweg", list.Output, StringComparison.Ordinal);
        Assert.Contains("2099-03-03 (0/12), 2099-03-17 (0/∞)", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tenant_admin_stores_a_statute_through_the_api_and_a_caseworker_may_only_read_it()
    {
        var admin = await SignedInAsync("admin@beispielheim.example");
        var caseworker = await SignedInAsync("steueramt@beispielheim.example");

        var statute = Statute2027.Replace("2027-01-01", "2029-01-01", StringComparison.Ordinal);
        var stored = await admin.PutAsync("/api/v1/dog-tax/statutes", new StringContent(statute, Encoding.UTF8, "application/json"));
        var refused = await caseworker.PutAsync("/api/v1/dog-tax/statutes", new StringContent(statute, Encoding.UTF8, "application/json"));
        var listed = await caseworker.GetFromJsonAsync<JsonArray>("/api/v1/dog-tax/statutes");

        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(["2023-01-01", "2029-01-01"], listed!.Select(s => s!["validFrom"]!.GetValue<string>()));
        Assert.Equal(50m, listed![1]!["rates"]!["first"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_calendar_file_with_mistakes_is_refused_by_the_api_with_every_problem_and_changes_nothing()
    {
        var admin = await SignedInAsync("admin@beispielheim.example");

        var response = await admin.PostAsync("/api/v1/waste-calendar",
            new StringContent("bezirk;name;strasse\nwest;Bezirk West;Weststraße\nsued;Bezirk Süd;Weststr.\nx y;Kaputt;Irgendwo\n", Encoding.UTF8, "text/csv"));
        var calendar = await admin.GetFromJsonAsync<JsonArray>("/api/v1/waste-calendar");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problems = (await response.Content.ReadFromJsonAsync<JsonObject>())!["problems"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Contains(problems, p => p.StartsWith("line 4 bezirk:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'Weststr.' is listed for district west too", StringComparison.Ordinal));
        Assert.DoesNotContain(calendar!, d => d!["key"]!.GetValue<string>() is "west" or "sued");
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string handler, string fileName, string content, string contentType)
    {
        var page = await client.GetPageAsync("/verwaltung/regeln");
        var form = page.Forms.First(f => (f.GetAttribute("action") ?? "").Contains("handler=" + handler, StringComparison.Ordinal));
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return await client.PostAsync(form.GetAttribute("action")!, new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { file, "datei", fileName },
        });
    }

    [Fact]
    public async Task The_tenant_admin_sees_statute_and_calendar_in_the_workbench_and_uploads_a_street_list()
    {
        var admin = await SignedInAsync("admin@beispielheim.example");

        var start = await admin.GetPageAsync("/verwaltung");
        var page = await admin.GetPageAsync(start.QuerySelector("#regeln")!.GetAttribute("href")!);
        var uploaded = await UploadAsync(admin, "Calendar", "strassen.csv", "bezirk;name;strasse\nnordost;Bezirk Nordost;Waldweg\n", "text/csv");

        Assert.Contains("erster Hund 45,00", page.Text("#satzungen"), StringComparison.Ordinal);
        Assert.Contains("Dorfstraße", page.QuerySelector("#abfuhrbezirke [data-bezirk='1']")!.TextContent, StringComparison.Ordinal);
        var after = await Html.ParseAsync(uploaded);
        Assert.Equal("Übernommen: 1 Bezirke, 1 Straßen, 0 Termine.", after.Text("#bestaetigung"));
        Assert.Contains("Waldweg", after.QuerySelector("#abfuhrbezirke [data-bezirk='nordost']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_statute_file_with_mistakes_is_refused_on_the_page_with_each_mistake_and_nothing_changes()
    {
        var admin = await SignedInAsync("admin@beispielheim.example");

        var refused = await UploadAsync(admin, "Statute", "satzung.json", Statute2027.Replace("\"listed\": 500", "\"listed\": -5", StringComparison.Ordinal), "application/json");

        var page = await Html.ParseAsync(refused);
        Assert.StartsWith("Fehler:", page.Title, StringComparison.Ordinal);
        Assert.Contains("Die Satzung kann nicht übernommen werden", page.Text("#fehlerzusammenfassung"), StringComparison.Ordinal);
        Assert.Contains("$.rates.listed", page.Text("#probleme"), StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("#satzungen [data-gueltig-ab='2027-01-01']"));
    }

    [Fact]
    public async Task A_caseworker_does_not_get_the_rules_page()
    {
        var caseworker = await SignedInAsync("steueramt@beispielheim.example");

        var response = await caseworker.GetAsync("/verwaltung/regeln");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Null((await caseworker.GetPageAsync("/verwaltung")).QuerySelector("#regeln"));
    }
}
