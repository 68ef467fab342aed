using System.IO.Compression;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rathaus.CatalogModule;
using Rathaus.Platform.Admin;
using Rathaus.Platform.Database;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Catalog;

/// <summary>Installing service packages with <c>./rathaus admin service …</c>: versions, refusals that store nothing.</summary>
public sealed class PackageInstallTests(RathausApp app) : IClassFixture<RathausApp>
{
    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Database:ConnectionString", app.ConnectionString)])
            .Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(args, output, error, configuration, new StringReader(""));
        return (exit, output.ToString(), error.ToString());
    }

    private Task<(int Exit, string Output, string Error)> InstallAsync(string path, string tenant = "musterstadt") =>
        RunAsync("admin", "service", "install", path, "--tenant", tenant);

    private async Task<Guid> TenantIdAsync(string slug)
    {
        await using var c = await app.Services.GetRequiredService<RathausDataSources>().Owner.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<Guid>("SELECT id FROM tenants WHERE slug = @slug", new { slug });
    }

    /// <summary>What the database holds of a service, whatever the tenant: package rows, catalog rows, deployed process versions.</summary>
    private async Task<(int Packages, int Entries, int Processes)> StoredAsync(string serviceId)
    {
        await using var c = await app.Services.GetRequiredService<RathausDataSources>().Owner.OpenConnectionAsync();
        return (await c.ExecuteScalarAsync<int>("SELECT count(*) FROM service_packages WHERE service_id = @serviceId", new { serviceId }),
            await c.ExecuteScalarAsync<int>("SELECT count(*) FROM catalog_entries WHERE service_id = @serviceId", new { serviceId }),
            await c.ExecuteScalarAsync<int>("SELECT count(*) FROM process_definitions WHERE process_id = @processId", new { processId = serviceId.Replace('-', '_') }));
    }

    private Task<InstalledService?> CurrentAsync(Guid tenant, string serviceId) =>
        app.Services.GetRequiredService<IServiceCatalog>().GetCurrentAsync(tenant, serviceId);

    [Fact]
    public async Task A_package_folder_installs_with_its_form_process_and_templates()
    {
        var package = new TestPackage("inst-neu", department: "bauamt");

        var result = await InstallAsync(package.WriteFolder());
        var installed = await CurrentAsync(await TenantIdAsync("musterstadt"), "inst-neu");

        Assert.Equal(0, result.Exit);
        Assert.Contains("Service inst-neu 1.0.0 installed in musterstadt (process inst_neu version 1).", result.Output);
        Assert.NotNull(installed);
        Assert.True(installed.Enabled);
        Assert.Equal("1.0.0", installed.Version);
        Assert.Equal("bauamt", installed.Service.Department);
        Assert.Equal("inst-neu", JsonNode.Parse(installed.FormJson!)!["id"]!.GetValue<string>());
        Assert.Equal(("inst_neu", 1), (installed.ProcessId, installed.ProcessVersion));
        Assert.Equal("# Eingang bestätigt: {{case.reference}}", installed.Templates["receipt.de.hbs"]);
        Assert.Null(await CurrentAsync(await TenantIdAsync("beispielheim"), "inst-neu"));
    }

    [Fact]
    public async Task Installing_the_same_version_with_the_same_content_again_changes_nothing()
    {
        var package = new TestPackage("inst-gleich");
        await InstallAsync(package.WriteFolder());

        var again = await InstallAsync(package.WriteZip(topFolder: "inst-gleich"));

        Assert.Equal(0, again.Exit);
        Assert.Contains("already with the same content; nothing changed", again.Output);
        Assert.Equal((1, 1, 1), await StoredAsync("inst-gleich"));
    }

    [Fact]
    public async Task The_same_version_with_other_content_is_refused_and_the_installed_one_stays()
    {
        var package = new TestPackage("inst-anders");
        await InstallAsync(package.WriteFolder());
        package.Set("summary", TestPackage.Text("Geändert.", "Changed."));

        var result = await InstallAsync(package.WriteFolder());
        var installed = await CurrentAsync(await TenantIdAsync("musterstadt"), "inst-anders");

        Assert.Equal(1, result.Exit);
        Assert.Contains("version 1.0.0 is installed in musterstadt already, with different content", result.Error);
        Assert.Contains("higher version", result.Error);
        Assert.Equal("Kurzbeschreibung von inst-anders.", installed!.Service.Summary.De);
        Assert.Equal((1, 1, 1), await StoredAsync("inst-anders"));
    }

    [Fact]
    public async Task A_higher_version_becomes_current_and_a_lower_one_is_refused()
    {
        var musterstadt = await TenantIdAsync("musterstadt");
        await InstallAsync(new TestPackage("inst-version").WriteFolder());
        var newer = new TestPackage("inst-version", version: "1.1.0");
        newer.Files["process.bpmn"] = newer.Files["process.bpmn"].Replace("Antrag prüfen", "Antrag prüfen und entscheiden", StringComparison.Ordinal);

        var upgrade = await InstallAsync(newer.WriteFolder());
        var lower = await InstallAsync(new TestPackage("inst-version", version: "1.0.5").WriteFolder());
        var current = await CurrentAsync(musterstadt, "inst-version");
        var first = await app.Services.GetRequiredService<IServiceCatalog>().GetVersionAsync(musterstadt, "inst-version", "1.0.0");

        Assert.Equal(0, upgrade.Exit);
        Assert.Contains("Service inst-version 1.1.0 installed in musterstadt (process inst_version version 2); it replaces 1.0.0 as the current version.", upgrade.Output);
        Assert.Equal(1, lower.Exit);
        Assert.Contains("version 1.0.5 is lower than the current version 1.1.0", lower.Error);
        Assert.Equal(("1.1.0", 2), (current!.Version, current.ProcessVersion));
        Assert.Equal((1, false), (first!.ProcessVersion, first.Enabled));
        Assert.Equal((2, 1, 2), await StoredAsync("inst-version"));
    }

    [Fact]
    public async Task A_service_json_with_many_mistakes_is_refused_naming_every_one_and_nothing_is_stored()
    {
        var package = new TestPackage("inst-fehler")
            .Set("leikaKey", "9910800100100")
            .Set("topic", "freizeit")
            .Set("name", new JsonObject { ["de"] = "Nur deutsch" })
            .Set("farbe", "blau")
            .Set("assuranceLevel", "mittel")
            .Set("fees", new JsonArray(new JsonObject { ["label"] = TestPackage.Text("Gebühr", "Fee"), ["amount"] = 12.345 }))
            .Set("legalBasis", new JsonArray(new JsonObject { ["de"] = "§ 1", ["en"] = "§ 1", ["url"] = "javascript:alert(1)" }))
            .Set("caseReferenceCode", null);

        var result = await InstallAsync(package.WriteFolder());

        Assert.Equal(1, result.Exit);
        Assert.Contains("nothing was stored", result.Error);
        Assert.Contains("service.json $.leikaKey: '9910800100100' is not a LeiKa key", result.Error);
        Assert.Contains("service.json $.topic: 'freizeit' is no OZG topic field", result.Error);
        Assert.Contains("service.json $.name.en: is missing.", result.Error);
        Assert.Contains("service.json $.farbe: is not a known property", result.Error);
        Assert.Contains("service.json $.assuranceLevel: 'mittel' is not allowed", result.Error);
        Assert.Contains("service.json $.fees[0].amount: 12.345 is not an amount in euros", result.Error);
        Assert.Contains("service.json $.legalBasis[0].url: 'javascript:alert(1)' is not an absolute http or https address.", result.Error);
        Assert.Contains("service.json $.caseReferenceCode: is missing", result.Error);
        Assert.Equal((0, 0, 0), await StoredAsync("inst-fehler"));
    }

    [Theory]
    [InlineData("../ausserhalb.txt", "'..'")]
    [InlineData("templates/../../ausserhalb.hbs", "'..'")]
    [InlineData("/etc/cron.d/rathaus", "absolute path")]
    [InlineData("C:/Windows/rathaus.dll", "absolute path")]
    [InlineData("templates\\..\\..\\ausserhalb.hbs", "backslash")]
    public async Task A_zip_with_a_path_outside_the_package_is_refused_and_nothing_is_stored(string entry, string reason)
    {
        var zip = new TestPackage("inst-zipslip").WriteZip(extra: [(entry, "boom")]);

        var result = await InstallAsync(zip);

        Assert.Equal(1, result.Exit);
        Assert.Contains($"{entry}: has", result.Error);
        Assert.Contains(reason, result.Error);
        Assert.Equal((0, 0, 0), await StoredAsync("inst-zipslip"));
    }

    [Fact]
    public async Task A_zip_of_the_package_folder_installs_without_its_examples()
    {
        var package = new TestPackage("inst-zip");
        var zip = package.WriteZip(topFolder: "inst-zip", extra: [("examples/valid.json", "{}"), ("__MACOSX/._service.json", "x"), (".DS_Store", "x")]);

        var result = await InstallAsync(zip);
        var installed = await CurrentAsync(await TenantIdAsync("musterstadt"), "inst-zip");

        Assert.Equal(0, result.Exit);
        Assert.Equal(["receipt.de.hbs"], installed!.Templates.Keys);
    }

    [Fact]
    public async Task An_unknown_file_is_refused()
    {
        var package = new TestPackage("inst-unbekannt");
        package.Files["setup.sh"] = "rm -rf /";
        package.Files["templates/unter/ordner.hbs"] = "x";

        var result = await InstallAsync(package.WriteFolder());

        Assert.Equal(1, result.Exit);
        Assert.Contains("setup.sh: is not part of a service package", result.Error);
        Assert.Contains("templates/unter/ordner.hbs: is not a valid template name", result.Error);
        Assert.Equal((0, 0, 0), await StoredAsync("inst-unbekannt"));
    }

    [Fact]
    public async Task A_package_naming_a_department_the_tenant_lacks_is_refused_with_the_command_to_add_it()
    {
        var result = await InstallAsync(new TestPackage("inst-friedhof", department: "friedhofsamt").WriteFolder());

        Assert.Equal(1, result.Exit);
        Assert.Contains("musterstadt has no department 'friedhofsamt'", result.Error);
        Assert.Contains("./rathaus admin department add --tenant musterstadt --key friedhofsamt --name NAME", result.Error);
        Assert.Equal((0, 0, 0), await StoredAsync("inst-friedhof"));
    }

    [Fact]
    public async Task An_invalid_process_is_refused_with_its_problem_and_neither_catalog_nor_process_is_stored()
    {
        var package = new TestPackage("inst-prozess");
        package.Files["process.bpmn"] = package.Files["process.bpmn"].Replace("targetRef=\"end\"", "targetRef=\"nirgendwo\"", StringComparison.Ordinal);

        var result = await InstallAsync(package.WriteFolder());

        Assert.Equal(1, result.Exit);
        Assert.Contains("process.bpmn", result.Error);
        Assert.Contains("nirgendwo", result.Error);
        Assert.Equal((0, 0, 0), await StoredAsync("inst-prozess"));
    }

    [Fact]
    public async Task An_online_service_needs_a_valid_form_of_its_own()
    {
        var withoutForm = new TestPackage("inst-ohneform");
        withoutForm.Files.Remove("form.json");
        var otherForm = new TestPackage("inst-fremdform");
        otherForm.Files["form.json"] = TestPackage.Form("hundeanmeldung");
        var brokenForm = new TestPackage("inst-kaputtform");
        brokenForm.Files["form.json"] = TestPackage.Form("inst-kaputtform").Replace("\"kind\":\"text\"", "\"kind\":\"farbe\"", StringComparison.Ordinal);

        var missing = await InstallAsync(withoutForm.WriteFolder());
        var foreign = await InstallAsync(otherForm.WriteFolder());
        var broken = await InstallAsync(brokenForm.WriteFolder());

        Assert.Contains("form.json: is missing: onlineApplication is true", missing.Error);
        Assert.Contains("form.json $.id: 'hundeanmeldung' differs from the service id 'inst-fremdform'.", foreign.Error);
        Assert.Contains("form.json $.pages[0].groups[0].fields[0].kind: unknown kind \"farbe\"", broken.Error);
        Assert.Equal((1, 1, 1), (missing.Exit, foreign.Exit, broken.Exit));
        Assert.Equal((0, 0, 0), await StoredAsync("inst-ohneform"));
        Assert.Equal((0, 0, 0), await StoredAsync("inst-fremdform"));
        Assert.Equal((0, 0, 0), await StoredAsync("inst-kaputtform"));
    }

    [Fact]
    public async Task An_information_only_entry_installs_without_form_and_process_even_without_the_department()
    {
        var package = new TestPackage("inst-info", department: "elterngeldstelle", jurisdiction: "land", online: false)
            .Set("responsibleAuthority", new JsonObject { ["de"] = "Elterngeldstelle des Landes", ["en"] = "State parental allowance office", ["url"] = "https://elterngeld.example" })
            .Set("caseReferenceCode", null)
            .Set("retentionYears", 0);
        package.Service.Remove("leikaKey");

        var result = await InstallAsync(package.WriteFolder());
        var installed = await CurrentAsync(await TenantIdAsync("musterstadt"), "inst-info");

        Assert.Equal(0, result.Exit);
        Assert.Equal((null, null, null), (installed!.FormJson, installed.ProcessId, installed.ProcessVersion));
        Assert.Equal("", installed.Service.LeikaKey);
    }

    [Fact]
    public async Task A_disabled_service_leaves_the_catalog_and_comes_back_when_enabled()
    {
        await InstallAsync(new TestPackage("inst-aus").WriteFolder());
        var client = app.ClientFor();

        var disable = await RunAsync("admin", "service", "disable", "inst-aus", "--tenant", "musterstadt");
        var listed = await RunAsync("admin", "service", "list", "--tenant", "musterstadt");
        var hidden = await client.GetAsync("/leistungen/inst-aus");
        var enable = await RunAsync("admin", "service", "enable", "inst-aus", "--tenant", "musterstadt");
        var shown = await client.GetAsync("/leistungen/inst-aus");

        Assert.Equal((0, 0), (disable.Exit, enable.Exit));
        Assert.Matches(@"inst-aus\s+1\.0\.0\s+disabled\s+online\s+gemeinde\s+Testleistung inst-aus", listed.Output);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, shown.StatusCode);
    }

    [Fact]
    public async Task Service_commands_name_what_is_wrong()
    {
        var noTenant = await InstallAsync(new TestPackage("inst-ohnemandant").WriteFolder(), tenant: "nirgendwo");
        var noPath = await InstallAsync("/tmp/gibt-es-nicht-" + Guid.NewGuid());
        var noService = await RunAsync("admin", "service", "disable", "gibt-es-nicht", "--tenant", "musterstadt");
        var usage = await RunAsync("admin", "service", "install");

        Assert.Equal((1, "There is no tenant 'nirgendwo'."), (noTenant.Exit, noTenant.Error.Trim().Replace("Error: ", "", StringComparison.Ordinal)));
        Assert.Contains("is neither a folder nor a zip file", noPath.Error);
        Assert.Contains("Service gibt-es-nicht is not installed in musterstadt.", noService.Error);
        Assert.Equal(2, usage.Exit);
        Assert.Contains("rathaus admin service install FOLDER|ZIP --tenant SLUG", usage.Error);
    }

    /// <summary>
    /// Every package under the repository's services/ installs (town services into a town, county services into the
    /// county). Counts the folders present, so that a package that fails cannot hide behind an empty folder.
    /// </summary>
    [Fact]
    public async Task Every_shipped_package_installs()
    {
        var folder = Path.Combine(RepositoryRoot(), "services");
        var packages = Directory.Exists(folder) ? Directory.GetDirectories(folder) : [];
        var installed = 0;
        var failures = new List<string>();
        foreach (var packageFolder in packages)
        {
            var tenant = JurisdictionOf(packageFolder) == "kreis" ? "musterkreis" : "musterstadt";
            var result = await InstallAsync(packageFolder, tenant);
            if (result.Exit == 0)
            {
                installed++;
            }
            else
            {
                failures.Add(result.Error);
            }
        }

        Assert.Empty(failures);
        Assert.Equal(packages.Length, installed);
    }

    [Fact]
    public async Task The_demo_installs_every_shipped_package_into_both_towns_or_the_county()
    {
        var folder = app.Services.GetRequiredService<IOptions<CatalogOptions>>().Value.EffectiveServicesPath();
        var shipped = Directory.Exists(folder) ? Directory.GetDirectories(folder) : [];
        var inRepository = Directory.Exists(Path.Combine(RepositoryRoot(), "services")) ? Directory.GetDirectories(Path.Combine(RepositoryRoot(), "services")) : [];
        var missing = new List<string>();
        foreach (var package in shipped.Select(f => ServicePackageReader.Read(f)))
        {
            string[] tenants = package.Service.Jurisdiction == "kreis" ? ["musterkreis"] : ["musterstadt", "beispielheim"];
            foreach (var tenant in tenants)
            {
                if ((await CurrentAsync(await TenantIdAsync(tenant), package.Service.Id))?.PackageSha256 != package.Sha256)
                {
                    missing.Add($"{package.Service.Id} in {tenant}");
                }
            }
        }

        Assert.Equal(inRepository.Length, shipped.Length);
        Assert.Empty(missing);
    }

    private static string? JurisdictionOf(string packageFolder)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(Path.Combine(packageFolder, "service.json")))?["jurisdiction"]?.GetValue<string>();
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidOperationException)
        {
            // The installation below reports what is wrong with the file.
            return null;
        }
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rathaus.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Rathaus.slnx not found above " + AppContext.BaseDirectory);
    }
}
