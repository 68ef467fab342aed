using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Platform.Tenancy;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Platform;

public sealed class StaffSignInTests(RathausApp app) : IClassFixture<RathausApp>
{
    private const string Password = Rathaus.Platform.Demo.DemoSeeder.Password;
    private const string WrongPassword = "falsches-Passwort-1";

    private static Dictionary<string, string> Credentials(string email, string password) => new() { ["Email"] = email, ["Password"] = password };

    [Theory]
    [InlineData("ordnungsamt@musterstadt.example", "Sachbearbeitung", "Ordnungsamt")]
    [InlineData("admin@musterstadt.example", "Verwaltung des Mandanten", null)]
    [InlineData("datenschutz@musterstadt.example", "Datenschutz und Prüfung", null)]
    public async Task Each_demo_role_signs_in_and_sees_its_roles(string email, string role, string? department)
    {
        var client = app.ClientFor();

        var response = await client.SubmitAsync("/verwaltung/anmelden", Credentials(email, Password));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/verwaltung", response.Headers.Location!.OriginalString);
        var home = await client.GetPageAsync("/verwaltung");
        Assert.Contains(role, home.Text("#rollen"));
        if (department is not null)
        {
            Assert.Contains(department, home.Text("#organisationseinheiten"));
        }
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_address_get_the_same_message()
    {
        var wrong = await Html.ParseAsync(await app.ClientFor().SubmitAsync("/verwaltung/anmelden", Credentials("bauamt@musterstadt.example", WrongPassword)));
        var unknown = await Html.ParseAsync(await app.ClientFor().SubmitAsync("/verwaltung/anmelden", Credentials("niemand@musterstadt.example", WrongPassword)));

        var message = wrong.Text(".rathaus-error-summary li");
        Assert.Equal("E-Mail-Adresse oder Passwort sind nicht richtig. Nach mehreren Fehlversuchen wird das Konto für 15 Minuten gesperrt.", message);
        Assert.Equal(message, unknown.Text(".rathaus-error-summary li"));
    }

    [Fact]
    public async Task Five_failures_lock_the_account_for_fifteen_minutes()
    {
        var admin = app.Services.GetRequiredService<TenantAdministration>();
        await admin.AddStaffAsync("musterstadt", "sperrtest@musterstadt.example", "Sperr Test", Password, [], ["bauamt"]);
        var client = app.ClientFor();
        for (var i = 0; i < 5; i++)
        {
            await client.SubmitAsync("/verwaltung/anmelden", Credentials("sperrtest@musterstadt.example", WrongPassword));
        }

        var whileLocked = await client.SubmitAsync("/verwaltung/anmelden", Credentials("sperrtest@musterstadt.example", Password));
        app.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var afterwards = await client.SubmitAsync("/verwaltung/anmelden", Credentials("sperrtest@musterstadt.example", Password));

        Assert.Equal(HttpStatusCode.OK, whileLocked.StatusCode);
        Assert.Contains("nicht richtig", (await Html.ParseAsync(whileLocked)).Text(".rathaus-error-summary"));
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
    }

    [Fact]
    public async Task Four_failures_then_success_resets_the_count()
    {
        var admin = app.Services.GetRequiredService<TenantAdministration>();
        await admin.AddStaffAsync("musterstadt", "zaehler@musterstadt.example", "Zähler Test", Password, [], []);
        var client = app.ClientFor();
        for (var i = 0; i < 4; i++)
        {
            await client.SubmitAsync("/verwaltung/anmelden", Credentials("zaehler@musterstadt.example", WrongPassword));
        }
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync("/verwaltung/anmelden", Credentials("zaehler@musterstadt.example", Password))).StatusCode);
        for (var i = 0; i < 4; i++)
        {
            await client.SubmitAsync("/verwaltung/anmelden", Credentials("zaehler@musterstadt.example", WrongPassword));
        }

        var fifthAttempt = await client.SubmitAsync("/verwaltung/anmelden", Credentials("zaehler@musterstadt.example", Password));

        Assert.Equal(HttpStatusCode.Redirect, fifthAttempt.StatusCode);
    }

    [Fact]
    public async Task A_form_posted_without_antiforgery_token_is_rejected_and_signs_nobody_in()
    {
        var client = app.ClientFor();
        await client.GetAsync("/verwaltung/anmelden");

        var response = await client.PostAsync("/verwaltung/anmelden", new FormUrlEncodedContent(Credentials("bauamt@musterstadt.example", Password)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("rathaus.staff="));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/verwaltung")).StatusCode);
    }

    [Fact]
    public async Task A_staff_cookie_of_one_municipality_is_not_valid_at_another()
    {
        var client = app.ClientFor("localhost");
        var signIn = await client.SubmitAsync("/t/musterstadt/verwaltung/anmelden", Credentials("bauamt@musterstadt.example", Password));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/t/musterstadt/verwaltung")).StatusCode);

        var elsewhere = await client.GetAsync("/t/beispielheim/verwaltung");

        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
        Assert.StartsWith("/t/beispielheim/verwaltung/anmelden", elsewhere.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_caseworker_may_not_open_the_tenant_admin_page_but_the_admin_may()
    {
        var caseworker = app.ClientFor();
        await caseworker.SubmitAsync("/verwaltung/anmelden", Credentials("steueramt@musterstadt.example", Password));
        var admin = app.ClientFor();
        await admin.SubmitAsync("/verwaltung/anmelden", Credentials("admin@musterstadt.example", Password));

        var denied = await caseworker.GetAsync("/verwaltung/organisation");
        var page = await admin.GetPageAsync("/verwaltung/organisation");

        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/fehler/403", denied.Headers.Location!.OriginalString);
        Assert.Contains("Leonie Hoffmann", page.Text("table"));
        Assert.DoesNotContain("beispielheim", page.Text("table"));
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var client = app.ClientFor();
        await client.SubmitAsync("/verwaltung/anmelden", Credentials("bauamt@musterstadt.example", Password));

        var signOut = await client.SubmitAsync("/verwaltung", new Dictionary<string, string>(), "/verwaltung/abmelden");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/verwaltung")).StatusCode);
    }

    [Fact]
    public async Task Operators_sign_in_on_the_platform_and_see_every_tenant()
    {
        var client = app.ClientFor("localhost");

        var signIn = await client.SubmitAsync("/betrieb/anmelden", Credentials("betrieb@rathaus.example", Password));
        var page = await client.GetPageAsync("/betrieb");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("Stadt Musterstadt", page.Text("table"));
        Assert.Contains("09999002", page.Text("table"));
        Assert.Contains("bereit", page.Text("main p"));
    }
}
