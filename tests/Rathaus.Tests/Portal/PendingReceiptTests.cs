using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Platform.Blobs;
using Rathaus.Platform.Tenancy;
using Rathaus.Portal.Applications;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Portal;

/// <summary>A submission is acknowledged once the case is durable; its receipt PDF is filed right after, exactly once.</summary>
public sealed class PendingReceiptTests(RathausApp app) : IClassFixture<RathausApp>
{
    private async Task<(Guid CaseId, string Reference)> SubmitAsync()
    {
        var client = await Applicants.SignedInAsync(app, "sperrmuell");
        var response = await client.PostAsJsonAsync("/api/v1/services/sperrmuell/submissions", new JsonObject { ["data"] = ShippedServices.Valid("sperrmuell") });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var reference = (await response.Content.ReadFromJsonAsync<JsonObject>())!["reference"]!.GetValue<string>();
        return (await app.QueryAsync<Guid>("SELECT id FROM cases WHERE reference = @reference", new { reference }), reference);
    }

    private Task<(long Receipts, bool Pending)> StateAsync(Guid caseId) =>
        app.QueryAsync<(long, bool)>("""
            SELECT (SELECT count(*) FROM case_documents d WHERE d.case_id = c.id AND d.kind = 'receipt'), c.receipt_pending
            FROM cases c WHERE c.id = @caseId
            """, new { caseId });

    [Fact]
    public async Task The_background_writer_files_the_receipt_with_the_reference_after_the_acknowledgement()
    {
        var (caseId, reference) = await SubmitAsync();

        var state = await StateAsync(caseId);
        for (var i = 0; i < 150 && state.Pending; i++)
        {
            await Task.Delay(200);
            state = await StateAsync(caseId);
        }

        Assert.Equal((1L, false), state);
        var sha256 = await app.QueryAsync<string>("SELECT sha256 FROM case_documents WHERE case_id = @caseId AND kind = 'receipt'", new { caseId });
        await using var content = (await app.Services.GetRequiredService<IBlobStore>().OpenReadAsync(sha256, default))!;
        using var pdf = new MemoryStream();
        await content.CopyToAsync(pdf);
        Assert.Contains(reference, Poppler.Text(pdf.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writers_racing_for_one_receipt_file_exactly_one()
    {
        var (caseId, _) = await SubmitAsync();
        var tenant = (await app.Services.GetRequiredService<TenantDirectory>().FindBySlugAsync("musterstadt"))!;
        var receipts = app.Services.GetRequiredService<PendingReceipts>();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => receipts.EnsureAsync(tenant.Id, caseId, default)));
        await receipts.WritePendingAsync(tenant, default);

        Assert.Equal((1L, false), await StateAsync(caseId));
    }
}
