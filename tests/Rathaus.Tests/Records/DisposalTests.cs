using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Platform.Blobs;
using Rathaus.Platform.Database;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Records;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Records;

/// <summary>
/// Disposal: a closed case's file becomes due, the daily job proposes it, a records manager approves, the run
/// exports archive-kind files, deletes blobs and personal data and leaves a tombstone. Each test works in its own
/// department, so that no other test's open case keeps its file open; the clock is moved past the retention.
/// </summary>
public sealed class DisposalTests(RathausApp app) : IClassFixture<RathausApp>
{
    private static readonly RecordsActor Manager = new("staff", "test-manager", "records_manager", "corr-disposal");

    private RecordDisposals Disposals => app.Services.GetRequiredService<RecordDisposals>();

    private RecordsStore Store => app.Services.GetRequiredService<RecordsStore>();

    private IBlobStore Blobs => app.Services.GetRequiredService<IBlobStore>();

    private Task<Guid> FileIdAsync(Guid caseId) => app.FileIdAsync(caseId);

    private Task<int> CloseAsync(Tenant tenant, Guid caseId, DateTimeOffset? at = null) =>
        app.Services.GetRequiredService<Db>().InTenantAsync(tenant.Id, (c, tx) =>
            c.ExecuteAsync("UPDATE cases SET closed_at = @at WHERE id = @caseId", new { at = at ?? app.Clock.GetUtcNow(), caseId }, tx));

    /// <summary>Moves the clock past every retention of the default plan (at most 30 years).</summary>
    private void PassRetention() => app.Clock.Advance(TimeSpan.FromDays(366 * 32));

    private async Task<Guid> AdminIdAsync(string slug = "musterstadt") =>
        (await Disposals.FindStaffAsync((await app.TenantAsync(slug)).Id, $"admin@{slug}.example"))!.Value;

    private async Task OwnerExecuteAsync(string sql, object parameters)
    {
        await using var c = await app.Services.GetRequiredService<RathausDataSources>().Owner.OpenConnectionAsync();
        await c.ExecuteAsync(sql, parameters);
    }

    private Task<long> CountAsync(string sql, object parameters) => app.QueryAsync<long>(sql, parameters);

    [Fact]
    public async Task A_closed_cases_file_is_proposed_once_approved_and_disposed_leaving_a_tombstone_without_its_content()
    {
        var tenant = await app.TenantAsync("musterstadt");
        var submitted = await app.SubmitCaseAsync(tenant, "ordnungsamt", "Entsorgt");
        var fileId = await FileIdAsync(submitted.CaseId);
        var file = (await Store.GetFileAsync(tenant.Id, fileId))!;
        var evidence = file.Procedures.Single().Documents.Single(d => d.Type == "evidence");
        await Store.AddVersionAsync(tenant.Id, evidence.Id, new MemoryStream(SampleFiles.Pdf("Berichtigt Entsorgt")), "berichtigt.pdf", "application/pdf",
            null, Manager);
        var hashes = (await Store.GetFileAsync(tenant.Id, fileId))!.Procedures.Single().Documents.SelectMany(d => d.Versions).Select(v => v.Sha256).ToList();
        await CloseAsync(tenant, submitted.CaseId);
        var proposedBeforeDue = await Disposals.ProposeDueAsync(tenant.Id);
        PassRetention();

        var proposed = await Disposals.ProposeDueAsync(tenant.Id);
        var proposedAgain = await Disposals.ProposeDueAsync(tenant.Id);
        var listed = await Disposals.ListAsync(tenant.Id, "proposed");
        var approverId = await AdminIdAsync();
        var approved = await Disposals.ApproveAsync(tenant.Id, fileId, approverId, Manager);
        var run = await Disposals.RunAsync(tenant.Id, Manager);
        var tombstone = (await Disposals.GetAsync(tenant.Id, fileId))!;
        var files = await Store.ListFilesAsync(tenant.Id);
        var due = await Store.ListFilesAsync(tenant.Id, DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime));

        Assert.Equal(0, proposedBeforeDue);
        Assert.True(proposed >= 1);
        Assert.Equal(0, proposedAgain);
        Assert.Contains(listed, d => d.FileId == fileId && d.Reference == file.Reference && d.Disposal == "destroy");
        Assert.Equal("approved", approved.State);
        Assert.Equal(await app.QueryAsync<string>("SELECT display_name FROM staff_accounts WHERE id = @approverId", new { approverId }), approved.ApprovedByName);
        Assert.Equal(approverId.ToString(), approved.ApprovedBy);
        Assert.Contains(run, r => r.FileId == fileId && !r.Exported);
        Assert.Equal(3, hashes.Count);
        foreach (var sha256 in hashes)
        {
            Assert.False(await Blobs.ExistsAsync(sha256, default), $"blob {sha256} is still there");
            Assert.Equal(0L, await CountAsync("SELECT count(*) FROM case_documents WHERE sha256 = @sha256", new { sha256 }));
            Assert.Equal(0L, await CountAsync("SELECT count(*) FROM record_document_versions WHERE sha256 = @sha256", new { sha256 }));
        }
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM record_procedures WHERE file_id = @fileId", new { fileId }));
        Assert.Equal("{}", await app.QueryAsync<string>("SELECT data::text FROM cases WHERE id = @id", new { id = submitted.CaseId }));
        Assert.Equal("disposed", tombstone.State);
        Assert.Equal(file.Reference, tombstone.Reference);
        Assert.Equal("1.1", tombstone.FilePlanNumber);
        Assert.Equal(file.Title, tombstone.Title);
        Assert.Equal(approved.ApprovedByName, tombstone.ApprovedByName);
        Assert.NotNull(tombstone.ApprovedAt);
        Assert.NotNull(tombstone.DisposedAt);
        Assert.NotNull(tombstone.ClosedOn);
        Assert.Equal(1, tombstone.Procedures);
        Assert.Equal(2, tombstone.Documents);
        Assert.Null(tombstone.ExportSha256);
        Assert.Contains(files, f => f.Id == fileId && f.DisposedAt is not null && f.Procedures == 0);
        Assert.DoesNotContain(due, f => f.Id == fileId);
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM audit_entries WHERE action = 'records.disposal.approved' AND document_id = @fileId", new { fileId }));
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM audit_entries WHERE action = 'records.case.disposed' AND case_id = @id",
            new { id = submitted.CaseId }));
        // Audit entries of the case stay: they are the proof of what happened.
        Assert.True(await CountAsync("SELECT count(*) FROM audit_entries WHERE case_id = @id AND action <> 'records.case.disposed'",
            new { id = submitted.CaseId }) >= 1);
        var verify = await app.AdminAsync("audit", "verify", "--tenant", "musterstadt");
        Assert.Equal(0, verify.Exit);
        Assert.Contains("intact", verify.Output);
    }

    [Fact]
    public async Task Disposal_deletes_the_cases_personal_data_everywhere_and_keeps_the_audit_trail()
    {
        var tenant = await app.TenantAsync("musterstadt");
        var submitted = await app.SubmitCaseAsync(tenant, "gewerbeamt", "Persönlich");
        var caseId = submitted.CaseId;
        var fileId = await FileIdAsync(caseId);
        var draftBlob = await Blobs.PutAsync(new MemoryStream(SampleFiles.Pdf("Entwurf Persönlich")), default);
        var instanceId = "disposal-test-" + Guid.NewGuid().ToString("N");
        await OwnerExecuteAsync("""
            UPDATE cases SET citizen_id = (SELECT id FROM citizen_accounts WHERE tenant_id = @tenant ORDER BY email LIMIT 1) WHERE id = @caseId;
            INSERT INTO mailbox_messages (id, tenant_id, case_id, citizen_id, direction, kind, subject, body, sent_by, created_at)
            SELECT gen_random_uuid(), @tenant, @caseId, citizen_id, 'to_citizen', 'message', 'Ihr Antrag', 'Sehr geehrte Frau Persönlich', 'system', now()
            FROM cases WHERE id = @caseId;
            INSERT INTO case_notes (id, tenant_id, case_id, author_id, body, created_at)
            SELECT gen_random_uuid(), @tenant, @caseId, id, 'Frau Persönlich rief an', now() FROM staff_accounts WHERE tenant_id = @tenant LIMIT 1;
            INSERT INTO application_drafts (id, tenant_id, service_id, service_version, secret_sha256, data, created_at, updated_at, expires_at, case_id)
            VALUES (@draftId, @tenant, 'records-test', '1.0.0', '\x00', '{"name": "Persönlich"}', now(), now(), now(), @caseId);
            INSERT INTO draft_attachments (id, tenant_id, draft_id, field_path, file_name, content_type, size, sha256, created_at)
            VALUES (gen_random_uuid(), @tenant, @draftId, 'nachweis', 'entwurf.pdf', 'application/pdf', @Size, @Sha256, now());
            INSERT INTO process_instances (id, tenant_id, definition_id, process_id, process_version, status, state, revision, started_at, ended_at, updated_at)
            SELECT @instanceId, @tenant, d.id, d.process_id, d.version, 'completed',
                   jsonb_build_object('instanceId', @instanceId, 'executions', jsonb_build_array(jsonb_build_object('id', 'e1', 'elementId', 'start',
                       'variables', jsonb_build_object('name', 'Persönlich', 'iban', 'DE02120300000000202051')))),
                   3, now(), now(), now()
            FROM process_definitions d WHERE d.tenant_id = @tenant LIMIT 1;
            UPDATE cases SET process_instance_id = @instanceId WHERE id = @caseId;
            """, new { tenant = tenant.Id, caseId, draftId = Guid.NewGuid(), draftBlob.Size, draftBlob.Sha256, instanceId });
        await CloseAsync(tenant, caseId);
        PassRetention();

        await Disposals.ApproveAsync(tenant.Id, fileId, await AdminIdAsync(), Manager);
        await Disposals.RunAsync(tenant.Id, Manager, [fileId]);

        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM mailbox_messages WHERE case_id = @caseId", new { caseId }));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM case_notes WHERE case_id = @caseId", new { caseId }));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM application_drafts WHERE case_id = @caseId", new { caseId }));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM draft_attachments WHERE sha256 = @Sha256", new { draftBlob.Sha256 }));
        Assert.False(await Blobs.ExistsAsync(draftBlob.Sha256, default));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM cases WHERE id = @caseId AND (citizen_id IS NOT NULL OR data <> '{}' OR disposed_at IS NULL)",
            new { caseId }));
        var state = await app.QueryAsync<string>("SELECT state::text FROM process_instances WHERE id = @instanceId", new { instanceId });
        Assert.DoesNotContain("Persönlich", state);
        Assert.DoesNotContain("DE02", state);
        Assert.Contains("\"elementId\": \"start\"", state);
        Assert.Equal(submitted.Reference, await app.QueryAsync<string>("SELECT reference FROM cases WHERE id = @caseId", new { caseId }));
        Assert.True(await CountAsync("SELECT count(*) FROM audit_entries WHERE case_id = @caseId", new { caseId }) >= 2);
    }

    [Fact]
    public async Task An_archive_file_is_exported_as_a_valid_xdomea_message_before_its_content_is_deleted()
    {
        var tenant = await app.TenantAsync("beispielheim");
        var submitted = await app.SubmitCaseAsync(tenant, "bauamt", "Archiviert");
        var fileId = await FileIdAsync(submitted.CaseId);
        await CloseAsync(tenant, submitted.CaseId);
        PassRetention();
        await Disposals.ProposeDueAsync(tenant.Id);

        await Disposals.ApproveAsync(tenant.Id, fileId, await AdminIdAsync("beispielheim"), Manager);
        var run = await Disposals.RunAsync(tenant.Id, Manager, [fileId]);
        var tombstone = (await Disposals.GetAsync(tenant.Id, fileId))!;
        using var zip = new MemoryStream();
        await using (var stored = await Blobs.OpenReadAsync(tombstone.ExportSha256!, default))
        {
            await stored!.CopyToAsync(zip);
        }
        var xml = XdomeaTests.MessageXml(zip.ToArray());

        Assert.Equal("archive", tombstone.Disposal);
        Assert.True(run.Single().Exported);
        Assert.Equal("disposed", tombstone.State);
        Assert.EndsWith("_Aussonderung.Aussonderung.0503.zip", tombstone.ExportFileName);
        Assert.Equal(zip.Length, tombstone.ExportSize);
        Assert.Empty(XdomeaTests.Validate(xml));
        Assert.Contains(submitted.Reference, System.Text.Encoding.UTF8.GetString(xml));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM case_documents WHERE case_id = @id", new { id = submitted.CaseId }));
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM audit_entries WHERE action = 'records.file.exported' AND document_id = @fileId", new { fileId }));
    }

    [Fact]
    public async Task A_blob_shared_with_a_document_that_is_not_disposed_survives()
    {
        var tenant = await app.TenantAsync("musterstadt");
        // Same marker: the same evidence and receipt content, so the same blobs, in two files.
        var disposed = await app.SubmitCaseAsync(tenant, "steueramt", "Geteilt");
        var kept = await app.SubmitCaseAsync(tenant, "strassenverkehrsamt", "Geteilt");
        var fileId = await FileIdAsync(disposed.CaseId);
        var shared = (await Store.GetFileAsync(tenant.Id, fileId))!.Procedures.Single().Documents.Select(d => d.Current.Sha256).ToList();
        await CloseAsync(tenant, disposed.CaseId);
        PassRetention();

        await Disposals.ApproveAsync(tenant.Id, fileId, await AdminIdAsync(), Manager);
        var run = await Disposals.RunAsync(tenant.Id, Manager, [fileId]);
        var keptFile = (await Store.GetFileAsync(tenant.Id, await FileIdAsync(kept.CaseId)))!;
        var keptDocument = keptFile.Procedures.Single().Documents.Single(d => d.Type == "evidence");
        var (_, content) = await Store.OpenAsync(tenant.Id, keptDocument.Id, null, Manager);
        await content.DisposeAsync();

        Assert.Equal(0, run.Single().BlobsDeleted);
        foreach (var sha256 in shared)
        {
            Assert.True(await Blobs.ExistsAsync(sha256, default));
        }
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM case_documents WHERE case_id = @id", new { id = disposed.CaseId }));
        Assert.Equal(2L, await CountAsync("SELECT count(*) FROM case_documents WHERE case_id = @id", new { id = kept.CaseId }));
    }

    [Fact]
    public async Task Refused_approvals_and_runs_change_nothing()
    {
        var tenant = await app.TenantAsync("musterstadt");
        var other = await app.TenantAsync("beispielheim");
        var admin = await AdminIdAsync();
        var notDue = await app.SubmitCaseAsync(tenant, "buergerbuero", "Nicht fällig");
        var notDueFile = await FileIdAsync(notDue.CaseId);
        await CloseAsync(tenant, notDue.CaseId);
        var open = await app.SubmitCaseAsync(tenant, "bauaufsicht", "Offen");
        var openFile = await FileIdAsync(open.CaseId);
        var foreign = await app.SubmitCaseAsync(other, "ordnungsamt", "Fremd");
        var foreignFile = await FileIdAsync(foreign.CaseId);
        var running = await app.SubmitCaseAsync(tenant, "sozialamt", "Läuft");
        var runningFile = await FileIdAsync(running.CaseId);
        var runningInstance = "disposal-running-" + Guid.NewGuid().ToString("N");
        await OwnerExecuteAsync("""
            INSERT INTO process_instances (id, tenant_id, definition_id, process_id, process_version, status, state, revision, started_at, updated_at)
            SELECT @runningInstance, @tenant, d.id, d.process_id, d.version, 'active', '{}'::jsonb, 1, now(), now()
            FROM process_definitions d WHERE d.tenant_id = @tenant LIMIT 1;
            UPDATE cases SET process_instance_id = @runningInstance WHERE id = @caseId;
            """, new { runningInstance, tenant = tenant.Id, caseId = running.CaseId });
        await CloseAsync(tenant, running.CaseId);
        var caseworker = await app.QueryAsync<Guid>("SELECT id FROM staff_accounts WHERE email = 'ordnungsamt@musterstadt.example'");
        async Task<(long Disposals, long Audit)> StateAsync() => (
            await CountAsync("SELECT count(*) FROM record_disposals", new { }),
            await CountAsync("SELECT count(*) FROM audit_entries WHERE action LIKE 'records.disposal.%' OR action LIKE 'records.%disposed'", new { }));
        var before = await StateAsync();

        var notDueRefusal = await Assert.ThrowsAsync<RecordsException>(() => Disposals.ApproveAsync(tenant.Id, notDueFile, admin, Manager));
        var openRefusal = await Assert.ThrowsAsync<RecordsException>(() => Disposals.ApproveAsync(tenant.Id, openFile, admin, Manager));
        var foreignRefusal = await Assert.ThrowsAsync<RecordsException>(() => Disposals.ApproveAsync(tenant.Id, foreignFile, admin, Manager));
        var runningRefusal = await Assert.ThrowsAsync<RecordsException>(() => Disposals.ApproveAsync(tenant.Id, runningFile, admin, Manager));
        var notPermitted = await Assert.ThrowsAsync<RecordsException>(() => Disposals.ApproveAsync(tenant.Id, notDueFile, caseworker, Manager));
        var notApproved = await Assert.ThrowsAsync<RecordsException>(() => Disposals.RunAsync(tenant.Id, Manager, [notDueFile]));
        var postponeInPast = await Assert.ThrowsAsync<RecordsException>(() =>
            Disposals.PostponeAsync(tenant.Id, notDueFile, new DateOnly(2000, 1, 1), "Klage", admin, Manager));
        var after = await StateAsync();

        Assert.Equal("not-due", notDueRefusal.Code);
        Assert.Contains(await app.QueryAsync<string>("SELECT reference FROM record_files WHERE id = @notDueFile", new { notDueFile }), notDueRefusal.Message);
        Assert.Equal("open-procedure", openRefusal.Code);
        Assert.Equal("not-found", foreignRefusal.Code);
        Assert.Equal("process-running", runningRefusal.Code);
        Assert.Equal("not-permitted", notPermitted.Code);
        Assert.Equal("not-approved", notApproved.Code);
        Assert.Equal("bad-request", postponeInPast.Code);
        Assert.Equal(before, after);
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM case_documents WHERE case_id = @id AND kind = 'evidence'", new { id = notDue.CaseId }));
    }

    [Fact]
    public async Task A_postponed_file_is_proposed_again_on_its_new_date()
    {
        var tenant = await app.TenantAsync("beispielheim");
        var submitted = await app.SubmitCaseAsync(tenant, "abfallwirtschaft", "Verschoben");
        var fileId = await FileIdAsync(submitted.CaseId);
        await CloseAsync(tenant, submitted.CaseId);
        PassRetention();
        await Disposals.ProposeDueAsync(tenant.Id);
        var admin = await AdminIdAsync("beispielheim");
        var until = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(30);

        var postponed = await Disposals.PostponeAsync(tenant.Id, fileId, until, "Widerspruchsverfahren anhängig", admin, Manager);
        await Disposals.ProposeDueAsync(tenant.Id);
        var stillPostponed = (await Disposals.GetAsync(tenant.Id, fileId))!.State;
        app.Clock.Advance(TimeSpan.FromDays(31));
        await Disposals.ProposeDueAsync(tenant.Id);
        var again = (await Disposals.GetAsync(tenant.Id, fileId))!;

        Assert.Equal("postponed", postponed.State);
        Assert.Equal("Widerspruchsverfahren anhängig", postponed.PostponeReason);
        Assert.Equal(until, postponed.PostponedUntil);
        Assert.Equal("postponed", stillPostponed);
        Assert.Equal("proposed", again.State);
    }

    [Fact]
    public async Task The_api_and_the_command_line_approve_list_and_dispose_and_refuse_with_a_translated_409()
    {
        await app.Services.GetRequiredService<TenantAdministration>().AddStaffAsync("musterstadt", "aussonderung@musterstadt.example", "Rita Register",
            Rathaus.Platform.Demo.DemoSeeder.Password, [Roles.RecordsManager], []);
        var tenant = await app.TenantAsync("musterstadt");
        var viaApi = await app.SubmitCaseAsync(tenant, "jugendamt", "Api");
        var apiFile = await FileIdAsync(viaApi.CaseId);
        var viaCli = await app.SubmitCaseAsync(tenant, "kaemmerei", "Cli");
        var cliFile = await FileIdAsync(viaCli.CaseId);
        await CloseAsync(tenant, viaApi.CaseId);
        // The command line runs on the real clock: this case was closed long ago.
        await CloseAsync(tenant, viaCli.CaseId, DateTimeOffset.UtcNow.AddYears(-40));
        PassRetention();
        var manager = await SignedInAsync("aussonderung@musterstadt.example");
        var caseworker = await SignedInAsync("ordnungsamt@musterstadt.example");
        var admin = await SignedInAsync("admin@beispielheim.example", "beispielheim.localhost");

        var proposeCli = await app.AdminAsync("records", "disposal", "propose", "--tenant", "musterstadt");
        await Disposals.ProposeDueAsync(tenant.Id);
        var list = await manager.GetFromJsonAsync<JsonArray>("/api/v1/records/disposals?state=proposed");
        var refused = await caseworker.PostAsync($"/api/v1/records/disposals/{apiFile}/approval", null);
        var foreign = await admin.PostAsync($"/api/v1/records/disposals/{apiFile}/approval", null);
        var approve = await manager.PostAsync($"/api/v1/records/disposals/{apiFile}/approval", null);
        var twice = await manager.PostAsync($"/api/v1/records/disposals/{apiFile}/approval", null);
        var twiceInEnglish = await manager.PostAsync($"/api/v1/records/disposals/{apiFile}/approval?culture=en&ui-culture=en", null);
        var run = await manager.PostAsJsonAsync("/api/v1/records/disposals/run", new { fileIds = new[] { apiFile } });
        var tombstone = await manager.GetFromJsonAsync<JsonObject>($"/api/v1/records/disposals/{apiFile}");
        var approveCli = await app.AdminAsync("records", "disposal", "approve", cliFile.ToString(), "--as", "aussonderung@musterstadt.example", "--tenant", "musterstadt");
        var runCli = await app.AdminAsync("records", "disposal", "run", "--tenant", "musterstadt");
        var listCli = await app.AdminAsync("records", "disposal", "list", "--tenant", "musterstadt", "--state", "disposed");
        var filesCli = await app.AdminAsync("records", "files", "--tenant", "musterstadt");
        var openapi = await app.ClientFor().GetStringAsync("/openapi/v1.json");

        Assert.Equal(0, proposeCli.Exit);
        Assert.Contains(list!, d => d!["fileId"]!.GetValue<Guid>() == apiFile);
        Assert.Contains(list!, d => d!["fileId"]!.GetValue<Guid>() == cliFile);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("schon am", await twice.Content.ReadAsStringAsync());
        Assert.Contains("Rita Register", await twice.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, twiceInEnglish.StatusCode);
        Assert.Contains("approved on", await twiceInEnglish.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Equal("disposed", tombstone!["state"]!.GetValue<string>());
        Assert.Equal("Rita Register", tombstone["approvedByName"]!.GetValue<string>());
        Assert.Equal(0, approveCli.Exit);
        Assert.Contains("approved by Rita Register", approveCli.Output);
        Assert.Equal(0, runCli.Exit);
        Assert.Contains(cliFile.ToString(), runCli.Output);
        Assert.Contains(cliFile.ToString(), listCli.Output);
        Assert.Contains(apiFile.ToString(), listCli.Output);
        Assert.Contains(filesCli.Output.Split('\n'), l => l.StartsWith(cliFile.ToString(), StringComparison.Ordinal) && l.Contains("(tombstone)", StringComparison.Ordinal));
        Assert.Contains("/api/v1/records/disposals/{fileId}/approval", openapi);
        Assert.Equal("{}", await app.QueryAsync<string>("SELECT data::text FROM cases WHERE id = @id", new { id = viaCli.CaseId }));
    }

    [Fact]
    public async Task The_records_manager_approves_and_disposes_on_the_workbench_page_and_sees_the_tombstone()
    {
        await app.Services.GetRequiredService<TenantAdministration>().AddStaffAsync("beispielheim", "registratur@beispielheim.example", "Paul Papier",
            Rathaus.Platform.Demo.DemoSeeder.Password, [Roles.RecordsManager], []);
        var tenant = await app.TenantAsync("beispielheim");
        var submitted = await app.SubmitCaseAsync(tenant, "standesamt", "Seite");
        var fileId = await FileIdAsync(submitted.CaseId);
        var reference = await app.QueryAsync<string>("SELECT reference FROM record_files WHERE id = @fileId", new { fileId });
        await CloseAsync(tenant, submitted.CaseId);
        PassRetention();
        await Disposals.ProposeDueAsync(tenant.Id);
        var manager = await SignedInAsync("registratur@beispielheim.example", "beispielheim.localhost");
        var caseworker = await SignedInAsync("ordnungsamt@musterstadt.example");

        var home = await manager.GetPageAsync("/verwaltung");
        var proposed = await manager.GetPageAsync("/verwaltung/aussonderung");
        var approve = await PostFormAsync(manager, proposed, $"fileId={fileId}", "handler=Approve");
        var approvedPage = await manager.GetPageAsync("/verwaltung/aussonderung?meldung=freigegeben");
        var run = await PostFormAsync(manager, approvedPage, "handler=Run");
        var disposedPage = await manager.GetPageAsync("/verwaltung/aussonderung?meldung=ausgesondert&culture=en&ui-culture=en");
        var refused = await caseworker.GetAsync("/verwaltung/aussonderung");

        Assert.NotNull(home.QuerySelector("a#aussonderung"));
        Assert.Equal("Aussonderung", proposed.Text("h1"));
        Assert.Contains(reference, proposed.Text("#vorschlaege"));
        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        Assert.Contains("Paul Papier", approvedPage.Text("#freigaben"));
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
        Assert.Equal("Disposal of files", disposedPage.Text("h1"));
        Assert.Contains(reference, disposedPage.Text("#nachweise"));
        Assert.Contains("Paul Papier", disposedPage.Text("#nachweise"));
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("disposed", (await Disposals.GetAsync(tenant.Id, fileId))!.State);
    }

    /// <summary>Posts the page's form whose action contains every part given, with its antiforgery token.</summary>
    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, AngleSharp.Html.Dom.IHtmlDocument page, params string[] actionParts)
    {
        var form = page.Forms.First(f => actionParts.All(p => (f.GetAttribute("action") ?? "").Contains(p, StringComparison.Ordinal)));
        var values = form.Elements.OfType<AngleSharp.Html.Dom.IHtmlInputElement>()
            .Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name))
            .ToDictionary(i => i.Name!, i => i.Value);
        return client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(values));
    }

    private Task<HttpClient> SignedInAsync(string email, string host = "musterstadt.localhost") => app.StaffClientAsync(email, host);
}
