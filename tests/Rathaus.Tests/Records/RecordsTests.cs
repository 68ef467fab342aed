using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rathaus.Platform.Database;
using Rathaus.Records;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Records;

/// <summary>Cases are filed into the E-Akte when submitted; documents keep every version; closing sets the disposal date.</summary>
public sealed class RecordsTests(RathausApp app) : IClassFixture<RathausApp>
{
    private RecordsStore Store => app.Services.GetRequiredService<RecordsStore>();

    private static readonly RecordsActor Manager = new("staff", "test-manager", "records_manager", "corr-records");

    private async Task<RecordFile> FileOfAsync(Guid tenantId, Guid caseId)
    {
        var fileId = await app.QueryAsync<Guid>("SELECT file_id FROM record_procedures WHERE case_id = @caseId", new { caseId });
        return (await Store.GetFileAsync(tenantId, fileId))!;
    }

    [Fact]
    public async Task A_submitted_case_is_a_procedure_in_its_departments_file_with_its_documents()
    {
        var tenant = await app.TenantAsync("musterstadt");

        var first = await app.SubmitCaseAsync(tenant, "ordnungsamt", "Erster");
        var second = await app.SubmitCaseAsync(tenant, "ordnungsamt", "Zweiter");
        var file = await FileOfAsync(tenant.Id, first.CaseId);

        Assert.Equal("1.1", file.FilePlanNumber);
        Assert.Equal($"1.1-ordnungsamt-{app.Clock.GetUtcNow().Year}", file.Reference);
        Assert.StartsWith("Allgemeine Ordnungsangelegenheiten, Veranstaltungen – Ordnungsamt", file.Title);
        Assert.Equal([first.Reference, second.Reference], file.Procedures.Select(p => p.Reference).Order().ToList());
        var procedure = file.Procedures.Single(p => p.CaseId == first.CaseId);
        Assert.Equal(["evidence", "receipt"], procedure.Documents.Select(d => d.Type).Order().ToList());
        var evidence = procedure.Documents.Single(d => d.Type == "evidence");
        Assert.Equal("Nachweis Erster.pdf", evidence.Title);
        Assert.Equal("citizen", evidence.Author);
        Assert.Equal("portal", evidence.Channel);
        Assert.Equal(first.Reference, evidence.Reference);
        Assert.NotNull(evidence.ReceivedOn);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(SampleFiles.Pdf("Nachweis Erster"))), evidence.Current.Sha256);
    }

    [Fact]
    public async Task A_correction_is_a_new_version_and_the_first_version_keeps_its_content()
    {
        var tenant = await app.TenantAsync("musterstadt");
        var submitted = await app.SubmitCaseAsync(tenant, "steueramt", "Korrektur");
        var document = (await FileOfAsync(tenant.Id, submitted.CaseId)).Procedures.Single().Documents.Single(d => d.Type == "evidence");
        var corrected = SampleFiles.Pdf("berichtigt");

        var version = await Store.AddVersionAsync(tenant.Id, document.Id, new MemoryStream(corrected), "Nachweis berichtigt.pdf", "application/pdf",
            "Seite 2 fehlte", Manager);
        var (first, firstContent) = await Store.OpenAsync(tenant.Id, document.Id, 1, Manager);
        var (latest, latestContent) = await Store.OpenAsync(tenant.Id, document.Id, null, Manager);
        using var firstCopy = new MemoryStream();
        await using (firstContent)
        {
            await firstContent.CopyToAsync(firstCopy);
        }
        using var latestCopy = new MemoryStream();
        await using (latestContent)
        {
            await latestContent.CopyToAsync(latestCopy);
        }
        var reloaded = (await FileOfAsync(tenant.Id, submitted.CaseId)).Procedures.Single().Documents.Single(d => d.Id == document.Id);

        Assert.Equal(2, version.Version);
        Assert.Equal(SampleFiles.Pdf("Nachweis Korrektur"), firstCopy.ToArray());
        Assert.Equal(corrected, latestCopy.ToArray());
        Assert.Equal([1, 2], reloaded.Versions.Select(v => v.Version).ToList());
        Assert.Equal("Seite 2 fehlte", reloaded.Current.Comment);
        Assert.Equal("staff:test-manager", reloaded.Current.CreatedBy);
        Assert.Equal(document.Current.Sha256, first.Sha256);
        Assert.Equal(2, latest.Version);
        Assert.Equal(2L, await app.QueryAsync<long>(
            "SELECT count(*) FROM audit_entries WHERE document_id = @id AND action IN ('records.document.read')", new { id = document.Id }));
        Assert.Equal(1L, await app.QueryAsync<long>(
            "SELECT count(*) FROM audit_entries WHERE document_id = @id AND action = 'records.document.version-added' AND actor_role = 'records_manager'",
            new { id = document.Id }));
    }

    [Fact]
    public async Task The_application_can_neither_change_nor_delete_a_version()
    {
        var tenant = await app.TenantAsync("beispielheim");
        var submitted = await app.SubmitCaseAsync(tenant, "ordnungsamt", "Unveränderlich");
        var document = (await FileOfAsync(tenant.Id, submitted.CaseId)).Procedures.Single().Documents[0];
        await Store.AddVersionAsync(tenant.Id, document.Id, new MemoryStream(SampleFiles.Png()), "foto.png", "image/png", null, Manager);
        var db = app.Services.GetRequiredService<Db>();

        async Task<string?> RefusalAsync(string sql)
        {
            try
            {
                await db.InTenantAsync(tenant.Id, (c, tx) => c.ExecuteAsync(sql, new { id = document.Id }, tx));
                return null;
            }
            catch (PostgresException e)
            {
                return e.SqlState;
            }
        }

        Assert.Equal("42501", await RefusalAsync("UPDATE record_document_versions SET sha256 = repeat('0', 64) WHERE document_id = @id"));
        Assert.Equal("42501", await RefusalAsync("DELETE FROM record_document_versions WHERE document_id = @id"));
        Assert.Equal("42501", await RefusalAsync("UPDATE case_documents SET sha256 = repeat('0', 64) WHERE id = @id"));
    }

    [Fact]
    public async Task Closing_a_case_sets_its_files_disposal_date_and_the_file_is_listed_when_due()
    {
        var tenant = await app.TenantAsync("beispielheim");
        var submitted = await app.SubmitCaseAsync(tenant, "abfallwirtschaft", "Sperrmüll");
        var fileId = (await FileOfAsync(tenant.Id, submitted.CaseId)).Id;
        var closedAt = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

        var dueBefore = await Store.ListFilesAsync(tenant.Id, new DateOnly(2099, 1, 1));
        await app.Services.GetRequiredService<Db>().InTenantAsync(tenant.Id, (c, tx) =>
            c.ExecuteAsync("UPDATE cases SET closed_at = @closedAt WHERE id = @id", new { closedAt, id = submitted.CaseId }, tx));
        var file = await FileOfAsync(tenant.Id, submitted.CaseId);
        var dueIn2028 = await Store.ListFilesAsync(tenant.Id, new DateOnly(2028, 12, 30));
        var dueEnd2028 = await Store.ListFilesAsync(tenant.Id, new DateOnly(2028, 12, 31));
        var cli = await app.AdminAsync("records", "files", "--tenant", "beispielheim", "--due", "2028-12-31");

        Assert.DoesNotContain(dueBefore, f => f.Id == fileId);
        // Abfallwirtschaft, Sperrmüll: 2 years from the end of 2026.
        Assert.Equal(new DateOnly(2028, 12, 31), file.DisposalDue);
        Assert.Equal(new DateOnly(2026, 11, 20), file.Procedures.Single().ClosedOn);
        Assert.DoesNotContain(dueIn2028, f => f.Id == fileId);
        Assert.Contains(dueEnd2028, f => f.Id == fileId && f.Disposal == "destroy");
        Assert.Contains(fileId.ToString(), cli.Output);
    }
}
