using System.Net;
using System.Text.Json;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Catalog;

/// <summary><c>/api/v1/services</c> for state portals and other front ends.</summary>
[Collection(CatalogTests.Name)]
public sealed class CatalogApiTests(CatalogFixture fixture)
{
    private RathausApp App => fixture.App;

    private async Task<(HttpStatusCode Status, string? ContentType, JsonElement Body)> GetJsonAsync(string url, string host = "musterstadt.localhost")
    {
        var response = await App.ClientFor(host).GetAsync(url);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    private static JsonElement Service(JsonElement list, string id) => list.EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);

    [Fact]
    public async Task The_list_holds_the_town_s_services_and_the_county_s_with_their_links()
    {
        var (status, _, list) = await GetJsonAsync("/api/v1/services");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["kat-bauantrag", "kat-elterngeld", "kat-hund", "kat-sperrmuell"], list.EnumerateArray().Select(s => s.GetProperty("id").GetString()).Order());
        var dog = Service(list, "kat-hund");
        Assert.Equal("1.0.0", dog.GetProperty("version").GetString());
        Assert.Equal("Register a dog", dog.GetProperty("name").GetProperty("en").GetString());
        Assert.Equal(("engagement-und-hobby", "gemeinde", "basic", true), (dog.GetProperty("topic").GetString(), dog.GetProperty("jurisdiction").GetString(),
            dog.GetProperty("assuranceLevel").GetString(), dog.GetProperty("onlineApplication").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, dog.GetProperty("handledBy").ValueKind);
        var links = dog.GetProperty("links");
        Assert.Equal(("/api/v1/services/kat-hund", "/leistungen/kat-hund", "/api/v1/services/kat-hund/form", "/leistungen/kat-hund/antrag"),
            (links.GetProperty("self").GetString(), links.GetProperty("page").GetString(), links.GetProperty("form").GetString(), links.GetProperty("apply").GetString()));
        var building = Service(list, "kat-bauantrag");
        Assert.Equal(("musterkreis", "Landkreis Musterkreis", "http://musterkreis.localhost/leistungen/kat-bauantrag"),
            (building.GetProperty("handledBy").GetProperty("slug").GetString(), building.GetProperty("handledBy").GetProperty("name").GetString(),
             building.GetProperty("handledBy").GetProperty("page").GetString()));
        Assert.Equal(JsonValueKind.Null, building.GetProperty("links").GetProperty("apply").ValueKind);
    }

    [Fact]
    public async Task The_list_can_be_searched_and_filtered_by_topic_and_keeps_the_path_prefix_in_its_links()
    {
        var (_, _, searched) = await GetJsonAsync("/api/v1/services?q=dog&culture=en&ui-culture=en");
        var (_, _, topic) = await GetJsonAsync("/api/v1/services?topic=umwelt");
        var (_, _, byPath) = await GetJsonAsync("/t/musterstadt/api/v1/services?q=Bauantrag", host: "localhost");

        Assert.Equal(["kat-hund"], searched.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(["kat-sperrmuell"], topic.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal("/t/musterkreis/leistungen/kat-bauantrag", Service(byPath, "kat-bauantrag").GetProperty("links").GetProperty("page").GetString());
        Assert.Equal("/t/musterstadt/api/v1/services/kat-bauantrag", Service(byPath, "kat-bauantrag").GetProperty("links").GetProperty("self").GetString());
    }

    [Fact]
    public async Task A_service_s_full_metadata()
    {
        var (status, _, detail) = await GetJsonAsync("/api/v1/services/kat-hund");

        Assert.Equal(HttpStatusCode.OK, status);
        var service = detail.GetProperty("service");
        Assert.Equal("99108001001000", service.GetProperty("leikaKey").GetString());
        Assert.Equal(25.5m, service.GetProperty("fees")[1].GetProperty("amount").GetDecimal());
        Assert.Equal("Proof of liability insurance", service.GetProperty("evidence")[0].GetProperty("label").GetProperty("en").GetString());
        Assert.Equal("https://recht.example/hundesteuer", service.GetProperty("legalBasis")[0].GetProperty("url").GetString());
        Assert.Equal(("ordnungsamt", 14, 10, "TEST"), (service.GetProperty("department").GetString(), service.GetProperty("processingDays").GetInt32(),
            service.GetProperty("retentionYears").GetInt32(), service.GetProperty("caseReferenceCode").GetString()));
    }

    [Fact]
    public async Task The_form_of_a_service_applied_for_here()
    {
        var (status, type, form) = await GetJsonAsync("/api/v1/services/kat-hund/form");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", type);
        Assert.Equal("kat-hund", form.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("/api/v1/services/gibt-es-nicht", "nicht-gefunden", "Im Leistungskatalog von Stadt Musterstadt gibt es keine Leistung „gibt-es-nicht“.")]
    [InlineData("/api/v1/services/gibt-es-nicht/form", "nicht-gefunden", "Im Leistungskatalog von Stadt Musterstadt gibt es keine Leistung „gibt-es-nicht“.")]
    [InlineData("/api/v1/services/kat-beispiel", "nicht-gefunden", "Im Leistungskatalog von Stadt Musterstadt gibt es keine Leistung „kat-beispiel“.")]
    [InlineData("/api/v1/services/kat-elterngeld/form", "kein-online-antrag", "Die Leistung kat-elterngeld wird nicht online beantragt; die Beschreibung sagt, wo.")]
    [InlineData("/api/v1/services/kat-bauantrag/form", "andere-behoerde", "Landkreis Musterkreis erbringt die Leistung kat-bauantrag; ihr Formular steht dort bereit: http://musterkreis.localhost/leistungen/kat-bauantrag")]
    public async Task What_is_not_there_is_a_404_problem(string url, string kind, string detail)
    {
        var (status, type, problem) = await GetJsonAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/problem+json", type);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal("https://rathaus.example/probleme/leistungen/" + kind, problem.GetProperty("type").GetString());
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Problems_speak_English_when_asked()
    {
        var (_, _, problem) = await GetJsonAsync("/api/v1/services/gibt-es-nicht?culture=en&ui-culture=en");

        Assert.Equal("There is no such service in the catalog.", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_catalog_endpoints()
    {
        var (_, _, document) = await GetJsonAsync("/openapi/v1.json", host: "localhost");
        var paths = document.GetProperty("paths");

        foreach (var path in new[] { "/api/v1/services", "/api/v1/services/{id}", "/api/v1/services/{id}/form" })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.True(get.GetProperty("responses").TryGetProperty("200", out _), path);
        }
        Assert.Equal("GetServiceForm", paths.GetProperty("/api/v1/services/{id}/form").GetProperty("get").GetProperty("operationId").GetString());
    }
}
