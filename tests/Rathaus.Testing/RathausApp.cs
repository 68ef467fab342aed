using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rathaus.Platform.Database;

namespace Rathaus.Tests.Infrastructure;

/// <summary>The real application on its own fresh database, with the demo data, a test clock and a mail folder.</summary>
public class RathausApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public TestClock Clock { get; } = new();

    public string MailFolder { get; } = Directory.CreateTempSubdirectory("rathaus-mail-").FullName;

    public string BlobFolder { get; } = Directory.CreateTempSubdirectory("rathaus-blobs-").FullName;

    public string ConnectionString => _database.ConnectionString;

    /// <summary>Settings a test class changes; applied over the defaults below.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        StartServer();
        await Services.GetRequiredService<DatabaseState>().Ready.WaitAsync(TimeSpan.FromMinutes(2));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _database.DisposeAsync();
        Directory.Delete(MailFolder, recursive: true);
        Directory.Delete(BlobFolder, recursive: true);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Test");
        builder.ConfigureAppConfiguration((_, configuration) =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["Database:ConnectionString"] = _database.ConnectionString,
                ["Demo:Seed"] = "true",
                ["Mail:PickupDirectory"] = MailFolder,
                ["Blobs:Path"] = BlobFolder,
                ["Logging:LogLevel:Default"] = "Warning",
            };
            foreach (var (key, value) in Settings)
            {
                settings[key] = value;
            }
            configuration.AddInMemoryCollection(settings);
        });
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>A browser-like client for a tenant's host name, keeping cookies, not following redirects.</summary>
    public HttpClient ClientFor(string host = "musterstadt.localhost") =>
        CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri($"http://{host}/"),
            AllowAutoRedirect = false,
            HandleCookies = true,
        });

    /// <summary>One value read with the schema owner's connection, past row-level security: what a test checks was stored.</summary>
    public async Task<T> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var c = await Services.GetRequiredService<RathausDataSources>().Owner.OpenConnectionAsync();
        return await c.QuerySingleAsync<T>(sql, parameters);
    }

    /// <summary>The newest e-mails written to the pickup folder, as raw text.</summary>
    public IReadOnlyList<string> Mails() =>
        Directory.GetFiles(MailFolder, "*.eml").OrderBy(File.GetCreationTimeUtc).Select(File.ReadAllText).ToList();

    /// <summary>The decoded body of the last e-mail sent to <paramref name="address"/>.</summary>
    public string LastMailTo(string address) =>
        MailText.Body(Mails().LastOrDefault(m => m.Contains("To: " + address, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No e-mail to {address} in {MailFolder}."));
}
