using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rathaus.Platform;
using Rathaus.Platform.Mail;
using Rathaus.Platform.Tenancy;
using System.Text.Json;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Platform;

public sealed class OperationsTests(RathausApp app) : IClassFixture<RathausApp>
{
    [Fact]
    public async Task Liveness_and_readiness_report_healthy_with_the_database_up()
    {
        var client = app.ClientFor("localhost");

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Contains("migrations applied", body.RootElement.GetProperty("checks").GetProperty("database").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Every_response_carries_a_correlation_id_that_the_error_page_shows()
    {
        var response = await app.ClientFor().GetAsync("/gibt/es/nicht");
        var page = await Html.ParseAsync(response);

        var id = Assert.Single(response.Headers.GetValues("X-Correlation-Id"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(id, page.Text("main code"));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        using var document = JsonDocument.Parse(await app.ClientFor("localhost").GetStringAsync("/openapi/v1.json"));

        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString());
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty("/api/v1/tenant", out var tenant));
        Assert.True(tenant.GetProperty("get").GetProperty("responses").TryGetProperty("404", out _));
    }

    [Fact]
    public async Task Pages_use_the_KERN_styles_served_by_the_application()
    {
        var client = app.ClientFor();
        var page = await client.GetPageAsync("/");
        var stylesheets = page.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).ToList();

        Assert.Contains("/lib/kern/kern.min.css", stylesheets);
        var css = await client.GetAsync("/lib/kern/kern.min.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Contains(".kern-btn", await css.Content.ReadAsStringAsync());
    }
}

/// <summary>A node whose database is down: it starts, says it is not ready, and answers 503 instead of failing.</summary>
public sealed class DatabaseDownTests : IAsyncLifetime
{
    private sealed class UnreachableDatabaseApp : RathausApp
    {
        // Port 9 (discard) on loopback: nothing listens, connections are refused at once.
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = "Host=127.0.0.1;Port=9;Database=rathaus;Username=postgres;Timeout=2",
        };
    }

    private readonly UnreachableDatabaseApp _app = new();

    public Task InitializeAsync()
    {
        _ = _app.Server;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task Readiness_reports_the_unreachable_database_while_liveness_stays_up()
    {
        var client = _app.ClientFor("localhost");

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("not reachable", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pages_answer_503_with_retry_after_and_no_stack_trace()
    {
        var response = await _app.ClientFor("musterstadt.localhost").GetAsync("/");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", response.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain("Npgsql", body);
    }
}

public sealed class ConfigurationTests
{
    private sealed class MissingDatabaseApp : RathausApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Database:ConnectionString"] = "" };
    }

    [Fact]
    public void A_missing_connection_string_stops_the_start_and_names_the_setting()
    {
        using var app = new MissingDatabaseApp();

        var error = Assert.ThrowsAny<Microsoft.Extensions.Options.OptionsValidationException>(() => app.Server);

        Assert.Contains("Database:ConnectionString", error.Message);
        Assert.Contains("RATHAUS_DB", error.Message);
    }

    [Fact]
    public void An_invalid_setting_is_refused_with_a_message_that_names_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = "Host=127.0.0.1;Database=x",
            ["Mail:From"] = "kein absender",
            ["Tenancy:ByHost"] = "false",
            ["Tenancy:ByPath"] = "false",
        }).Build();
        using var services = new ServiceCollection().AddPlatformCore(configuration).BuildServiceProvider();

        var mail = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MailOptions>>().Value);
        var tenancy = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TenancyOptions>>().Value);

        Assert.Contains("Mail:From", mail.Message);
        Assert.Contains("Tenancy:ByHost", tenancy.Message);
    }
}
