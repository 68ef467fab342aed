using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Wohngeld;

/// <summary>The calculator as citizens and API clients use it; expected amounts are published BMWSB examples.</summary>
public sealed class WohngeldWebTests(RathausApp app) : IClassFixture<RathausApp>
{
    [Fact]
    public async Task The_api_gives_the_published_amount_with_the_formula_values()
    {
        // BMWSB "Beispiele für die Berechnung des Wohngelds" 2025, Nr. 6: family of four in Munich, Mietstufe VII.
        using var result = JsonDocument.Parse(await app.ClientFor("localhost").GetStringAsync(
            "/api/v1/wohngeld/berechnung?haushaltsmitglieder=4&miete=1225&mietstufe=7&einkommen=2227.25&stichtag=2025-06-01"));
        var root = result.RootElement;

        Assert.Equal(691, root.GetProperty("wohngeld").GetInt32());
        Assert.Equal(1371.20m, root.GetProperty("M").GetDecimal());
        Assert.Equal(2227.25m, root.GetProperty("Y").GetDecimal());
        Assert.True(root.GetProperty("z4").GetDecimal() > 690m);
        Assert.Contains(root.GetProperty("schritte").EnumerateArray(), s => s.GetProperty("schluessel").GetString() == "z4");
    }

    [Theory]
    [InlineData("haushaltsmitglieder=0&miete=500&mietstufe=3&einkommen=1000", "haushaltsmitglieder")]
    [InlineData("haushaltsmitglieder=zwei&miete=500&mietstufe=3&einkommen=1000", "haushaltsmitglieder")]
    [InlineData("haushaltsmitglieder=2&miete=-1&mietstufe=3&einkommen=1000", "miete")]
    [InlineData("haushaltsmitglieder=2&miete=5x0&mietstufe=3&einkommen=1000", "miete")]
    [InlineData("haushaltsmitglieder=2&miete=500&mietstufe=8&einkommen=1000", "mietstufe")]
    [InlineData("haushaltsmitglieder=2&miete=500&mietstufe=3&einkommen=-5", "einkommen")]
    [InlineData("haushaltsmitglieder=2&miete=500&mietstufe=3&einkommen=1000&stichtag=2019-01-01", "stichtag")]
    [InlineData("haushaltsmitglieder=2&miete=500&mietstufe=3&einkommen=1000&stichtag=01.01.2025", "stichtag")]
    [InlineData("haushaltsmitglieder=2&mietstufe=3&einkommen=1000", "miete")]
    public async Task Bad_input_gets_problem_details_naming_the_parameter(string query, string parameter)
    {
        var response = await app.ClientFor("localhost").GetAsync("/api/v1/wohngeld/berechnung?" + query);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task The_detailed_api_computes_income_first()
    {
        // GETTSIM case recorded from the BMWSB calculator: 1,400 € wage a month, all three deductions, rent 600 €, Stufe V → 368 €.
        var response = await app.ClientFor("localhost").PostAsJsonAsync("/api/v1/wohngeld/berechnung", new
        {
            mitglieder = new[] { new { bruttojahreseinkommen = 16800, werbungskosten = 1230, steuern = true, krankenUndPflegeversicherung = true, rentenversicherung = true } },
            miete = 600,
            mietstufe = 5,
            stichtag = "2025-06-01",
        });
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(368, result.RootElement.GetProperty("wohngeld").GetInt32());
        Assert.Equal(908.25m, result.RootElement.GetProperty("Y").GetDecimal());
    }

    [Fact]
    public async Task Malformed_json_gets_a_400_and_no_stack_trace()
    {
        var response = await app.ClientFor("localhost").PostAsync("/api/v1/wohngeld/berechnung",
            new StringContent("{\"mitglieder\": [", System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("   at ", body);
    }

    [Fact]
    public async Task The_portal_page_shows_the_same_numbers_as_the_api()
    {
        var client = app.ClientFor("musterstadt.localhost");
        var form = await client.GetPageAsync("/wohngeld?anzahl=2");
        Assert.Equal("3", form.QuerySelector("#mietstufe option[selected]")!.GetAttribute("value"));

        var page = await Html.ParseAsync(await client.SubmitAsync("/wohngeld?anzahl=2", new Dictionary<string, string>
        {
            ["Miete"] = "720,00",
            ["Heizkosten"] = "80",
            ["Mietstufe"] = "3",
            ["Mitglieder[0].Brutto"] = "21.600,00".Replace(".", ""),
            ["Mitglieder[0].Werbungskosten"] = "1230",
            ["Mitglieder[0].Steuern"] = "true",
            ["Mitglieder[0].Krankenversicherung"] = "true",
            ["Mitglieder[0].Rentenversicherung"] = "true",
            ["Mitglieder[0].Alleinerziehend"] = "true",
            ["Mitglieder[1].Brutto"] = "",
        }, action: null));
        var api = await client.PostAsJsonAsync("/api/v1/wohngeld/berechnung", new
        {
            mitglieder = new object[]
            {
                new { bruttojahreseinkommen = 21600, werbungskosten = 1230, steuern = true, krankenUndPflegeversicherung = true, rentenversicherung = true, alleinerziehend = true },
                new { bruttojahreseinkommen = 0 },
            },
            miete = 640,
            mietstufe = 3,
        });
        using var expected = JsonDocument.Parse(await api.Content.ReadAsStringAsync());

        var amount = expected.RootElement.GetProperty("wohngeld").GetInt32();
        Assert.True(amount > 0);
        Assert.Equal($"Voraussichtlich {amount} Euro Wohngeld im Monat.", page.Text("#betrag"));
        var m = expected.RootElement.GetProperty("M").GetDecimal().ToString("0.##########", new System.Globalization.CultureInfo("de-DE"));
        Assert.Contains(page.QuerySelectorAll("#rechenweg td"), td => td.TextContent == m);
    }

    [Fact]
    public async Task A_rent_that_is_not_an_amount_is_named_in_the_error_summary()
    {
        var page = await Html.ParseAsync(await app.ClientFor("musterstadt.localhost").SubmitAsync("/wohngeld",
            new Dictionary<string, string> { ["Miete"] = "sechshundert", ["Mietstufe"] = "3" }));

        var link = page.QuerySelector(".rathaus-error-summary li a")!;
        Assert.Equal("#miete", link.GetAttribute("href"));
        Assert.Contains("Betrag in Euro", link.TextContent);
        Assert.Null(page.QuerySelector("#betrag"));
    }
}
