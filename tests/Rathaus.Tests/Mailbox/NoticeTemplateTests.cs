using Microsoft.Extensions.Configuration;
using Rathaus.CatalogModule;
using Rathaus.Notices;
using Rathaus.Platform.Admin;
using Rathaus.Platform.Pdf;
using Rathaus.Tests.Catalog;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Mailbox;

/// <summary>The template format (docs/notices.md) and the checks that keep a broken template out of the catalog.</summary>
public sealed class NoticeTemplateTests(RathausApp app) : IClassFixture<RathausApp>
{
    private async Task<(int Exit, string Output, string Error)> InstallAsync(string path)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Database:ConnectionString", app.ConnectionString)]).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(["admin", "service", "install", path, "--tenant", "musterstadt"], output, error, configuration, new StringReader(""));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Installing_a_package_whose_template_does_not_compile_is_refused_with_the_file_and_the_reason()
    {
        var package = new TestPackage("vorlage-kaputt");
        package.Files["templates/notice.de.hbs"] = "# Bescheid\n\n{{#each application.hunde}}\n- {{name}}\n";

        var result = await InstallAsync(package.WriteFolder());

        Assert.Equal(1, result.Exit);
        Assert.Contains("templates/notice.de.hbs: does not compile as a Handlebars template", result.Error);
        Assert.Contains("'#each' was closed", result.Error);
        Assert.Equal(0, await app.QueryAsync<int>("SELECT count(*)::int FROM service_packages WHERE service_id = 'vorlage-kaputt'"));
    }

    [Theory]
    [InlineData("Guten Tag,\n\nkein Betreff.", "has text before its subject line (line 1)")]
    [InlineData("# Betreff\n\n# Noch ein Betreff", "has a second subject line (line 3)")]
    [InlineData("# Betreff\n\n{{> fehlt}}", "includes the partial 'fehlt', but the package has no template fehlt.de.hbs")]
    [InlineData("# Betreff\n\n{{unbekannt application}}", "Helper 'unbekannt'")]
    public void A_template_that_breaks_the_format_is_refused_by_the_package_reader(string template, string reason)
    {
        var package = new TestPackage("vorlage-format");
        package.Files["templates/notice.de.hbs"] = template;

        var error = Assert.Throws<ServicePackageException>(() => ServicePackageReader.Read(package.WriteFolder()));

        Assert.Contains(error.Problems, p => p.File == "templates/notice.de.hbs" && p.Message.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void A_template_included_by_another_needs_no_subject_and_the_shipped_packages_all_pass()
    {
        var package = new TestPackage("vorlage-teil");
        package.Files["templates/notice.de.hbs"] = "# Betreff\n\nText.\n\n---\n{{> rechtsbehelfsbelehrung}}";
        package.Files["templates/rechtsbehelfsbelehrung.de.hbs"] = "## Rechtsbehelfsbelehrung\n\nKlage binnen eines Monats.";

        var read = ServicePackageReader.Read(package.WriteFolder());

        Assert.Equal(3, read.Templates.Count);
        foreach (var folder in Directory.GetDirectories(Portal.ShippedServices.Root))
        {
            ServicePackageReader.Read(folder);
        }
    }

    [Fact]
    public void The_template_format_gives_subject_address_headings_lists_tables_and_a_closing_part()
    {
        var templates = new Dictionary<string, string>
        {
            ["notice.de.hbs"] = """
                > {{name}}
                > {{street}}

                # Bescheid für {{name}}

                Erster Absatz,
                zweite Zeile.

                ## Begründung

                - {{euro betrag}}
                - {{datum tag}}

                | Betrag | {{euro betrag}} |
                |---|---|
                | Tag | {{datum tag}} |

                ---
                Mit freundlichen Grüßen
                """,
        };

        var text = NoticeText.Parse(NoticeTemplates.Render(templates, "notice.de.hbs",
            new Dictionary<string, object?> { ["name"] = "Erika Muster", ["street"] = "Weg 1", ["betrag"] = 1234.5m, ["tag"] = "2026-12-24" }));

        Assert.Equal(["Erika Muster", "Weg 1"], text.AddressLines);
        Assert.Equal("Bescheid für Erika Muster", text.Subject);
        Assert.Collection(text.Body,
            b => Assert.Equal("Erster Absatz,\nzweite Zeile.", Assert.IsType<LetterParagraph>(b).Text),
            b => Assert.Equal("Begründung", Assert.IsType<LetterHeading>(b).Text),
            b => Assert.Equal(["1.234,50\u00A0€", "24.12.2026"], Assert.IsType<LetterList>(b).Items),
            b => Assert.Equal([new LetterTableRow("Betrag", "1.234,50\u00A0€"), new LetterTableRow("Tag", "24.12.2026")], Assert.IsType<LetterTable>(b).Rows));
        Assert.Equal("Mit freundlichen Grüßen", Assert.IsType<LetterParagraph>(Assert.Single(text.Closing)).Text);
    }
}
