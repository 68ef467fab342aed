using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Localization;
using Rathaus.Cases;
using Rathaus.Forms;
using Rathaus.Mailbox;
using Rathaus.Platform.Blobs;
using Rathaus.Platform.Database;
using Rathaus.Platform.Pdf;
using Rathaus.Processes;

namespace Rathaus.Notices;

/// <summary>
/// Service task type <c>rathaus:notice</c>: renders the notice template of the case's service package, lays it out
/// as a letter, files the PDF as a <c>notice</c> document of the case and delivers it to the citizen's mailbox
/// (docs/notices.md). Task header <c>template</c> names the template (default <c>notice</c>). Returns the variables
/// <c>noticeDocumentId</c> and, when delivered, <c>noticeMessageId</c>. Idempotent: a job that runs again finds the
/// document it filed and files nothing new.
/// </summary>
public sealed class NoticeJobHandler(
    CaseLetterSources sources,
    NoticeLetters letters,
    PdfLetterWriter writer,
    IBlobStore blobs,
    Db db,
    CitizenMailbox mailbox,
    AuditTrail audit,
    IStringLocalizer<NoticeLetterText> text,
    TimeProvider time) : ITenantJobHandler
{
    public const string TaskType = "rathaus:notice";

    public async Task<JsonObject?> HandleAsync(TenantJobContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tenantId = context.TenantId;
        var caseId = CaseLetterSources.CaseIdOf(context.Variables);
        var jobId = context.Job.Id;
        var filed = await db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var document = await c.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
                "SELECT id FROM case_documents WHERE job_id = @jobId", new { jobId }, tx, cancellationToken: ct));
            var message = await c.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
                "SELECT id FROM mailbox_messages WHERE job_id = @jobId", new { jobId }, tx, cancellationToken: ct));
            return (document, message);
        }, ct);
        if (filed.document is { } existing)
        {
            return Result(existing, filed.message);
        }

        var source = await sources.LoadAsync(tenantId, caseId, ct);
        var name = context.Headers.TryGetValue("template", out var header) && header.Trim().Length > 0 ? header.Trim() : "notice";
        var file = NoticeTemplates.Find(source.Service.Templates, name, source.Case.Language)
            ?? throw new InvalidOperationException(
                $"The service package {source.Service.Service.Id} {source.Service.Version} has no template templates/{name}.{source.Case.Language}.hbs or templates/{name}.de.hbs.");
        var language = NoticeTemplates.LanguageOf(file);
        // The letter's fixed texts and page numbers in the template's language (this runs in the job, not a request).
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        var culture = NoticeTemplates.CultureFor(language);

        var model = NoticeModel.Build(source, context.Variables, language, time);
        var notice = NoticeText.Parse(NoticeTemplates.Render(source.Service.Templates, file, model));
        var recipient = RecipientOf(context.Variables["recipient"], notice, source);
        var fee = NoticeFee.From(context.Variables["fee"]);
        var pdf = writer.Render(letters.Build(source, notice, recipient, fee, FormClock.Today(time), culture));
        BlobRef blob;
        using (var stream = new MemoryStream(pdf, writable: false))
        {
            blob = await blobs.PutAsync(stream, ct);
        }

        var now = time.GetUtcNow();
        var documentId = Guid.CreateVersion7(now);
        var fileName = $"{text["FileName"]}-{source.Case.Reference}.pdf";
        var delivery = await db.InTenantAsync(tenantId, async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO case_documents (id, tenant_id, case_id, kind, file_name, content_type, size, sha256, created_at, title, created_by, job_id)
                VALUES (@documentId, @tenantId, @caseId, 'notice', @fileName, 'application/pdf', @size, @sha256, @now, @title, 'system', @jobId)
                """, new { documentId, tenantId, caseId, fileName, size = blob.Size, sha256 = blob.Sha256, now, title = notice.Subject, jobId },
                tx, cancellationToken: ct));
            await audit.AppendAsync(c, tx, tenantId, new AuditEntry("system", null, "notice.created", caseId, documentId,
                "process:" + source.Case.ServiceId, null), ct);
            return await mailbox.DeliverAsync(c, tx, tenantId, new OutgoingMessage(caseId, MessageKinds.Notice, notice.Subject,
                text["Message.Body", notice.Subject, source.Case.Reference])
            {
                DocumentIds = [documentId],
                JobId = jobId,
            }, ct);
        }, ct);
        if (delivery is not null)
        {
            await mailbox.NotifyAsync(tenantId, delivery, ct);
        }
        return Result(documentId, delivery?.MessageId);
    }

    private static JsonObject Result(Guid documentId, Guid? messageId)
    {
        var result = new JsonObject { ["noticeDocumentId"] = documentId.ToString() };
        if (messageId is { } id)
        {
            result["noticeMessageId"] = id.ToString();
        }
        return result;
    }

    /// <summary>
    /// The address: the variable <c>recipient</c> the process set, else the template's address lines, else the name of
    /// the applicant's account.
    /// </summary>
    public static IReadOnlyList<string> RecipientOf(JsonNode? variable, NoticeText notice, CaseLetterSource source)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(source);
        switch (variable)
        {
            case JsonObject address when Text(address["name"]) is { } name:
                {
                    var street = string.Join(' ', new[] { Text(address["street"]), Text(address["houseNumber"]) }.Where(s => s is not null));
                    var city = string.Join(' ', new[] { Text(address["postalCode"]), Text(address["city"]) }.Where(s => s is not null));
                    return new[] { name, Text(address["addition"]), street, city, Text(address["country"]) }
                        .Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!).ToList();
                }
            case JsonArray lines when lines.Select(Text).Where(l => l is not null).ToList() is { Count: > 0 } given:
                return given!;
            case null:
                break;
            default:
                throw new InvalidOperationException(
                    "The variable 'recipient' must be an object with at least 'name' ({name, street, houseNumber, postalCode, city}) or a list of address lines.");
        }
        if (notice.AddressLines.Any(l => l.Length > 0))
        {
            return notice.AddressLines.Where(l => l.Length > 0).ToList();
        }
        if (source.Case.CitizenName is { Length: > 0 } citizen)
        {
            return [citizen];
        }
        throw new InvalidOperationException(
            "The notice has no recipient: set the variable 'recipient' in the process (e.g. by zeebe:ioMapping) or give the template address lines '> …'.");
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && s.Trim().Length > 0 ? s.Trim() : null;
}
