using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.Configuration;
using Rathaus.Platform.Admin;
using Rathaus.Tests.Catalog;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Portal;

/// <summary>Every field kind renders as its accessible control, labelled, with its hint, named by its data path.</summary>
public sealed class FieldRenderingTests(RathausApp app) : IClassFixture<RathausApp>, IAsyncLifetime
{
    private IHtmlDocument _page = null!;

    public async Task InitializeAsync()
    {
        // The forms library's sample with one field of every kind, installed as a service of its own.
        var form = JsonNode.Parse(File.ReadAllText(Path.Combine(ShippedServices.Root, "..", "tests", "Rathaus.Forms.Tests", "Forms", "feldarten.json")))!.AsObject();
        form["id"] = "feldarten";
        var package = new TestPackage("feldarten");
        package.Files["form.json"] = form.ToJsonString();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Database:ConnectionString", app.ConnectionString)]).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(["admin", "service", "install", package.WriteFolder(), "--tenant", "musterstadt"], output, error,
            configuration, new StringReader(""));
        Assert.True(exit == 0, error.ToString());

        var browser = new ApplicantBrowser(app.ClientFor());
        _page = await browser.Client.GetPageAsync(await browser.StartAsync("feldarten"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private IElement Control(string name) =>
        _page.QuerySelector($"[name='a.{name}']") ?? throw new Xunit.Sdk.XunitException($"no control named a.{name}");

    private string LabelOf(IElement control) =>
        _page.QuerySelector($"label[for='{control.Id}']")?.TextContent.Trim() ?? throw new Xunit.Sdk.XunitException($"no label for {control.Id}");

    [Theory]
    [InlineData("text", "input", "text")]
    [InlineData("beschreibung", "textarea", null)]
    [InlineData("anzahl", "input", "text")]
    [InlineData("betrag", "input", "text")]
    [InlineData("datum", "input", "date")]
    [InlineData("art", "select", null)]
    [InlineData("email", "input", "email")]
    [InlineData("telefon", "input", "tel")]
    [InlineData("iban", "input", "text")]
    [InlineData("kennzeichen", "input", "text")]
    [InlineData("chip", "input", "text")]
    [InlineData("fotos", "input", "file")]
    [InlineData("zustimmung", "input", "checkbox")]
    public void A_single_control_kind_renders_as_its_element_with_a_label(string field, string element, string? type)
    {
        var control = Control(field);

        Assert.Equal(element, control.LocalName);
        Assert.Equal(type, control.GetAttribute("type"));
        Assert.False(string.IsNullOrWhiteSpace(LabelOf(control)));
        Assert.Equal($"a-{field}", control.Id);
    }

    [Theory]
    [InlineData("zustellung", "radio")]
    [InlineData("gegenstaende", "checkbox")]
    [InlineData("eigentuemer", "radio")]
    public void Option_kinds_render_as_a_fieldset_with_a_legend_and_one_labelled_box_per_option(string field, string type)
    {
        var fieldset = _page.GetElementById($"a-{field}")!;
        var boxes = _page.QuerySelectorAll($"[name='a.{field}']").ToList();

        Assert.Equal("fieldset", fieldset.LocalName);
        Assert.False(string.IsNullOrWhiteSpace(fieldset.QuerySelector("legend")!.TextContent));
        Assert.True(boxes.Count >= 2);
        Assert.All(boxes, b => Assert.Equal(type, b.GetAttribute("type")));
        Assert.All(boxes, b => Assert.False(string.IsNullOrWhiteSpace(LabelOf(b))));
    }

    [Fact]
    public void An_address_renders_as_a_fieldset_with_street_house_number_postcode_and_town()
    {
        var fieldset = _page.GetElementById("a-anschrift")!;

        Assert.Equal("fieldset", fieldset.LocalName);
        foreach (var part in new[] { "street", "houseNumber", "postalCode", "city" })
        {
            var input = fieldset.QuerySelector($"[name='a.anschrift.{part}']")!;
            Assert.False(string.IsNullOrWhiteSpace(LabelOf(input)));
        }
        Assert.Equal("postal-code", fieldset.QuerySelector("[name='a.anschrift.postalCode']")!.GetAttribute("autocomplete"));
    }

    [Fact]
    public void Numbers_and_amounts_ask_for_a_numeric_keyboard_and_an_amount_says_euro()
    {
        Assert.Equal("numeric", Control("anzahl").GetAttribute("inputmode"));
        Assert.Equal("decimal", Control("betrag").GetAttribute("inputmode"));
        Assert.Contains("EUR", Control("betrag").ParentElement!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Hints_are_tied_to_their_inputs_and_the_page_has_a_title_and_one_h1()
    {
        var described = _page.QuerySelectorAll("[aria-describedby]").ToList();

        Assert.NotEmpty(described);
        Assert.All(described, c => Assert.All(c.GetAttribute("aria-describedby")!.Split(' '), id => Assert.NotNull(_page.GetElementById(id))));
        Assert.Single(_page.QuerySelectorAll("h1"));
        Assert.False(string.IsNullOrWhiteSpace(_page.Title));
    }
}
