using System.Net;
using System.Text.RegularExpressions;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Platform;

public sealed partial class CitizenAccountTests(RathausApp app) : IClassFixture<RathausApp>
{
    private static Dictionary<string, string> Registration(string email) =>
        new() { ["DisplayName"] = "Jana Neu", ["Email"] = email, ["Password"] = "ein-sicheres-Passwort" };

    private string ConfirmationLinkFor(string email) => LinkPattern().Match(app.LastMailTo(email)).Value;

    [Fact]
    public async Task Registering_mails_a_link_and_confirming_it_enables_sign_in()
    {
        var client = app.ClientFor();

        var registered = await Html.ParseAsync(await client.SubmitAsync("/registrieren", Registration("jana.neu@example.org")));
        var beforeConfirming = await Html.ParseAsync(await client.SubmitAsync("/anmelden",
            new Dictionary<string, string> { ["Email"] = "jana.neu@example.org", ["Password"] = "ein-sicheres-Passwort" }));
        var link = new Uri(ConfirmationLinkFor("jana.neu@example.org"));
        var confirmed = await client.GetPageAsync(link.PathAndQuery);
        var signIn = await client.SubmitAsync("/anmelden", new Dictionary<string, string> { ["Email"] = "jana.neu@example.org", ["Password"] = "ein-sicheres-Passwort" });
        var account = await client.GetPageAsync("/konto");

        Assert.Equal("Bitte bestätigen Sie Ihre E-Mail-Adresse", registered.Text("h1"));
        Assert.Contains("bestätigen Sie zuerst", beforeConfirming.Text(".rathaus-error-summary"));
        Assert.Equal("musterstadt.localhost", link.Host);
        Assert.Contains("Ihre E-Mail-Adresse ist bestätigt", confirmed.Text("main"));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("jana.neu@example.org", account.Text("main"));
        Assert.Contains("Basisregistrierung", account.Text("main"));
    }

    [Fact]
    public async Task A_confirmation_link_works_only_once()
    {
        var client = app.ClientFor();
        await client.SubmitAsync("/registrieren", Registration("einmal@example.org"));
        var link = new Uri(ConfirmationLinkFor("einmal@example.org"));
        await client.GetPageAsync(link.PathAndQuery);

        var again = await client.GetPageAsync(link.PathAndQuery, HttpStatusCode.BadRequest);

        Assert.Contains("ungültig, abgelaufen oder wurde schon benutzt", again.Text("main"));
    }

    [Fact]
    public async Task Registering_a_taken_address_looks_the_same_and_tells_the_owner_by_mail()
    {
        var page = await Html.ParseAsync(await app.ClientFor().SubmitAsync("/registrieren", Registration("erika.mustermann@example.org")));

        Assert.Equal("Bitte bestätigen Sie Ihre E-Mail-Adresse", page.Text("h1"));
        var mail = app.LastMailTo("erika.mustermann@example.org");
        Assert.Contains("bereits ein Konto", mail);
        Assert.DoesNotMatch(LinkPattern(), mail);
    }

    [Fact]
    public async Task Invalid_registration_input_is_listed_in_the_error_summary_and_nothing_is_created()
    {
        var mailsBefore = app.Mails().Count;

        var page = await Html.ParseAsync(await app.ClientFor().SubmitAsync("/registrieren",
            new Dictionary<string, string> { ["DisplayName"] = "", ["Email"] = "keine-adresse", ["Password"] = "kurz" }));

        var errors = page.QuerySelectorAll(".rathaus-error-summary li a").Select(a => (a.GetAttribute("href"), a.TextContent)).ToList();
        Assert.Equal(["#DisplayName", "#Email", "#Password"], errors.Select(e => e.Item1));
        Assert.Contains("mindestens 10 Zeichen", errors[2].TextContent);
        Assert.Equal("true", page.QuerySelector("#Email")!.GetAttribute("aria-invalid"));
        Assert.Equal(mailsBefore, app.Mails().Count);
    }

    [Fact]
    public async Task Hostile_strings_are_shown_as_text_never_as_markup()
    {
        var page = await Html.ParseAsync(await app.ClientFor().SubmitAsync("/registrieren",
            new Dictionary<string, string> { ["DisplayName"] = "<script>alert(1)</script>", ["Email"] = "\"><img src=x onerror=alert(1)>", ["Password"] = "x" }));

        Assert.DoesNotContain(page.QuerySelectorAll("script"), s => s.TextContent.Contains("alert(1)"));
        Assert.Empty(page.QuerySelectorAll("img"));
        Assert.Equal("<script>alert(1)</script>", page.QuerySelector("#DisplayName")!.GetAttribute("value"));
    }

    [Fact]
    public async Task The_language_switch_shows_the_portal_in_English()
    {
        var client = app.ClientFor();

        var switched = await client.GetAsync("/sprache/en?zurueck=/registrieren");
        var page = await client.GetPageAsync("/registrieren");

        Assert.Equal("/registrieren", switched.Headers.Location!.OriginalString);
        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Create an account", page.Text("h1"));
    }

    [Fact]
    public async Task The_language_switch_never_redirects_to_another_site()
    {
        var switched = await app.ClientFor().GetAsync("/sprache/en?zurueck=//boese.example/");

        Assert.Equal("/", switched.Headers.Location!.OriginalString);
    }

    [GeneratedRegex(@"http://[^\s]+/registrieren/bestaetigen\?token=[0-9a-f]{48}")]
    private static partial Regex LinkPattern();
}
