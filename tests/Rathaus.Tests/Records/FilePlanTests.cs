using Microsoft.Extensions.DependencyInjection;
using Rathaus.CatalogModule;
using Rathaus.Records;
using Rathaus.Tests.Catalog;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Records;

/// <summary>The file plan: the shipped default, CSV import with errors by line and column, where cases are filed.</summary>
public sealed class FilePlanTests(RathausApp app) : IClassFixture<RathausApp>
{
    private const string Plan = """
        number;title;retention_years;disposal;departments
        1;Allgemeine Verwaltung;10;archive;*
        1.1;Ordnung;6;destroy;ordnungsamt
        1.1.1;Hunde;8;destroy;
        2;Finanzen;10;destroy;steueramt
        """;

    private static async Task<string> WriteAsync(string csv)
    {
        var path = Path.Combine(Path.GetTempPath(), "aktenplan-" + Guid.NewGuid().ToString("N") + ".csv");
        await File.WriteAllTextAsync(path, csv);
        return path;
    }

    [Fact]
    public async Task Demo_tenants_have_the_shipped_default_plan()
    {
        var list = await app.AdminAsync("records", "fileplan", "list", "--tenant", "beispielheim");

        Assert.Equal(0, list.Exit);
        Assert.Contains("9.2.3", list.Output);
        Assert.Contains("Hundesteuer", list.Output);
        Assert.Contains("[*]", list.Output);
        Assert.Equal(FilePlans.Default().Count, list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task A_bad_csv_is_refused_naming_line_and_column_and_nothing_is_imported()
    {
        var tenant = await app.TenantAsync("musterstadt");
        var before = await app.Services.GetRequiredService<FilePlans>().ListAsync(tenant.Id);
        var path = await WriteAsync("""
            number;title;retention_years;disposal;departments
            1;Allgemeine Verwaltung;10;archive;*
            1.1;Ordnung;zehn;destroy;ordnungsamt
            1.2.7;Waisenkind;5;destroy;
            3;Schulen;5;verbrennen;
            """);

        var import = await app.AdminAsync("records", "fileplan", "import", path, "--tenant", "musterstadt");

        Assert.Equal(1, import.Exit);
        Assert.Contains("Line 3, column 3 (retention_years): 'zehn' is not a number of years", import.Error);
        Assert.Contains("Line 4, column 1 (number): the parent entry 1.2 is not in the plan", import.Error);
        Assert.Contains("Line 5, column 4 (disposal): 'verbrennen' is neither destroy nor archive", import.Error);
        Assert.Equal(before, await app.Services.GetRequiredService<FilePlans>().ListAsync(tenant.Id), new EntryComparer());
    }

    [Fact]
    public async Task An_imported_plan_replaces_the_old_one_and_decides_where_cases_are_filed()
    {
        var tenant = await app.TenantAsync("musterkreis");
        var path = await WriteAsync(Plan);

        var import = await app.AdminAsync("records", "fileplan", "import", path, "--tenant", "musterkreis");
        var ordnung = await app.SubmitCaseAsync(tenant, "ordnungsamt", "Ordnung");
        var other = await app.SubmitCaseAsync(tenant, "bauaufsicht", "Bau");
        var list = await app.AdminAsync("records", "fileplan", "list", "--tenant", "musterkreis");

        Assert.Equal(0, import.Exit);
        Assert.Contains("4 entries", import.Output);
        Assert.Equal(4, list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal("1.1", await app.QueryAsync<string>(
            "SELECT f.file_plan_number FROM record_procedures p JOIN record_files f ON f.id = p.file_id WHERE p.case_id = @id", new { id = ordnung.CaseId }));
        Assert.Equal("1", await app.QueryAsync<string>(
            "SELECT f.file_plan_number FROM record_procedures p JOIN record_files f ON f.id = p.file_id WHERE p.case_id = @id", new { id = other.CaseId }));

        var without = await WriteAsync(Plan.Replace("1.1;Ordnung;6;destroy;ordnungsamt\n", "", StringComparison.Ordinal).Replace("1.1.1;Hunde;8;destroy;\n", "", StringComparison.Ordinal));
        var refused = await app.AdminAsync("records", "fileplan", "import", without, "--tenant", "musterkreis");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("The entry 1.1 is missing in the new plan, but files are filed under it.", refused.Error);
    }

    [Fact]
    public async Task A_service_that_names_its_file_plan_entry_has_its_cases_filed_there_and_a_wrong_number_is_refused()
    {
        var tenant = await app.TenantAsync("beispielheim");
        var package = new TestPackage("hundesteuer-akte").Set("filePlan", "9.2.3");
        await app.Services.GetRequiredService<ServicePackageInstaller>().InstallAsync("beispielheim", ServicePackageReader.Read(package.WriteFolder()), "test");

        var submitted = await app.SubmitCaseAsync(tenant, "ordnungsamt", "Hund", serviceId: "hundesteuer-akte");
        var refused = Assert.Throws<ServicePackageException>(() =>
            ServicePackageReader.Read(new TestPackage("falsche-akte").Set("filePlan", "neun").WriteFolder()));

        Assert.Equal("9.2.3", await app.QueryAsync<string>(
            "SELECT f.file_plan_number FROM record_procedures p JOIN record_files f ON f.id = p.file_id WHERE p.case_id = @id", new { id = submitted.CaseId }));
        Assert.Equal("Testleistung hundesteuer-akte", await app.QueryAsync<string>("SELECT title FROM record_procedures WHERE case_id = @id", new { id = submitted.CaseId }));
        Assert.Contains("$.filePlan", refused.Message);
    }

    [Fact]
    public void The_shipped_default_plan_is_a_valid_plan_with_one_entry_for_every_other_case()
    {
        var plan = FilePlans.Default();

        Assert.True(plan.Count >= 30);
        Assert.Single(plan, e => e.Departments.Contains("*"));
        Assert.All(plan.Where(e => e.Number.Contains('.', StringComparison.Ordinal)),
            e => Assert.Contains(plan, p => p.Number == e.Number[..e.Number.LastIndexOf('.')]));
    }

    private sealed class EntryComparer : IEqualityComparer<FilePlanEntry>
    {
        public bool Equals(FilePlanEntry? x, FilePlanEntry? y) =>
            x!.Number == y!.Number && x.Title == y.Title && x.RetentionYears == y.RetentionYears && x.Disposal == y.Disposal
            && x.Departments.SequenceEqual(y.Departments);

        public int GetHashCode(FilePlanEntry obj) => obj.Number.GetHashCode(StringComparison.Ordinal);
    }
}
