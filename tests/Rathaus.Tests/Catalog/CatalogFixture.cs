using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.CatalogModule;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Catalog;

/// <summary>
/// The demo with small catalogs instead of the shipped packages: Musterstadt's own services, an information-only
/// entry, the county's services (one handled by the county, one it keeps to itself, one disabled) and Beispielheim's.
/// </summary>
public sealed class CatalogFixture : IAsyncLifetime
{
    private readonly string _noShippedPackages = Directory.CreateTempSubdirectory("rathaus-services-").FullName;

    public CatalogFixture() => App = new CatalogApp(_noShippedPackages);

    public RathausApp App { get; }

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        var installer = App.Services.GetRequiredService<ServicePackageInstaller>();
        foreach (var (tenant, package) in Packages())
        {
            await installer.InstallAsync(tenant, ServicePackageReader.Read(package.WriteFolder()), "test");
        }
        await installer.SetEnabledAsync("musterkreis", "kat-kfz", enabled: false);
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)App).DisposeAsync();
        Directory.Delete(_noShippedPackages);
    }

    private static IEnumerable<(string Tenant, TestPackage Package)> Packages()
    {
        yield return ("musterstadt", new TestPackage("kat-hund", topic: "engagement-und-hobby")
            .Set("name", TestPackage.Text("Hund anmelden", "Register a dog"))
            .Set("summary", TestPackage.Text("Melden Sie Ihren Hund zur Hundesteuer an.", "Register your dog for the dog tax."))
            .Set("description", TestPackage.Text("Wer einen Hund hält, meldet ihn an.\n\n<script>alert('x')</script> bleibt Text.", "Dog owners register their dog."))
            .Set("keywords", new JsonObject { ["de"] = new JsonArray("Hundemarke"), ["en"] = new JsonArray("dog tag") })
            .Set("assuranceLevel", "basic")
            .Set("fees", new JsonArray(
                new JsonObject { ["label"] = TestPackage.Text("Anmeldung", "Registration"), ["amount"] = 0 },
                new JsonObject { ["label"] = TestPackage.Text("Ersatzmarke", "Replacement tag"), ["amount"] = 25.5, ["note"] = TestPackage.Text("bei Verlust", "if lost") }))
            .Set("evidence", new JsonArray(new JsonObject { ["label"] = TestPackage.Text("Nachweis der Haftpflichtversicherung", "Proof of liability insurance"), ["required"] = true }))
            .Set("legalBasis", new JsonArray(new JsonObject { ["de"] = "§ 2 Hundesteuersatzung", ["en"] = "§ 2 dog tax bylaw", ["url"] = "https://recht.example/hundesteuer" })));
        yield return ("musterstadt", new TestPackage("kat-sperrmuell", topic: "umwelt", department: "abfallwirtschaft")
            .Set("name", TestPackage.Text("Sperrmüll anmelden", "Book a bulky waste collection"))
            .Set("summary", TestPackage.Text("Lassen Sie Möbel abholen.", "Have furniture collected.")));
        yield return ("musterstadt", new TestPackage("kat-elterngeld", topic: "familie-und-kind", department: "elterngeldstelle", jurisdiction: "land", online: false)
            .Set("name", TestPackage.Text("Elterngeld beantragen", "Apply for parental allowance"))
            .Set("caseReferenceCode", null)
            .Set("responsibleAuthority", new JsonObject { ["de"] = "Elterngeldstelle des Landes", ["en"] = "State parental allowance office", ["url"] = "https://elterngeld.example/" }));
        yield return ("musterkreis", new TestPackage("kat-bauantrag", topic: "bauen-und-wohnen", department: "bauaufsicht", jurisdiction: "kreis")
            .Set("name", TestPackage.Text("Bauantrag stellen", "Apply for a building permit"))
            .Set("summary", TestPackage.Text("Genehmigung für ein Bauvorhaben.", "Permission to build.")));
        yield return ("musterkreis", new TestPackage("kat-kreisintern", topic: "recht-und-ordnung", department: "strassenverkehrsamt")
            .Set("name", TestPackage.Text("Kreisinterne Leistung", "County-internal service")));
        yield return ("musterkreis", new TestPackage("kat-kfz", topic: "mobilitaet-und-reisen", department: "strassenverkehrsamt", jurisdiction: "kreis")
            .Set("name", TestPackage.Text("Fahrzeug zulassen", "Register a vehicle")));
        yield return ("beispielheim", new TestPackage("kat-beispiel", topic: "umwelt")
            .Set("name", TestPackage.Text("Beispielheimer Leistung", "Beispielheim service")));
    }

    private sealed class CatalogApp(string servicesPath) : RathausApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Catalog:ServicesPath"] = servicesPath };
    }
}

[CollectionDefinition(Name)]
public sealed class CatalogTests : ICollectionFixture<CatalogFixture>
{
    public const string Name = "Catalog";
}
