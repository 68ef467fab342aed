using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Mailbox;
using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Portal;
using Rathaus.Tests.Records;

namespace Rathaus.Tests.Hostile;

/// <summary>
/// The application for the hostile-input corpus: no job executor (nothing moves while rows are counted), a small
/// file limit so "oversized" stays small, and signed-in clients shared by every test of the class.
/// </summary>
public sealed class HostileApp : RathausApp
{
    public const int MaxFileBytes = 200_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private HttpClient? _admin;
    private HttpClient? _citizen;
    private Guid? _document;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Processes:JobExecutor:Enabled"] = "false",
        ["Uploads:MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Musterstadt's tenant admin (deploys processes, imports rules and records).</summary>
    public Task<HttpClient> AdminAsync() => OnceAsync(() => _admin, async () =>
    {
        var client = ClientFor();
        var response = await client.SubmitAsync("/verwaltung/anmelden",
            new Dictionary<string, string> { ["Email"] = "admin@musterstadt.example", ["Password"] = Rathaus.Platform.Demo.DemoSeeder.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return _admin = client;
    });

    /// <summary>A citizen with an eID-verified account in Musterstadt.</summary>
    public Task<HttpClient> CitizenAsync() => OnceAsync(() => _citizen, async () => _citizen = await Applicants.SignedInAsync(this, "sperrmuell"));

    /// <summary>A document in Musterstadt's records (a case's evidence PDF), for new versions.</summary>
    public async Task<Guid> DocumentAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_document is null)
            {
                var tenant = (await Services.GetRequiredService<TenantDirectory>().FindBySlugAsync("musterstadt"))!;
                var (caseId, _) = await this.SubmitCaseAsync(tenant, "ordnungsamt", "Feindlich");
                _document = await QueryAsync<Guid>("""
                    SELECT d.id FROM records_documents d JOIN record_procedures p ON p.id = d.procedure_id WHERE p.case_id = @caseId AND d.type = 'evidence'
                    """, new { caseId });
            }
            return _document.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Guid? _message;

    /// <summary>A message from the Abfallwirtschaft to the citizen of <see cref="CitizenAsync"/> (about a bulky-waste application), to answer.</summary>
    public async Task<Guid> MessageAsync()
    {
        var citizen = await CitizenAsync();
        await _gate.WaitAsync();
        try
        {
            if (_message is null)
            {
                var submitted = await citizen.PostAsJsonAsync("/api/v1/services/sperrmuell/submissions",
                    new JsonObject { ["data"] = ShippedServices.Valid("sperrmuell") });
                Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
                var reference = (await submitted.Content.ReadFromJsonAsync<JsonObject>())!["reference"]!.GetValue<string>();
                var caseId = await QueryAsync<Guid>("SELECT id FROM cases WHERE reference = @reference", new { reference });
                var tenant = (await Services.GetRequiredService<TenantDirectory>().FindBySlugAsync("musterstadt"))!;
                var delivery = await Services.GetRequiredService<CitizenMailbox>().DeliverAsync(tenant.Id,
                    new OutgoingMessage(caseId, "information_request", "Rückfrage zu Ihrem Antrag", "Bitte nennen Sie uns die Zufahrt."));
                _message = delivery!.MessageId;
            }
            return _message.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<HttpClient> OnceAsync(Func<HttpClient?> existing, Func<Task<HttpClient>> create)
    {
        await _gate.WaitAsync();
        try
        {
            return existing() ?? await create();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Tables whose rows change on their own or by reading (sessions, audit of reads); everything else is counted.</summary>
    private static readonly HashSet<string> NotCounted = ["data_protection_keys", "audit_entries", "audit_chain", "audit_chain_queue"];

    /// <summary>The number of rows of every table and of the files in the blob store.</summary>
    public async Task<IReadOnlyDictionary<string, long>> SnapshotAsync()
    {
        await using var c = await Services.GetRequiredService<RathausDataSources>().Owner.OpenConnectionAsync();
        // In the background, the receipt writer files the receipts of cases submitted before (by other tests of the
        // class) and the search indexer takes the documents filed before into the search.
        for (var i = 0; i < 200 && await c.ExecuteScalarAsync<long>(
                 "SELECT (SELECT count(*) FROM cases WHERE receipt_pending) + (SELECT count(*) FROM records_search_queue)") > 0; i++)
        {
            await Task.Delay(50);
        }
        var tables = (await c.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1")).ToList();
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables.Where(t => !NotCounted.Contains(t)))
        {
            counts[table] = await c.ExecuteScalarAsync<long>($"SELECT count(*) FROM \"{table}\"");
        }
        counts["(blobs)"] = Directory.EnumerateFiles(BlobFolder, "*", SearchOption.AllDirectories)
            .Count(f => !Path.GetRelativePath(BlobFolder, f).StartsWith("tmp" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        return counts;
    }
}
