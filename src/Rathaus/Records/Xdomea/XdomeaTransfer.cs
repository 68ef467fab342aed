using System.IO.Compression;
using Dapper;
using Rathaus.Cases;
using Rathaus.Platform.Blobs;
using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;
using static Rathaus.Records.RecordsText;

namespace Rathaus.Records.Xdomea;

/// <summary>An exported message: its zip's file name and the xdomea process id.</summary>
public sealed record XdomeaExportResult(string FileName, Guid ProcessId, int Files, int Procedures, int Documents);

/// <summary>What an import filed: the new files' ids and how much arrived.</summary>
public sealed record XdomeaImportResult(IReadOnlyList<Guid> FileIds, int Procedures, int Documents, int Versions);

/// <summary>
/// Hands files over as xdomea 0503 messages (zip: the XML plus every version of every document) and files
/// received messages into the tenant's records. Both are audited: one entry per file, and one per case whose
/// procedure travels.
/// </summary>
public sealed class XdomeaTransfer(Db db, IBlobStore blobs, AuditTrail audit, TimeProvider time)
{
    /// <summary>Writes the zip of these files to <paramref name="output"/> (a seekable or buffered stream; zip writing is synchronous).</summary>
    public async Task<XdomeaExportResult> ExportAsync(Tenant tenant, IReadOnlyList<Guid> fileIds, string recipient, RecordsActor actor, Stream output,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(actor);
        var processId = Guid.NewGuid();
        var files = await db.InTenantAsync(tenant.Id, async (c, tx) =>
        {
            var list = new List<RecordFile>();
            foreach (var id in fileIds.Distinct())
            {
                list.Add(await RecordsStore.GetFileAsync(c, tx, id, ct)
                    ?? throw new RecordsException("not-found", Text($"Die Akte {id} gibt es nicht.", $"There is no file {id}.")));
            }
            foreach (var file in list)
            {
                var purpose = $"records:xdomea-export:{processId}";
                await audit.AppendAsync(c, tx, tenant.Id, new AuditEntry(actor.Kind, actor.Id, "records.file.exported", null, file.Id, purpose,
                    actor.CorrelationId) { Role = actor.Role }, ct);
                foreach (var caseId in file.Procedures.Select(p => p.CaseId).OfType<Guid>())
                {
                    await audit.AppendAsync(c, tx, tenant.Id, new AuditEntry(actor.Kind, actor.Id, "records.case.exported", caseId, file.Id, purpose,
                        actor.CorrelationId) { Role = actor.Role }, ct);
                }
            }
            return list;
        }, ct);
        if (files.Count == 0)
        {
            throw new RecordsException("not-found", Text("Keine Akte zum Aussondern angegeben.", "No file given to hand over."));
        }

        var (xml, attachments) = XdomeaWriter.Write(processId, time.GetUtcNow(), new XdomeaParties(tenant.Name, tenant.Slug, recipient), files);
        var messageName = $"{processId}_{XdomeaWriter.MessageType}";
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            var message = zip.CreateEntry(messageName + ".xml", CompressionLevel.Optimal);
            await using (var stream = message.Open())
            {
                await stream.WriteAsync(xml, ct);
            }
            foreach (var attachment in attachments)
            {
                // Documents are mostly compressed already (PDF, JPEG); storing them saves time and keeps sizes honest.
                var entry = zip.CreateEntry(attachment.EntryName, CompressionLevel.NoCompression);
                await using var content = await blobs.OpenReadAsync(attachment.Sha256, ct)
                    ?? throw new InvalidOperationException($"The content {attachment.Sha256} is missing in the blob store.");
                await using var target = entry.Open();
                await content.CopyToAsync(target, ct);
            }
        }
        return new XdomeaExportResult(messageName + ".zip", processId, files.Count, files.Sum(f => f.Procedures.Count),
            files.Sum(f => f.Procedures.Sum(p => p.Documents.Count)));
    }

    /// <summary>
    /// Files the files of a received 0503 zip into the tenant's records: new ids, the documents' contents in the blob
    /// store, all rows in one transaction. Refused (nothing filed): an unsafe zip, unreadable or foreign XML, a
    /// document file missing from the zip, a file imported before.
    /// </summary>
    public async Task<XdomeaImportResult> ImportAsync(Tenant tenant, Stream zip, RecordsActor actor, XdomeaLimits? limits = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(actor);
        using var package = XdomeaPackage.Open(zip, limits);
        var files = XdomeaReader.Read(package.ReadMessage());
        var missing = files.SelectMany(f => f.Procedures).SelectMany(p => p.Documents).SelectMany(d => d.Versions)
            .Select(v => v.EntryName).Where(n => !package.Contains(n)).Distinct().ToList();
        if (missing.Count > 0)
        {
            throw new RecordsException("xml-invalid", Text(
                $"Die Nachricht nennt Dateien, die in der ZIP-Datei fehlen: {string.Join(", ", missing)}",
                $"The message names files that are missing in the zip: {string.Join(", ", missing)}"), missing);
        }
        var known = await db.InTenantAsync(tenant.Id, (c, tx) => c.QueryAsync<Guid>(new CommandDefinition(
            "SELECT xdomea_id FROM record_files WHERE xdomea_id = ANY(@ids)", new { ids = files.Select(f => f.XdomeaId).ToArray() }, tx, cancellationToken: ct)), ct);
        if (known.FirstOrDefault() is var first && first != Guid.Empty)
        {
            throw new RecordsException("already-imported", Text($"Die Akte {first} wurde schon übernommen.", $"The file {first} has been imported before."));
        }

        // Contents first: a blob without rows is harmless, rows without their blob are not.
        var stored = new Dictionary<string, BlobRef>(StringComparer.Ordinal);
        foreach (var name in files.SelectMany(f => f.Procedures).SelectMany(p => p.Documents).SelectMany(d => d.Versions).Select(v => v.EntryName).Distinct())
        {
            await using var entry = package.OpenEntry(name);
            try
            {
                stored[name] = await blobs.PutAsync(entry, ct);
            }
            catch (Exception e) when (e is LimitExceededException or InvalidDataException)
            {
                throw XdomeaPackage.Unsafe(Text($"Der Eintrag „{name}“ ist größer als angegeben oder beschädigt.", $"The entry '{name}' is larger than declared or damaged."));
            }
        }

        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return await db.InTenantAsync(tenant.Id, async (c, tx) =>
        {
            var fileIds = new List<Guid>();
            int procedures = 0, documents = 0, versions = 0;
            foreach (var file in files)
            {
                var fileId = Guid.CreateVersion7(now);
                fileIds.Add(fileId);
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO record_files (id, tenant_id, file_plan_number, title, reference, department_key, opened_on, closed_on, disposal_due,
                                              retention_years, disposal, origin, xdomea_id, imported_at)
                    SELECT @fileId, @tenantId, @FilePlanNumber, @Title, @Reference, @DepartmentKey, @openedOn::date, @closedOn::date, @due::date,
                           coalesce(@RetentionYears, e.retention_years), coalesce(@Disposal, e.disposal), 'import', @XdomeaId, @now
                    FROM (SELECT 1) one LEFT JOIN file_plan_entries e ON e.number = @FilePlanNumber
                    """, new
                {
                    fileId,
                    tenantId = tenant.Id,
                    file.FilePlanNumber,
                    file.Title,
                    file.Reference,
                    file.DepartmentKey,
                    openedOn = Day(file.Begin ?? today),
                    closedOn = Day(file.End),
                    due = Day(file.DisposalDue),
                    file.RetentionYears,
                    file.Disposal,
                    file.XdomeaId,
                    now,
                }, tx, cancellationToken: ct));
                foreach (var procedure in file.Procedures)
                {
                    var procedureId = Guid.CreateVersion7(now);
                    procedures++;
                    await c.ExecuteAsync(new CommandDefinition("""
                        INSERT INTO record_procedures (id, tenant_id, file_id, title, reference, type, opened_on, closed_on)
                        VALUES (@procedureId, @tenantId, @fileId, @Title, @Reference, @Type, @openedOn::date, @closedOn::date)
                        """, new
                    {
                        procedureId,
                        tenantId = tenant.Id,
                        fileId,
                        procedure.Title,
                        procedure.Reference,
                        procedure.Type,
                        openedOn = Day(procedure.Begin ?? file.Begin ?? today),
                        closedOn = Day(procedure.End),
                    }, tx, cancellationToken: ct));
                    foreach (var document in procedure.Documents)
                    {
                        var documentId = Guid.CreateVersion7(now);
                        documents++;
                        await c.ExecuteAsync(new CommandDefinition("""
                            INSERT INTO record_documents (id, tenant_id, procedure_id, title, type, author, received_on, sent_on, channel, reference, created_at)
                            VALUES (@documentId, @tenantId, @procedureId, @Title, @Type, @Author, @received::date, @sent::date, @Channel, @Reference, @now)
                            """, new
                        {
                            documentId,
                            tenantId = tenant.Id,
                            procedureId,
                            document.Title,
                            document.Type,
                            document.Author,
                            received = Day(document.ReceivedOn),
                            sent = Day(document.SentOn),
                            document.Channel,
                            document.Reference,
                            now,
                        }, tx, cancellationToken: ct));
                        var number = 0;
                        foreach (var version in document.Versions)
                        {
                            number++;
                            versions++;
                            var blob = stored[version.EntryName];
                            await c.ExecuteAsync(new CommandDefinition("""
                                INSERT INTO record_document_versions (tenant_id, document_id, version, file_name, content_type, size, sha256,
                                                                      created_at, created_by, comment)
                                VALUES (@tenantId, @documentId, @number, @FileName, @ContentType, @Size, @Sha256, @createdAt, @createdBy, @comment)
                                """, new
                            {
                                tenantId = tenant.Id,
                                documentId,
                                number,
                                version.FileName,
                                version.ContentType,
                                blob.Size,
                                blob.Sha256,
                                createdAt = version.CreatedAt ?? now,
                                createdBy = version.CreatedBy ?? "xdomea",
                                // The sender's own version number (e.g. 2.95) is kept when it is not ours.
                                comment = version.Number == number.ToString(System.Globalization.CultureInfo.InvariantCulture) ? null : "xdomea-Version " + version.Number,
                            }, tx, cancellationToken: ct));
                        }
                    }
                }
                await audit.AppendAsync(c, tx, tenant.Id, new AuditEntry(actor.Kind, actor.Id, "records.file.imported", null, fileId,
                    $"records:xdomea-import:{file.XdomeaId}", actor.CorrelationId) { Role = actor.Role }, ct);
            }
            return new XdomeaImportResult(fileIds, procedures, documents, versions);
        }, ct);
    }

    private static string? Day(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
