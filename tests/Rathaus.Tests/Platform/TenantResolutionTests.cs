using System.Net;
using System.Net.Http.Json;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Platform;

public sealed class TenantResolutionTests(RathausApp app) : IClassFixture<RathausApp>
{
    [Fact]
    public async Task The_host_name_selects_the_municipality_and_its_start_page_is_German()
    {
        var page = await app.ClientFor("musterstadt.localhost").GetPageAsync("/");

        Assert.Equal("de", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Willkommen im Online-Rathaus: Stadt Musterstadt", page.Text("h1"));
        Assert.Contains("Landkreis Musterkreis", page.Body!.TextContent);
        Assert.Contains("Ordnungsamt", page.Body.TextContent);
    }

    [Fact]
    public async Task A_path_prefix_selects_the_municipality_and_links_keep_the_prefix()
    {
        var page = await app.ClientFor("localhost").GetPageAsync("/t/beispielheim/");

        Assert.Equal("Willkommen im Online-Rathaus: Gemeinde Beispielheim", page.Text("h1"));
        var signIn = page.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).Single(h => h!.EndsWith("/verwaltung/anmelden"));
        Assert.Equal("/t/beispielheim/verwaltung/anmelden", signIn);
    }

    [Theory]
    [InlineData("gibtesnicht.localhost", "/")]
    [InlineData("localhost", "/t/gibtesnicht/")]
    [InlineData("localhost", "/t/gibtesnicht/verwaltung/anmelden")]
    [InlineData("www.fremde-domain.de", "/")]
    public async Task An_unknown_tenant_gets_a_404_page_and_no_tenant_data(string host, string path)
    {
        var response = await app.ClientFor(host).GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Seite nicht gefunden", body);
        Assert.DoesNotContain("Musterstadt", body);
        Assert.DoesNotContain("Beispielheim", body);
    }

    [Fact]
    public async Task Tenant_pages_do_not_exist_without_a_tenant()
    {
        var response = await app.ClientFor("localhost").GetAsync("/verwaltung/anmelden");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_platform_start_page_lists_the_municipalities()
    {
        var page = await app.ClientFor("localhost").GetPageAsync("/");

        var links = page.QuerySelectorAll("main a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/t/musterstadt/", links);
        Assert.Contains("/t/beispielheim/", links);
        Assert.Contains("/t/musterkreis/", links);
    }

    [Fact]
    public async Task The_tenant_api_describes_the_addressed_municipality()
    {
        var info = await app.ClientFor("musterstadt.localhost").GetFromJsonAsync<Dictionary<string, string?>>("/api/v1/tenant");

        Assert.Equal("Stadt Musterstadt", info!["name"]);
        Assert.Equal("09999001", info["ags"]);
        Assert.Equal("stadt", info["kind"]);
        Assert.Equal("Landkreis Musterkreis", info["county"]);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor("localhost").GetAsync("/api/v1/tenant")).StatusCode);
    }
}
