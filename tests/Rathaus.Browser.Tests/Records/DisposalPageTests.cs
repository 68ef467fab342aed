using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Browser.Tests.Infrastructure;
using Rathaus.Browser.Tests.Workbench;
using Rathaus.Cases;
using Rathaus.Platform.Blobs;
using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;
using Rathaus.Records;

namespace Rathaus.Browser.Tests.Records;

/// <summary>The disposal page meets WCAG 2.1 AA in German and English, with a proposal, an approval and a tombstone on it.</summary>
[Collection(SharedBrowser.Name)]
public sealed class DisposalPageTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("de")]
    [InlineData("en")]
    public async Task The_disposal_page_with_proposals_approvals_and_tombstones_is_accessible(string language)
    {
        await using var s = await browser.OpenAsync(language, tenant: "beispielheim");
        var services = s.App.Services;
        var tenant = (await services.GetRequiredService<TenantDirectory>().FindBySlugAsync("beispielheim"))!;
        var disposals = services.GetRequiredService<RecordDisposals>();
        var admin = (await disposals.FindStaffAsync(tenant.Id, "admin@beispielheim.example"))!.Value;
        var actor = new RecordsActor("staff", admin.ToString(), "tenant_admin", null);
        // Three files of their own (one department each), closed long ago, so due now.
        var files = new List<Guid>();
        foreach (var department in new[] { "browser-a-" + language, "browser-b-" + language, "browser-c-" + language })
        {
            files.Add(await DueFileAsync(services, tenant, department));
        }
        await disposals.ProposeDueAsync(tenant.Id);
        await disposals.ApproveAsync(tenant.Id, files[1], admin, actor);
        await disposals.ApproveAsync(tenant.Id, files[2], admin, actor);
        await disposals.RunAsync(tenant.Id, actor, [files[2]]);

        await s.SignInAsStaffAsync("admin@beispielheim.example", Staff.DemoPassword);
        await s.GoToAsync("/verwaltung/aussonderung");
        await s.Page.Locator("#vorschlaege details summary").First.ClickAsync();

        await s.StepAndAuditAsync("aussonderung");
    }

    private static async Task<Guid> DueFileAsync(IServiceProvider services, Tenant tenant, string department)
    {
        var blobs = services.GetRequiredService<IBlobStore>();
        var content = System.Text.Encoding.UTF8.GetBytes("%PDF-1.4\n% " + department + "\n%%EOF\n");
        var blob = await blobs.PutAsync(new MemoryStream(content), default);
        var submitted = await services.GetRequiredService<CaseIntake>().SubmitAsync(new IntakeRequest(tenant,
            new IntakeService("records-browser", "1.0.0", department, "REC", null, null), new JsonObject { ["name"] = department },
            [new IntakeDocument(Guid.CreateVersion7(), "evidence", "nachweis", "Nachweis.pdf", "application/pdf", blob.Size, blob.Sha256)],
            "portal", new IntakeActor("anonymous", null, null), null), receipt: null);
        var db = services.GetRequiredService<Db>();
        return await db.InTenantAsync(tenant.Id, async (c, tx) =>
        {
            await c.ExecuteAsync("UPDATE cases SET closed_at = @at WHERE id = @id", new { at = DateTimeOffset.UtcNow.AddYears(-40), id = submitted.Id }, tx);
            return await c.QuerySingleAsync<Guid>("SELECT file_id FROM record_procedures WHERE case_id = @id", new { id = submitted.Id }, tx);
        });
    }
}
