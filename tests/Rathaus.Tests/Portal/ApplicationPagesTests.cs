using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Platform.Database;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Portal;

/// <summary>Applying through the portal's pages, as a person with a browser without JavaScript does.</summary>
public sealed class ApplicationPagesTests(RathausApp app) : IClassFixture<RathausApp>
{
    public static TheoryData<string> Services => new(ShippedServices.WithForms());

    private async Task<ApplicantBrowser> SignedInAsync() => new(await Applicants.SignedInAsync(app, "sperrmuell"));

    private static Dictionary<string, UploadFile> ByField(IEnumerable<UploadFile> files) =>
        files.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.First());

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_citizen_fills_every_page_checks_the_answers_submits_and_gets_a_receipt(string serviceId)
    {
        var browser = new ApplicantBrowser(await Applicants.SignedInAsync(app, serviceId));
        var (data, files) = ShippedServices.WithUploads(ShippedServices.Valid(serviceId));

        var review = await browser.FillAsync(await browser.StartAsync(serviceId), data, ByField(files));
        var reviewPage = await browser.Client.GetPageAsync(review);
        var submitted = await browser.Client.PostAsync(review, reviewPage, []);

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var receipt = await browser.Client.GetPageAsync(submitted.Headers.Location!.OriginalString);
        var reference = receipt.Text("#aktenzeichen");
        Assert.Matches(@"^[A-Z]{3}-[A-Z0-9]+-\d{4}-\d{6}$", reference);
        Assert.Equal(1, await app.QueryAsync<int>("SELECT count(*)::int FROM cases WHERE reference = @reference AND channel = 'portal'", new { reference }));
        var pdf = await browser.Client.GetByteArrayAsync(receipt.QuerySelector("#eingangsbestaetigung")!.GetAttribute("href")!);
        var text = Poppler.Text(pdf);
        Assert.Contains(reference, text, StringComparison.Ordinal);
        Assert.Contains("Eingangsbestätigung", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Next_with_missing_and_wrong_values_shows_the_error_summary_and_keeps_what_was_typed()
    {
        var browser = await SignedInAsync();
        var first = await browser.StartAsync("hundeanmeldung");
        var page = await browser.Client.GetPageAsync(first);
        var inputs = page.QuerySelectorAll("input[type=text], input[type=email]").Select(i => i.GetAttribute("name")!).ToList();
        Assert.NotEmpty(inputs);
        var kept = inputs[0];
        var values = new List<KeyValuePair<string, string>> { FormPost.Value("aktion", "weiter"), FormPost.Value(kept, "<script>alert('x')</script>") };

        var response = await browser.Client.PostAsync(first, page, values);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shown = await Html.ParseAsync(response);
        Assert.StartsWith("Fehler:", shown.Title, StringComparison.Ordinal);
        var links = shown.QuerySelectorAll("#fehlerzusammenfassung a").ToList();
        Assert.NotEmpty(links);
        Assert.All(links, a => Assert.NotNull(shown.GetElementById(a.GetAttribute("href")!.TrimStart('#'))));
        Assert.Equal("<script>alert('x')</script>", shown.QuerySelector($"[name='{kept}']")!.GetAttribute("value"));
        Assert.DoesNotContain(shown.QuerySelectorAll("script"), s => s.TextContent.Contains("alert('x')", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Back_and_a_second_visit_show_what_was_entered()
    {
        var browser = await SignedInAsync();
        var first = await browser.StartAsync("sperrmuell");
        var data = ShippedServices.Valid("sperrmuell");

        var next = await browser.SubmitPageAsync(first, data);
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        var second = next.Headers.Location!.OriginalString;
        var back = await browser.SubmitPageAsync(second, new JsonObject(), action: "zurueck");
        Assert.Equal(first, back.Headers.Location!.OriginalString);

        var again = await browser.Client.GetPageAsync(first);
        Assert.Equal("Becker", again.QuerySelector("[name='anmelder.familienname']")!.GetAttribute("value"));
        Assert.Equal("Schulstraße", again.QuerySelector("[name='abholort.anschrift.street']")!.GetAttribute("value"));
    }

    [Fact]
    public async Task An_anonymous_draft_opens_with_its_resume_link_and_for_nobody_else()
    {
        var browser = new ApplicantBrowser(app.ClientFor());
        var first = await browser.StartAsync("sperrmuell");
        var data = ShippedServices.Valid("sperrmuell");
        var saved = await browser.SubmitPageAsync(first, data, action: "speichern");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var savedPage = await browser.Client.GetPageAsync(saved.Headers.Location!.OriginalString);
        var link = new Uri(savedPage.QuerySelector("#fortsetzungslink")!.GetAttribute("value")!);

        var stranger = app.ClientFor();
        var strangerView = await stranger.GetAsync(first);
        var otherDevice = app.ClientFor();
        var resumed = await otherDevice.GetAsync(link.PathAndQuery);
        var resumedPage = await otherDevice.GetPageAsync(resumed.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.NotFound, strangerView.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        Assert.Contains("Becker", resumedPage.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(link.PathAndQuery[..^3] + "abc")).StatusCode);
    }

    [Fact]
    public async Task Submitting_twice_creates_one_case_and_shows_the_same_receipt()
    {
        var browser = await SignedInAsync();
        var (data, files) = ShippedServices.WithUploads(ShippedServices.Valid("sperrmuell"));
        var review = await browser.FillAsync(await browser.StartAsync("sperrmuell"), data, ByField(files));
        var reviewPage = await browser.Client.GetPageAsync(review);

        var both = await Task.WhenAll(browser.Client.PostAsync(review, reviewPage, []), browser.Client.PostAsync(review, reviewPage, []));
        var again = await browser.Client.PostAsync(review, reviewPage, []);

        Assert.All(both.Append(again), r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        var draftId = Guid.Parse(review.Split('/')[2]);
        Assert.Equal(1, await app.QueryAsync<int>("SELECT count(*)::int FROM cases c JOIN application_drafts d ON d.case_id = c.id WHERE d.id = @draftId", new { draftId }));
    }

    [Theory]
    [InlineData("programm.pdf", "windows")]
    [InlineData("leer.pdf", "empty")]
    [InlineData("seite.pdf", "html")]
    public async Task A_refused_upload_is_named_on_its_field_and_the_rest_of_the_page_is_kept(string fileName, string kind)
    {
        var browser = await SignedInAsync();
        var data = ShippedServices.Valid("hundeanmeldung");
        var url = await browser.StartAsync("hundeanmeldung");
        // Go to the page that has the dogs (with the evidence upload).
        for (var i = 0; i < 5; i++)
        {
            var page = await browser.Client.GetPageAsync(url.Split('#')[0]);
            if (page.QuerySelector("input[type=file]") is not null)
            {
                break;
            }
            url = (await browser.SubmitPageAsync(url, data)).Headers.Location!.OriginalString;
        }
        var filePage = await browser.Client.GetPageAsync(url.Split('#')[0]);
        var fileInput = filePage.QuerySelector("input[type=file]")!.GetAttribute("name")!;
        var content = kind switch
        {
            "windows" => SampleFiles.WindowsProgram(),
            "html" => SampleFiles.Html(),
            _ => [],
        };
        var textInput = filePage.QuerySelectorAll("input[type=text]")[0].GetAttribute("name")!;

        var response = await browser.Client.PostAsync(url.Split('#')[0], filePage,
            [FormPost.Value("aktion", "weiter"), FormPost.Value(textInput, "Bello vom Musterhof")],
            [new UploadFile(fileInput, fileName, content)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shown = await Html.ParseAsync(response);
        Assert.Contains(fileName, shown.QuerySelector("#fehlerzusammenfassung")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Bello vom Musterhof", shown.QuerySelector($"[name='{textInput}']")!.GetAttribute("value"));
        Assert.Equal(0, await app.QueryAsync<int>("SELECT count(*)::int FROM draft_attachments WHERE file_name = @fileName", new { fileName }));
    }
}
