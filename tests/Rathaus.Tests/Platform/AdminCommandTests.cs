using System.Net;
using Microsoft.Extensions.Configuration;
using Rathaus.Platform.Admin;
using Rathaus.Platform.Tenancy;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Platform;

/// <summary>The operator's command line (<c>./rathaus admin …</c>) against the same database the app serves.</summary>
public sealed class AdminCommandTests(RathausApp app) : IClassFixture<RathausApp>
{
    private async Task<(int Exit, string Output, string Error)> RunAsync(string stdin, params string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Database:ConnectionString", app.ConnectionString)])
            .Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(args, output, error, configuration, new StringReader(stdin));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_new_municipality_with_department_and_staff_can_be_used_at_once()
    {
        var tenant = await RunAsync("", "admin", "tenant", "add", "--slug", "neudorf", "--name", "Gemeinde Neudorf", "--ags", "09999003",
            "--kind", "gemeinde", "--county", "musterkreis", "--city", "Neudorf");
        var department = await RunAsync("", "admin", "department", "add", "--tenant", "neudorf", "--key", "ordnungsamt", "--name", "Ordnungsamt");
        var user = await RunAsync("", "admin", "user", "add", "--tenant", "neudorf", "--email", "chef@neudorf.example", "--name", "Chefin",
            "--role", "tenant_admin", "--department", "ordnungsamt");
        var password = user.Output.Split(": ").Last().Trim();

        var client = app.ClientFor("neudorf.localhost");
        var signIn = await client.SubmitAsync("/verwaltung/anmelden", new Dictionary<string, string> { ["Email"] = "chef@neudorf.example", ["Password"] = password });
        var home = await client.GetPageAsync("/verwaltung");

        Assert.Equal((0, 0, 0), (tenant.Exit, department.Exit, user.Exit));
        Assert.Equal(20, password.Length);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("Verwaltung des Mandanten", home.Text("#rollen"));
        Assert.Contains("Sachbearbeitung", home.Text("#rollen"));
    }

    [Theory]
    [InlineData("0999900", "exactly 8 digits")]
    [InlineData("1799900x", "exactly 8 digits")]
    [InlineData("17999001", "Land code 17")]
    [InlineData("09888001", "does not lie in county musterkreis")]
    public async Task An_invalid_municipality_key_is_refused_with_the_reason(string ags, string reason)
    {
        var result = await RunAsync("", "admin", "tenant", "add", "--slug", "falsch", "--name", "Falsch", "--ags", ags, "--kind", "gemeinde", "--county", "musterkreis");

        Assert.Equal(1, result.Exit);
        Assert.Contains(reason, result.Error);
        Assert.Equal(1, (await RunAsync("", "admin", "tenant", "list")).Output.Split('\n').Count(l => l.Contains("09999001")));
        Assert.DoesNotContain("falsch", (await RunAsync("", "admin", "tenant", "list")).Output);
    }

    [Fact]
    public async Task An_overlong_tenant_name_is_refused_with_the_limit_and_nothing_is_created()
    {
        var result = await RunAsync("", "admin", "tenant", "add", "--slug", "zulang", "--name", new string('L', 201), "--ags", "09999007", "--kind", "gemeinde", "--county", "musterkreis");

        Assert.Equal(1, result.Exit);
        Assert.Contains("1–200 characters", result.Error);
        Assert.DoesNotContain("zulang", (await RunAsync("", "admin", "tenant", "list")).Output);
    }

    [Fact]
    public async Task Reset_password_from_standard_input_unlocks_the_account()
    {
        var client = app.ClientFor();
        for (var i = 0; i < 5; i++)
        {
            await client.SubmitAsync("/verwaltung/anmelden", new Dictionary<string, string> { ["Email"] = "bauamt@musterstadt.example", ["Password"] = "falsch-falsch" });
        }

        var reset = await RunAsync("Neues-Passwort-2026\n", "admin", "user", "reset-password", "--tenant", "musterstadt",
            "--email", "bauamt@musterstadt.example", "--password-stdin");
        var signIn = await client.SubmitAsync("/verwaltung/anmelden", new Dictionary<string, string> { ["Email"] = "bauamt@musterstadt.example", ["Password"] = "Neues-Passwort-2026" });

        Assert.Equal(0, reset.Exit);
        Assert.DoesNotContain("Neues-Passwort-2026", reset.Output);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task Unknown_commands_print_the_usage()
    {
        var result = await RunAsync("", "admin", "tenant", "explode");

        Assert.Equal(2, result.Exit);
        Assert.Contains("rathaus admin tenant add", result.Error);
    }

    [Theory]
    [InlineData("09999001", null)]
    [InlineData("16077000", null)]
    [InlineData("00999001", "Land code 00")]
    [InlineData("9999001", "exactly 8 digits")]
    [InlineData("０９９９９００１", "exactly 8 digits")]
    public void The_municipality_key_has_eight_digits_and_a_valid_Land(string ags, string? problem)
    {
        var result = Ags.Validate(ags);

        if (problem is null)
        {
            Assert.Null(result);
        }
        else
        {
            Assert.Contains(problem, result);
        }
    }
}
