using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Schema;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Records;
using Rathaus.Records.Xdomea;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Records;

/// <summary>xdomea 0503: export valid against the official 3.1.0 schemas, round trip between tenants, the real 3.0.0 hand-over, unsafe input.</summary>
public sealed class XdomeaTests(RathausApp app) : IClassFixture<RathausApp>
{
    private static readonly RecordsActor Operator = new("system", "operator:test", "operator", null);

    private XdomeaTransfer Transfer => app.Services.GetRequiredService<XdomeaTransfer>();

    private RecordsStore Store => app.Services.GetRequiredService<RecordsStore>();

    private Task<Guid> FileIdAsync(Guid caseId) => app.FileIdAsync(caseId);

    private static XmlSchemaSet Schemas()
    {
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        set.Add("urn:xoev-de:xdomea:schema:3.1.0", Path.Combine(RecordsTestData.XdomeaCorpus, "xsd-3.1.0", "xdomea.xsd"));
        set.Compile();
        return set;
    }

    internal static List<string> Validate(byte[] xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Schemas(), DtdProcessing = DtdProcessing.Prohibit };
        // Warnings too: an element the schemas do not know is only a warning otherwise.
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception?.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(new MemoryStream(xml), settings);
        while (reader.Read())
        {
        }
        return errors;
    }

    internal static byte[] MessageXml(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        var entry = archive.Entries.Single(e => e.FullName.EndsWith("_Aussonderung.Aussonderung.0503.xml", StringComparison.Ordinal));
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private async Task<(Guid FileId, byte[] Zip)> ExportCaseFileAsync(string slug, string department, string marker)
    {
        var tenant = await app.TenantAsync(slug);
        var submitted = await app.SubmitCaseAsync(tenant, department, marker);
        var fileId = await FileIdAsync(submitted.CaseId);
        var evidence = (await Store.GetFileAsync(tenant.Id, fileId))!.Procedures.Single(p => p.CaseId == submitted.CaseId).Documents.Single(d => d.Type == "evidence");
        await Store.AddVersionAsync(tenant.Id, evidence.Id, new MemoryStream(SampleFiles.Png()), "Nachweis als Foto.png", "image/png", "Foto statt Scan", Operator);
        using var zip = new MemoryStream();
        await Transfer.ExportAsync(tenant, [fileId], "Stadtarchiv", Operator, zip);
        return (fileId, zip.ToArray());
    }

    [Fact]
    public async Task An_exported_message_validates_against_the_official_xdomea_3_1_0_schemas()
    {
        var (_, zip) = await ExportCaseFileAsync("musterstadt", "buergerbuero", "Schema");

        var xml = MessageXml(zip);

        Assert.Empty(Validate(xml));
        Assert.Contains("urn:xoev-de:xdomea:schema:3.1.0", Encoding.UTF8.GetString(xml));
        // The check can fail: without the mandatory Importbestaetigung the same message is invalid.
        var broken = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(xml).Replace("<xdomea:Importbestaetigung>true</xdomea:Importbestaetigung>", "", StringComparison.Ordinal));
        Assert.NotEmpty(Validate(broken));
    }

    [Fact]
    public async Task Export_from_one_tenant_and_import_into_another_keeps_metadata_and_document_hashes()
    {
        var source = await app.TenantAsync("musterstadt");
        var target = await app.TenantAsync("beispielheim");
        var (fileId, zip) = await ExportCaseFileAsync("musterstadt", "bauamt", "Rundreise");
        var exported = (await Store.GetFileAsync(source.Id, fileId))!;

        var result = await Transfer.ImportAsync(target, new MemoryStream(zip), Operator);
        var imported = (await Store.GetFileAsync(target.Id, result.FileIds.Single()))!;

        Assert.Equal("import", imported.Origin);
        Assert.Equal((exported.FilePlanNumber, exported.Title, exported.Reference, exported.DepartmentKey, exported.OpenedOn, exported.RetentionYears, exported.Disposal),
            (imported.FilePlanNumber, imported.Title, imported.Reference, imported.DepartmentKey, imported.OpenedOn, imported.RetentionYears, imported.Disposal));
        Assert.Equal(exported.Procedures.Select(p => (p.Title, p.Reference, p.Type, p.OpenedOn)), imported.Procedures.Select(p => (p.Title, p.Reference, p.Type, p.OpenedOn)));
        var before = exported.Procedures.SelectMany(p => p.Documents).ToList();
        var after = imported.Procedures.SelectMany(p => p.Documents).ToList();
        Assert.Equal(before.Select(d => (d.Title, d.Type, d.Author, d.ReceivedOn, d.SentOn, d.Channel, d.Reference, d.FilePlanNumber)),
            after.Select(d => (d.Title, d.Type, d.Author, d.ReceivedOn, d.SentOn, d.Channel, d.Reference, d.FilePlanNumber)));
        Assert.Equal(before.SelectMany(d => d.Versions.Select(v => (v.Version, v.FileName, v.ContentType, v.Size, v.Sha256))),
            after.SelectMany(d => d.Versions.Select(v => (v.Version, v.FileName, v.ContentType, v.Size, v.Sha256))));
        Assert.Contains(after, d => d.Versions.Count == 2);
        Assert.Equal(1L, await app.QueryAsync<long>("SELECT count(*) FROM audit_entries WHERE action = 'records.file.exported' AND document_id = @fileId", new { fileId }));
        Assert.Equal(1L, await app.QueryAsync<long>("SELECT count(*) FROM audit_entries WHERE action = 'records.case.exported' AND document_id = @fileId", new { fileId }));
        Assert.Equal(1L, await app.QueryAsync<long>(
            "SELECT count(*) FROM audit_entries WHERE action = 'records.file.imported' AND tenant_id = @t AND document_id = @id",
            new { t = target.Id, id = imported.Id }));

        var again = await Assert.ThrowsAsync<RecordsException>(() => Transfer.ImportAsync(target, new MemoryStream(zip), Operator));
        Assert.Equal("already-imported", again.Code);
    }

    [Fact]
    public async Task The_real_3_0_0_hand_over_arrives_with_its_files_procedures_documents_and_hashes()
    {
        var tenant = await app.TenantAsync("musterkreis");
        var message = Directory.GetFiles(Path.Combine(RecordsTestData.XdomeaCorpus, "messages"), "*_Aussonderung.Aussonderung.0503.zip").Single();
        var expected = new Dictionary<string, string>();
        using (var archive = ZipFile.OpenRead(message))
        {
            foreach (var entry in archive.Entries.Where(e => !e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
            {
                using var stream = entry.Open();
                expected[entry.FullName[37..]] = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
            }
        }

        var cli = await app.AdminAsync("records", "import", message, "--tenant", "musterkreis");
        var files = (await Store.ListFilesAsync(tenant.Id)).Where(f => f.Origin == "import").ToList();
        var loaded = new List<RecordFile>();
        foreach (var f in files)
        {
            loaded.Add((await Store.GetFileAsync(tenant.Id, f.Id))!);
        }
        var documents = loaded.SelectMany(f => f.Procedures).SelectMany(p => p.Documents).ToList();

        Assert.Equal(0, cli.Exit);
        Assert.Contains("Imported 2 file(s), 3 procedure(s), 3 document(s), 3 version(s)", cli.Output);
        Assert.Equal(["1234-1", "1234-2"], loaded.Select(f => f.Reference).Order().ToList());
        Assert.All(loaded, f => Assert.Equal("1234", f.FilePlanNumber));
        Assert.All(loaded, f => Assert.Equal("archive", f.Disposal));
        Assert.Equal(["1234-1.1", "1234-1.2", "1234-2.1"], loaded.SelectMany(f => f.Procedures).Select(p => p.Reference).Order().ToList());
        Assert.Equal(expected.OrderBy(e => e.Key), documents.Select(d => new KeyValuePair<string, string>(d.Current.FileName, d.Current.Sha256)).OrderBy(e => e.Key));
        Assert.Contains(documents, d => d.Current.ContentType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        Assert.All(documents, d => Assert.Equal(new DateOnly(2018, 7, 24), d.ReceivedOn));
        Assert.Contains(documents, d => d.Current.Comment == "xdomea-Version 2.95");
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    private const string MessageName = "3f1c1f52-9a6e-4a5b-8f39-0c7c1b0b7a11_Aussonderung.Aussonderung.0503.xml";

    public static TheoryData<string, string, string> UnsafeMessages => new()
    {
        { "path traversal", "zip-unsafe", "../../etc/passwd" },
        { "absolute path", "zip-unsafe", "/tmp/evil.pdf" },
        { "doctype", "xml-invalid", "doctype" },
        { "foreign xml", "xml-invalid", "foreign" },
        { "missing document", "xml-invalid", "missing" },
    };

    [Theory]
    [MemberData(nameof(UnsafeMessages))]
    public async Task An_unsafe_or_broken_message_is_refused_with_a_clear_error_and_nothing_is_filed(string what, string code, string variant)
    {
        var tenant = await app.TenantAsync("beispielheim");
        var before = (await Store.ListFilesAsync(tenant.Id)).Count;
        var (_, valid) = await ExportCaseFileAsync("musterstadt", "steueramt", "Unsicher " + what);
        var xml = MessageXml(valid);
        var zip = variant switch
        {
            "doctype" => Zip((MessageName, Encoding.UTF8.GetBytes(
                """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>"""))),
            "foreign" => Zip((MessageName, Encoding.UTF8.GetBytes("""<?xml version="1.0"?><Rechnung xmlns="urn:example"/>"""))),
            "missing" => Zip((MessageName, xml)),
            _ => Zip((MessageName, xml), (variant, SampleFiles.Pdf())),
        };

        var refused = await Assert.ThrowsAsync<RecordsException>(() => Transfer.ImportAsync(tenant, new MemoryStream(zip), Operator));

        Assert.Equal(code, refused.Code);
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
        Assert.Equal(before, (await Store.ListFilesAsync(tenant.Id)).Count);
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_before_it_is_unpacked()
    {
        var tenant = await app.TenantAsync("beispielheim");
        var bomb = Zip((MessageName, Encoding.UTF8.GetBytes("<x/>")), ("3f1c1f52-9a6e-4a5b-8f39-0c7c1b0b7a11_null.pdf", new byte[50 * 1024 * 1024]));

        var refused = await Assert.ThrowsAsync<RecordsException>(() => Transfer.ImportAsync(tenant, new MemoryStream(bomb), Operator));

        Assert.Equal("zip-unsafe", refused.Code);
        Assert.Contains("bomb", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_api_lets_records_managers_and_admins_export_and_import_and_refuses_caseworkers()
    {
        await app.Services.GetRequiredService<TenantAdministration>().AddStaffAsync("musterstadt", "registratur@musterstadt.example", "Rita Register",
            Rathaus.Platform.Demo.DemoSeeder.Password, [Roles.RecordsManager], []);
        var tenant = await app.TenantAsync("musterstadt");
        var submitted = await app.SubmitCaseAsync(tenant, "ordnungsamt", "Api");
        var fileId = await FileIdAsync(submitted.CaseId);
        var manager = await SignedInAsync("registratur@musterstadt.example");
        var caseworker = await SignedInAsync("ordnungsamt@musterstadt.example");
        var admin = await SignedInAsync("admin@beispielheim.example", "beispielheim.localhost");

        var refused = await caseworker.PostAsJsonAsync("/api/v1/records/exports", new { fileIds = new[] { fileId } });
        var export = await manager.PostAsJsonAsync("/api/v1/records/exports", new { fileIds = new[] { fileId }, recipient = "Kreisarchiv" });
        var zip = await export.Content.ReadAsByteArrayAsync();
        var import = await admin.PostAsync("/api/v1/records/imports", new ByteArrayContent(zip) { Headers = { { "Content-Type", "application/zip" } } });
        var badPlan = await manager.PutAsync("/api/v1/records/fileplan", new StringContent("number;title\n1;x\n", Encoding.UTF8, "text/csv"));
        var openapi = await app.ClientFor().GetStringAsync("/openapi/v1.json");
        var otherTenant = await admin.GetAsync($"/api/v1/records/files/{fileId}");
        var anonymous = await app.ClientFor().GetAsync("/api/v1/records/files");
        var own = await manager.GetAsync($"/api/v1/records/files/{fileId}");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/zip", export.Content.Headers.ContentType?.MediaType);
        Assert.Empty(Validate(MessageXml(zip)));
        Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        var imported = JsonNode.Parse(await import.Content.ReadAsStringAsync())!;
        Assert.Single(imported["fileIds"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, badPlan.StatusCode);
        Assert.Contains("retention_years", await badPlan.Content.ReadAsStringAsync());
        Assert.Contains("/api/v1/records/exports", openapi);
        Assert.Equal(HttpStatusCode.NotFound, otherTenant.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains(submitted.Reference, await own.Content.ReadAsStringAsync());
        Assert.Equal(1L, await app.QueryAsync<long>(
            "SELECT count(*) FROM audit_entries WHERE action = 'records.file.exported' AND document_id = @fileId AND actor_role = 'records_manager'", new { fileId }));
    }

    private Task<HttpClient> SignedInAsync(string email, string host = "musterstadt.localhost") => app.StaffClientAsync(email, host);
}
