using Rathaus.CatalogModule;
using Rathaus.Platform.Database;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Platform.Demo;

/// <summary>Whether to fill an empty database with the demo county and towns.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Seed { get; set; }

    /// <summary>Print the demo sign-ins to the terminal at start (the launcher's <c>run</c> does).</summary>
    public bool PrintSignIns { get; set; }
}

/// <summary>
/// The demo: county Musterkreis with the towns Musterstadt and Beispielheim (fictitious AGS in Land 09,
/// Kreis 999, which no real municipality has), their departments, staff and two citizens, and the shipped service
/// packages in their catalogs (the county's services in Musterkreis, all others in both towns).
/// </summary>
public sealed class DemoSeeder(
    Microsoft.Extensions.Options.IOptions<DemoOptions> options, TenantAdministration admin, ServicePackageInstaller installer,
    Microsoft.Extensions.Options.IOptions<CatalogOptions> catalog, TenantDirectory tenants, Records.FilePlans filePlans,
    ILogger<DemoSeeder> logger) : IDatabaseSeeder
{
    private const string County = "musterkreis";

    private static readonly string[] Towns = ["musterstadt", "beispielheim"];

    /// <summary>The one password of every demo account; printed at start, never for real accounts.</summary>
    public const string Password = "Demo-Passwort-2026";

    public sealed record SignIn(string Who, string Where, string Email);

    private static readonly (string Key, string Name, string Kind)[] TownDepartments =
    [
        ("buergerbuero", "Bürgerbüro", "buergerbuero"),
        ("ordnungsamt", "Ordnungsamt", "ordnungsamt"),
        ("steueramt", "Steueramt", "steueramt"),
        ("bauamt", "Bauamt", "bauamt"),
        ("abfallwirtschaft", "Abfallwirtschaft", "abfallwirtschaft"),
    ];

    private static readonly string[] CaseworkerNames = ["Anna Becker", "Jonas Wagner", "Leonie Hoffmann", "Paul Schäfer", "Emma Richter"];

    public static IReadOnlyList<SignIn> SignIns { get; } = BuildSignIns();

    public async Task SeedAsync(CancellationToken ct)
    {
        if (!options.Value.Seed)
        {
            return;
        }
        if (!await admin.AnyTenantAsync(ct))
        {
            await CreateAsync(ct);
        }
        // On every start, so that a demo database made before a package was shipped or changed gets it; installing
        // the same version again changes nothing.
        await InstallShippedPackagesAsync(ct);
        // The shipped default file plan, for a demo database made before the E-Akte existed too; a plan is never replaced.
        foreach (var slug in Towns.Append(County))
        {
            if (await tenants.FindBySlugAsync(slug, ct) is { } tenant)
            {
                await filePlans.EnsureDefaultAsync(tenant.Id, ct);
            }
        }
        if (options.Value.PrintSignIns)
        {
            PrintSignIns();
        }
    }

    private static void PrintSignIns()
    {
        // Plain text on purpose: a person reads this in the terminal next to the JSON log.
        var lines = new System.Text.StringBuilder();
        lines.AppendLine().Append("Demo sign-ins (password for all: ").Append(Password).AppendLine("):");
        foreach (var s in SignIns)
        {
            lines.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {s.Who,-42} {s.Email,-38} {s.Where}");
        }
        Console.Out.WriteLine(lines.ToString());
    }

    private async Task InstallShippedPackagesAsync(CancellationToken ct)
    {
        var folder = catalog.Value.EffectiveServicesPath();
        if (!Directory.Exists(folder))
        {
            logger.LogWarning("No service packages to install: the folder {Folder} (setting Catalog:ServicesPath) does not exist", folder);
            return;
        }
        foreach (var packageFolder in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            try
            {
                var package = ServicePackageReader.Read(packageFolder);
                string[] targets = package.Service.Jurisdiction == "kreis" ? [County] : Towns;
                foreach (var tenant in targets)
                {
                    var result = await installer.InstallAsync(tenant, package, "demo", ct);
                    if (result.Outcome != InstallOutcome.Unchanged)
                    {
                        logger.LogInformation("Service package {Service} {Version} installed in {Tenant}", result.ServiceId, result.Version, tenant);
                    }
                }
            }
            catch (Exception e) when (e is ServicePackageException or AdministrationException)
            {
                // One broken package must not keep the demo from starting; the message names what to fix.
                logger.LogError("The demo could not install the service package {Folder}: {Reason}", packageFolder, e.Message);
            }
        }
    }

    private async Task CreateAsync(CancellationToken ct)
    {
        await admin.AddTenantAsync(new NewTenant("musterkreis", TenantKind.County, "09999000", "Landkreis Musterkreis",
            Street: "Kreisstraße 1", PostalCode: "99990", City: "Musterhausen", Phone: "+49 9999 100-0", Email: "poststelle@musterkreis.example",
            Website: "https://www.musterkreis.example", BankName: "Kreissparkasse Musterkreis", Iban: "DE02120300000000202051", Bic: "BYLADEM1001"), ct);
        await admin.AddDepartmentAsync("musterkreis", "strassenverkehrsamt", "Straßenverkehrsamt", "strassenverkehrsamt", "kfz@musterkreis.example", "+49 9999 100-300", ct);
        await admin.AddDepartmentAsync("musterkreis", "bauaufsicht", "Bauaufsichtsbehörde", "bauaufsicht", "bauaufsicht@musterkreis.example", "+49 9999 100-400", ct);

        foreach (var (slug, kind, ags, name, street, postalCode, city) in new[]
                 {
                     ("musterstadt", TenantKind.Town, "09999001", "Stadt Musterstadt", "Marktplatz 1", "99991", "Musterstadt"),
                     ("beispielheim", TenantKind.Municipality, "09999002", "Gemeinde Beispielheim", "Rathausgasse 3", "99992", "Beispielheim"),
                 })
        {
            await admin.AddTenantAsync(new NewTenant(slug, kind, ags, name, "musterkreis", street, postalCode, city,
                Phone: "+49 9999 200-0", Email: $"rathaus@{slug}.example", Website: $"https://www.{slug}.example",
                BankName: "Sparkasse Musterkreis", Iban: "DE02500105170137075030", Bic: "INGDDEFFXXX"), ct);
            foreach (var (key, departmentName, departmentKind) in TownDepartments)
            {
                await admin.AddDepartmentAsync(slug, key, departmentName, departmentKind, $"{key}@{slug}.example", "+49 9999 200-0", ct);
            }
            for (var i = 0; i < TownDepartments.Length; i++)
            {
                await admin.AddStaffAsync(slug, $"{TownDepartments[i].Key}@{slug}.example", CaseworkerNames[i], Password, [], [TownDepartments[i].Key], ct);
            }
            // A second member of the Ordnungsamt, its team lead: tasks can be handed over, and the overview has someone to show it.
            await admin.AddStaffAsync(slug, $"leitung.ordnungsamt@{slug}.example", "Katharina Schulz", Password, [Roles.TeamLead], ["ordnungsamt"], ct);
            await admin.AddStaffAsync(slug, $"admin@{slug}.example", "Sabine Krüger", Password, [Roles.TenantAdmin], [], ct);
            await admin.AddStaffAsync(slug, $"datenschutz@{slug}.example", "Thomas Braun", Password, [Roles.Auditor], [], ct);
        }
        await admin.AddStaffAsync("musterkreis", "admin@musterkreis.example", "Claudia Neumann", Password, [Roles.TenantAdmin], [], ct);
        await admin.AddStaffAsync("musterkreis", "kfz@musterkreis.example", "Mehmet Yilmaz", Password, [], ["strassenverkehrsamt"], ct);
        await admin.AddStaffAsync("musterkreis", "bauaufsicht@musterkreis.example", "Katrin Vogel", Password, [], ["bauaufsicht"], ct);
        await admin.AddCitizenAsync("musterstadt", "erika.mustermann@example.org", "Erika Mustermann", Password, "basic", ct);
        // Stands in for an account verified through an eID (BundID); see docs/identity.md.
        await admin.AddCitizenAsync("musterstadt", "max.mustermann@example.org", "Max Mustermann", Password, "substantial", ct);
        await admin.AddOperatorAsync("betrieb@rathaus.example", "Rechenzentrum Betrieb", Password, ct);
        logger.LogInformation("Demo data created: Musterkreis, Musterstadt, Beispielheim");
    }

    private static List<SignIn> BuildSignIns()
    {
        var list = new List<SignIn>();
        foreach (var (key, name, _) in TownDepartments)
        {
            list.Add(new SignIn($"Sachbearbeitung {name}", "musterstadt /verwaltung/anmelden", $"{key}@musterstadt.example"));
        }
        list.Add(new SignIn("Teamleitung Ordnungsamt (team lead)", "musterstadt /verwaltung/anmelden", "leitung.ordnungsamt@musterstadt.example"));
        list.Add(new SignIn("Verwaltung des Mandanten (tenant admin)", "musterstadt /verwaltung/anmelden", "admin@musterstadt.example"));
        list.Add(new SignIn("Datenschutz / Prüfung (auditor)", "musterstadt /verwaltung/anmelden", "datenschutz@musterstadt.example"));
        list.Add(new SignIn("Sachbearbeitung Straßenverkehrsamt", "musterkreis /verwaltung/anmelden", "kfz@musterkreis.example"));
        list.Add(new SignIn("Sachbearbeitung Bauaufsichtsbehörde", "musterkreis /verwaltung/anmelden", "bauaufsicht@musterkreis.example"));
        list.Add(new SignIn("Bürgerin (basic)", "musterstadt /anmelden", "erika.mustermann@example.org"));
        list.Add(new SignIn("Bürger (substantial)", "musterstadt /anmelden", "max.mustermann@example.org"));
        list.Add(new SignIn("Betrieb (platform operator)", "/betrieb/anmelden", "betrieb@rathaus.example"));
        return list;
    }
}
