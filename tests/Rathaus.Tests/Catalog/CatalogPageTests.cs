using System.Net;
using AngleSharp.Html.Dom;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Catalog;

/// <summary>The catalog pages <c>/leistungen</c> and <c>/leistungen/{id}</c> as citizens see them.</summary>
[Collection(CatalogTests.Name)]
public sealed class CatalogPageTests(CatalogFixture fixture)
{
    private RathausApp App => fixture.App;

    private static List<string> ServiceIds(IHtmlDocument page, string? topic = null) =>
        page.QuerySelectorAll(topic is null ? "[data-leistung]" : $"[data-thema='{topic}'] [data-leistung]")
            .Select(e => e.GetAttribute("data-leistung")!).ToList();

    [Fact]
    public async Task The_catalog_shows_the_services_grouped_by_topic_field()
    {
        var page = await App.ClientFor().GetPageAsync("/leistungen");

        Assert.Equal(["bauen-und-wohnen", "engagement-und-hobby", "familie-und-kind", "umwelt"],
            page.QuerySelectorAll("[data-thema]").Select(s => s.GetAttribute("data-thema")));
        Assert.Equal("Engagement und Hobby", page.Text("#thema-engagement-und-hobby"));
        Assert.Equal(["kat-hund"], ServiceIds(page, "engagement-und-hobby"));
        Assert.Equal(["kat-sperrmuell"], ServiceIds(page, "umwelt"));
        Assert.Equal("4 Leistungen", page.Text("#ergebnisse"));
        Assert.Equal("Online-Antrag", page.Text("[data-leistung='kat-hund'] .kern-badge"));
        Assert.Null(page.QuerySelector("[data-leistung='kat-elterngeld'] .kern-badge"));
    }

    [Fact]
    public async Task The_catalog_in_English_names_topics_and_services_in_English()
    {
        var page = await App.ClientFor().GetPageAsync("/leistungen?culture=en&ui-culture=en");

        Assert.Equal("Volunteering and leisure", page.Text("#thema-engagement-und-hobby"));
        Assert.Equal("Register a dog", page.Text("[data-leistung='kat-hund'] a"));
        Assert.Equal("4 services", page.Text("#ergebnisse"));
    }

    [Theory]
    [InlineData("Hundemarke", "kat-hund", "1 Leistung für „Hundemarke“")]
    [InlineData("sperrmull", "kat-sperrmuell", "1 Leistung für „sperrmull“")]
    [InlineData("möbel ABHOLEN", "kat-sperrmuell", "1 Leistung für „möbel ABHOLEN“")]
    [InlineData("bauantrag", "kat-bauantrag", "1 Leistung für „bauantrag“")]
    public async Task Search_finds_by_name_summary_and_keyword_ignoring_case_and_accents(string query, string expected, string count)
    {
        var page = await App.ClientFor().GetPageAsync("/leistungen?q=" + Uri.EscapeDataString(query));

        Assert.Equal([expected], ServiceIds(page));
        Assert.Equal(count, page.Text("#ergebnisse"));
        Assert.Equal(query, ((IHtmlInputElement)page.QuerySelector("input[name=q]")!).Value);
    }

    [Fact]
    public async Task Search_in_English_uses_the_English_texts()
    {
        var client = App.ClientFor();

        var english = await client.GetPageAsync("/leistungen?culture=en&ui-culture=en&q=dog+tag");
        var germanWordInEnglish = await client.GetPageAsync("/leistungen?culture=en&ui-culture=en&q=Hundemarke");

        Assert.Equal(["kat-hund"], ServiceIds(english));
        Assert.Equal("1 service for “dog tag”", english.Text("#ergebnisse"));
        Assert.Empty(ServiceIds(germanWordInEnglish));
        Assert.Equal("We found no service for “Hundemarke”. Try another word.", germanWordInEnglish.Text("#ergebnisse"));
    }

    [Fact]
    public async Task A_search_without_result_says_so_and_offers_the_whole_catalog()
    {
        var page = await App.ClientFor().GetPageAsync("/leistungen?q=Raumfahrt");

        Assert.Empty(ServiceIds(page));
        Assert.Equal("Für „Raumfahrt“ haben wir keine Leistung gefunden. Versuchen Sie ein anderes Wort.", page.Text("#ergebnisse"));
        Assert.Equal("/leistungen", page.QuerySelector("a[href='/leistungen']")?.GetAttribute("href"));
    }

    [Fact]
    public async Task A_county_service_appears_in_the_town_catalog_with_a_link_to_the_county()
    {
        var byHost = await App.ClientFor().GetPageAsync("/leistungen");
        var byPath = await App.ClientFor("localhost").GetPageAsync("/t/musterstadt/leistungen");
        var link = byPath.QuerySelector("[data-leistung='kat-bauantrag'] a")!.GetAttribute("href")!;
        var atCounty = await App.ClientFor("localhost").GetPageAsync(link);

        Assert.Equal("Zuständig: Landkreis Musterkreis", byHost.Text("[data-leistung='kat-bauantrag'] .rathaus-handled-by"));
        Assert.Equal("http://musterkreis.localhost/leistungen/kat-bauantrag", byHost.QuerySelector("[data-leistung='kat-bauantrag'] a")!.GetAttribute("href"));
        Assert.Equal("/t/musterkreis/leistungen/kat-bauantrag", link);
        Assert.Equal("Bauantrag stellen", atCounty.Text("h1"));
        Assert.Equal("/t/musterkreis/leistungen/kat-bauantrag/antrag", atCounty.QuerySelector("#beantragen")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_town_catalog_shows_neither_the_county_s_own_or_disabled_services_nor_another_town_s()
    {
        var musterstadt = ServiceIds(await App.ClientFor().GetPageAsync("/leistungen"));
        var county = ServiceIds(await App.ClientFor("musterkreis.localhost").GetPageAsync("/leistungen"));
        var beispielheim = ServiceIds(await App.ClientFor("beispielheim.localhost").GetPageAsync("/leistungen"));

        Assert.Equal(["kat-bauantrag", "kat-elterngeld", "kat-hund", "kat-sperrmuell"], musterstadt.Order());
        Assert.Equal(["kat-bauantrag", "kat-kreisintern"], county.Order());
        Assert.Equal(["kat-bauantrag", "kat-beispiel"], beispielheim.Order());
    }

    [Fact]
    public async Task The_service_page_shows_fees_documents_law_department_sign_in_and_the_way_to_apply()
    {
        var page = await App.ClientFor().GetPageAsync("/leistungen/kat-hund");

        Assert.Equal("Hund anmelden", page.Text("h1"));
        Assert.Equal("/leistungen/kat-hund/antrag", page.QuerySelector("#beantragen")!.GetAttribute("href"));
        Assert.Equal("Online beantragen", page.Text("#beantragen"));
        var fees = page.QuerySelectorAll("#gebuehren tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Equal("kostenlos", fees[0][1]);
        Assert.StartsWith("Ersatzmarke", fees[1][0]);
        Assert.Contains("bei Verlust", fees[1][0]);
        Assert.Equal("25,50 €", fees[1][1]);
        Assert.Equal("Nachweis der Haftpflichtversicherung (erforderlich)", page.Text("#unterlagen li"));
        Assert.Equal("in der Regel 14 Tage", page.Text("#bearbeitungsdauer"));
        Assert.Contains("Bürgerkonto", page.Text("#vertrauensniveau"));
        Assert.Equal("https://recht.example/hundesteuer", page.QuerySelector("#rechtsgrundlagen a")!.GetAttribute("href"));
        Assert.Contains("Ordnungsamt, Stadt Musterstadt", page.Text("#zustaendige-stelle"));
        Assert.Equal("mailto:ordnungsamt@musterstadt.example", page.QuerySelector("#zustaendige-stelle a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Markup_in_a_description_is_shown_as_text()
    {
        var response = await App.ClientFor().GetAsync("/leistungen/kat-hund");
        var html = await response.Content.ReadAsStringAsync();
        var page = await Html.ParseAsync(response);

        Assert.Empty(page.QuerySelectorAll("#beschreibung script"));
        Assert.Contains("&lt;script&gt;", html);
        Assert.Equal(2, page.QuerySelectorAll("#beschreibung p").Length);
    }

    [Fact]
    public async Task The_service_page_in_English_keeps_euro_amounts_in_German_notation()
    {
        var page = await App.ClientFor().GetPageAsync("/leistungen/kat-hund?culture=en&ui-culture=en");

        Assert.Equal("Register a dog", page.Text("h1"));
        Assert.Equal("Apply online", page.Text("#beantragen"));
        Assert.Equal("25,50 €", page.QuerySelectorAll("#gebuehren tbody tr")[1].QuerySelectorAll("td")[1].TextContent.Trim());
        Assert.Equal("usually 14 days", page.Text("#bearbeitungsdauer"));
    }

    [Fact]
    public async Task A_county_service_seen_from_the_town_sends_the_citizen_to_the_county()
    {
        var page = await App.ClientFor().GetPageAsync("/leistungen/kat-bauantrag");

        Assert.Null(page.QuerySelector("#beantragen"));
        Assert.Contains("Zuständig für diese Leistung ist: Landkreis Musterkreis.", page.Text("#zustaendig-kreis"));
        Assert.Equal("http://musterkreis.localhost/leistungen/kat-bauantrag", page.QuerySelector("#zustaendig-kreis a")!.GetAttribute("href"));
        Assert.Contains("Kreisstraße 1, 99990 Musterhausen", page.Text("#zustaendige-stelle"));
    }

    [Fact]
    public async Task An_information_only_service_names_the_responsible_authority_and_offers_no_application()
    {
        var page = await App.ClientFor().GetPageAsync("/leistungen/kat-elterngeld");

        Assert.Null(page.QuerySelector("#beantragen"));
        Assert.Null(page.QuerySelector("#gebuehren"));
        Assert.Contains("Elterngeldstelle des Landes", page.Text("#zustaendig-extern"));
        Assert.Equal("https://elterngeld.example/", page.QuerySelector("#zustaendig-extern a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Unknown_services_and_other_tenants_services_have_no_page()
    {
        var client = App.ClientFor();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/leistungen/gibt-es-nicht")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/leistungen/kat-beispiel")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/leistungen/kat-kreisintern")).StatusCode);
    }

    [Fact]
    public async Task The_start_page_leads_to_the_catalog()
    {
        var page = await App.ClientFor().GetPageAsync("/");

        Assert.Equal("/leistungen", page.QuerySelector("#leistungskatalog")!.GetAttribute("href"));
    }
}
