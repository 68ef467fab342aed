using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Uploads;
using Rathaus.Platform.Web;
using Rathaus.Records.Xdomea;
using static Rathaus.Records.RecordsText;

namespace Rathaus.Records;

/// <summary>A file-plan entry as the API shows it.</summary>
/// <param name="Disposal"><c>destroy</c> or <c>archive</c>.</param>
public sealed record FilePlanEntryView(string Number, string Title, int RetentionYears, string Disposal, IReadOnlyList<string> Departments)
{
    public static FilePlanEntryView From(FilePlanEntry e) => new(e.Number, e.Title, e.RetentionYears, FilePlanEntry.DisposalToDb(e.Disposal), e.Departments);
}

/// <summary>Body of <c>POST /api/v1/records/exports</c>.</summary>
/// <param name="FileIds">The files to hand over in one message.</param>
/// <param name="Recipient">The archive's name for the message head (default "Zuständiges Archiv").</param>
public sealed record ExportRequest(IReadOnlyList<Guid>? FileIds, string? Recipient);

/// <summary>Body of <c>POST /api/v1/records/disposals/{fileId}/postponement</c>.</summary>
/// <param name="Until">The new date (YYYY-MM-DD, after today) on which the file is proposed again.</param>
/// <param name="Reason">Why, e.g. a pending lawsuit (1–1,000 characters).</param>
public sealed record PostponeRequest(string? Until, string? Reason);

/// <summary>Body of <c>POST /api/v1/records/disposals/run</c>.</summary>
/// <param name="FileIds">The approved files to dispose of; none: every approved file of the tenant.</param>
public sealed record DisposalRunRequest(IReadOnlyList<Guid>? FileIds);

/// <summary>The E-Akte API for tenant admins and records managers (<c>/api/v1/records</c>); errors are RFC 9457 problem details.</summary>
internal static class RecordsApi
{
    private const string ProblemType = "https://rathaus.example/probleme/akten/";

    public static IEndpointRouteBuilder MapRecordsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/records").WithTags("Records").DisableAntiforgery().RequireAuthorization(Policies.Records);
        api.MapGet("/fileplan", ListFilePlanAsync)
            .WithName("GetFilePlan")
            .WithSummary("The tenant's file plan (Aktenplan), ordered by number.");
        api.MapPut("/fileplan", ImportFilePlanAsync)
            .Accepts<string>("text/csv", "text/plain")
            .WithName("ImportFilePlan")
            .WithSummary("Replaces the file plan with a CSV (number;title;retention_years;disposal;departments). A refused plan lists every problem with line and column; nothing changes.");
        api.MapGet("/files", ListFilesAsync)
            .WithName("ListRecordFiles")
            .WithSummary("The tenant's files; with due=YYYY-MM-DD only files whose disposal date has come by then and that have no open procedure.");
        api.MapGet("/files/{id:guid}", GetFileAsync)
            .WithName("GetRecordFile")
            .WithSummary("A file with its procedures, documents and every version of each document.");
        api.MapPost("/exports", ExportAsync)
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .WithName("ExportRecordFiles")
            .WithSummary("Hands files over as one xdomea 3.1.0 message Aussonderung.Aussonderung.0503 (zip with the XML and the documents). Audited.");
        api.MapPost("/imports", ImportAsync)
            .Accepts<byte[]>("application/zip")
            .WithMetadata(new RequestSizeLimitAttribute(XdomeaLimits.Default.MaxZipBytes))
            .WithName("ImportRecordFiles")
            .WithSummary("Files the files of an xdomea 0503 zip (version 3.1.0 or 3.0.0) into the tenant's records. Audited; a refused zip changes nothing.");
        api.MapPost("/documents/{id:guid}/versions", AddVersionAsync)
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(RecordsStore.MaxVersionBytes + 1024 * 1024))
            .WithName("AddDocumentVersion")
            .WithSummary("Files a corrected version of a document (multipart: part 'file', optional 'comment'); earlier versions stay unchanged.");
        api.MapGet("/documents/{id:guid}/content", GetContentAsync)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .WithName("GetDocumentContent")
            .WithSummary("A document's content: the newest version, or ?version=N. Audited.");
        api.MapGet("/disposals", ListDisposalsAsync)
            .WithName("ListRecordDisposals")
            .WithSummary("Disposals: files proposed by the daily job (state proposed), approved, postponed, and tombstones of disposed files (?state= to filter).");
        api.MapGet("/disposals/{fileId:guid}", GetDisposalAsync)
            .WithName("GetRecordDisposal")
            .WithSummary("One file's disposal or tombstone: reference, file-plan number, title without personal data, dates, who approved, the export's hash.");
        api.MapPost("/disposals/{fileId:guid}/approval", ApproveDisposalAsync)
            .WithName("ApproveRecordDisposal")
            .WithSummary("The signed-in records manager approves the disposal of a due file. 404 unknown file, 409 not due, open procedure, approved or disposed already; nothing changes. Audited.");
        api.MapPost("/disposals/{fileId:guid}/postponement", PostponeDisposalAsync)
            .WithName("PostponeRecordDisposal")
            .WithSummary("Postpones a proposed or approved disposal to a later date with a reason; the file is proposed again on that date. Audited.");
        api.MapPost("/disposals/run", RunDisposalsAsync)
            .WithName("RunRecordDisposals")
            .WithSummary("Disposes approved files: archive-kind files are exported as xdomea 0503 first (stored, hash in the tombstone), then documents, blobs and the cases' personal data are deleted; a tombstone remains. Audited.");
        // Search is for every member of staff, each within what they may see (docs/records.md, "Search").
        endpoints.MapGet("/api/v1/records/search", SearchAsync)
            .WithTags("Records")
            .RequireAuthorization(Policies.Staff)
            .WithName("SearchRecords")
            .WithSummary($"Full-text search (German) over the documents' metadata and PDF text: caseworkers find their departments' documents, records managers and tenant admins the whole tenant. q: 1–{RecordsSearch.MaxQueryLength} characters, words, \"phrases\", -excluded, or; page: 1–{RecordsSearch.MaxPage}, {RecordsSearch.PageSize} a page; the newest {RecordsSearch.MaxResults} matches are ranked. Audited.");
        return endpoints;
    }

    private static async Task<Results<Ok<SearchResults>, ProblemHttpResult>> SearchAsync(string? q, string? page, HttpContext context, CurrentTenant tenant,
        RecordsSearch search, ClaimsPrincipal user, IStringLocalizer<RecordsSearchText> text, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(await search.SearchAsync(tenant.Required.Id, SearchScope.For(user), q, RecordsSearch.ParsePage(page), context.TraceIdentifier, ct));
        }
        catch (SearchQueryException e)
        {
            return TypedResults.Problem(title: text["Error.Title"], detail: text["Error." + e.Code, RecordsSearch.MaxQueryLength, RecordsSearch.MaxPage],
                statusCode: StatusCodes.Status400BadRequest, type: ProblemType + e.Code,
                extensions: new Dictionary<string, object?> { ["code"] = e.Code });
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<RecordDisposal>>, ProblemHttpResult>> ListDisposalsAsync(string? state, CurrentTenant tenant,
        RecordDisposals disposals, CancellationToken ct) =>
        state is null or "proposed" or "approved" or "postponed" or "disposed"
            ? TypedResults.Ok(await disposals.ListAsync(tenant.Required.Id, state, ct))
            : Problem(new RecordsException("bad-request", Text($"„{state}“ ist kein Zustand (proposed, approved, postponed, disposed).",
                $"'{state}' is not a state (proposed, approved, postponed, disposed).")));

    private static async Task<Results<Ok<RecordDisposal>, ProblemHttpResult>> GetDisposalAsync(Guid fileId, CurrentTenant tenant, RecordDisposals disposals,
        CancellationToken ct) =>
        await disposals.GetAsync(tenant.Required.Id, fileId, ct) is { } found
            ? TypedResults.Ok(found)
            : Problem(new RecordsException("not-found", Text($"Für die Akte {fileId} gibt es keine Aussonderung.", $"There is no disposal of file {fileId}.")));

    private static async Task<Results<Ok<RecordDisposal>, ProblemHttpResult>> ApproveDisposalAsync(Guid fileId, HttpContext context, CurrentTenant tenant,
        RecordDisposals disposals, ClaimsPrincipal user, CancellationToken ct) =>
        await RunAsync(async () => TypedResults.Ok(await disposals.ApproveAsync(tenant.Required.Id, fileId, StaffId(user), Actor(user, context), ct)));

    private static async Task<Results<Ok<RecordDisposal>, ProblemHttpResult>> PostponeDisposalAsync(Guid fileId, PostponeRequest body, HttpContext context,
        CurrentTenant tenant, RecordDisposals disposals, ClaimsPrincipal user, CancellationToken ct) =>
        await RunAsync(async () =>
        {
            if (!DateOnly.TryParseExact(body.Until, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var until))
            {
                throw new RecordsException("bad-request", Text($"„{body.Until}“ ist kein Datum wie 2031-12-31.", $"'{body.Until}' is not a date like 2031-12-31."));
            }
            return TypedResults.Ok(await disposals.PostponeAsync(tenant.Required.Id, fileId, until, body.Reason, StaffId(user), Actor(user, context), ct));
        });

    private static async Task<Results<Ok<IReadOnlyList<DisposalRunResult>>, ProblemHttpResult>> RunDisposalsAsync(DisposalRunRequest? body, HttpContext context,
        CurrentTenant tenant, RecordDisposals disposals, ClaimsPrincipal user, CancellationToken ct) =>
        await RunAsync(async () => TypedResults.Ok(await disposals.RunAsync(tenant.Required.Id, Actor(user, context),
            body?.FileIds is { Count: > 0 } ids ? ids : null, ct)));

    private static Guid StaffId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;

    private static async Task<Ok<IReadOnlyList<FilePlanEntryView>>> ListFilePlanAsync(CurrentTenant tenant, FilePlans plans, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<FilePlanEntryView>>((await plans.ListAsync(tenant.Required.Id, ct)).Select(FilePlanEntryView.From).ToList());

    private static async Task<Results<Ok<IReadOnlyList<FilePlanEntryView>>, ProblemHttpResult>> ImportFilePlanAsync(HttpRequest request, CurrentTenant tenant,
        FilePlans plans, ClaimsPrincipal user, CancellationToken ct)
    {
        return await RunAsync(async () =>
        {
            string csv;
            await using (var limited = new LimitedStream(request.Body, FilePlanCsv.MaxBytes + 1))
            using (var reader = new StreamReader(limited, StrictUtf8.Encoding, detectEncodingFromByteOrderMarks: false))
            {
                try
                {
                    csv = (await reader.ReadToEndAsync(ct)).TrimStart('\uFEFF');
                }
                catch (LimitExceededException)
                {
                    throw new RecordsException("csv-invalid", Text($"Die Datei ist größer als {FilePlanCsv.MaxBytes / 1024} KB.", $"The file is larger than {FilePlanCsv.MaxBytes / 1024} KB."));
                }
                catch (DecoderFallbackException)
                {
                    throw new RecordsException("csv-invalid", Text("Die Datei ist kein gültiger UTF-8-Text.", "The file is not valid UTF-8 text."));
                }
            }
            var entries = FilePlanCsv.Parse(csv);
            await plans.ImportAsync(tenant.Required.Id, entries, Actor(user, request.HttpContext), ct);
            return TypedResults.Ok<IReadOnlyList<FilePlanEntryView>>((await plans.ListAsync(tenant.Required.Id, ct)).Select(FilePlanEntryView.From).ToList());
        });
    }

    private static async Task<Results<Ok<IReadOnlyList<RecordFileSummary>>, ProblemHttpResult>> ListFilesAsync(string? due, CurrentTenant tenant,
        RecordsStore store, CancellationToken ct)
    {
        DateOnly? dueBy = null;
        if (due is not null)
        {
            if (!DateOnly.TryParseExact(due, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return Problem(new RecordsException("bad-request", Text($"„{due}“ ist kein Datum wie 2026-12-31.", $"'{due}' is not a date like 2026-12-31.")));
            }
            dueBy = parsed;
        }
        return TypedResults.Ok(await store.ListFilesAsync(tenant.Required.Id, dueBy, ct));
    }

    private static async Task<Results<Ok<RecordFile>, ProblemHttpResult>> GetFileAsync(Guid id, CurrentTenant tenant, RecordsStore store, CancellationToken ct) =>
        await store.GetFileAsync(tenant.Required.Id, id, ct) is { } file
            ? TypedResults.Ok(file)
            : Problem(new RecordsException("not-found", Text($"Die Akte {id} gibt es nicht.", $"There is no file {id}.")));

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ExportAsync(ExportRequest body, HttpContext context, CurrentTenant tenant,
        XdomeaTransfer transfer, ClaimsPrincipal user, CancellationToken ct)
    {
        // Zip writing is synchronous; it goes to a temporary file (deleted on close) that is then streamed.
        var buffer = new FileStream(Path.Combine(Path.GetTempPath(), "rathaus-export-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var result = await transfer.ExportAsync(tenant.Required, body.FileIds ?? [], string.IsNullOrWhiteSpace(body.Recipient) ? "Zuständiges Archiv" : body.Recipient.Trim(),
                Actor(user, context), buffer, ct);
            buffer.Position = 0;
            return TypedResults.File(buffer, "application/zip", result.FileName);
        }
        catch (RecordsException e)
        {
            await buffer.DisposeAsync();
            return Problem(e);
        }
    }

    private static async Task<Results<Created<XdomeaImportResult>, ProblemHttpResult>> ImportAsync(HttpContext context, CurrentTenant tenant,
        XdomeaTransfer transfer, ClaimsPrincipal user, CancellationToken ct)
    {
        await using var buffer = new FileStream(Path.Combine(Path.GetTempPath(), "rathaus-import-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        return await RunAsync(async () =>
        {
            await using (var limited = new LimitedStream(context.Request.Body, XdomeaLimits.Default.MaxZipBytes))
            {
                try
                {
                    await limited.CopyToAsync(buffer, ct);
                }
                catch (LimitExceededException)
                {
                    throw XdomeaPackage.Unsafe(Text("Die ZIP-Datei ist zu groß.", "The zip file is too large."));
                }
            }
            buffer.Position = 0;
            var result = await transfer.ImportAsync(tenant.Required, buffer, Actor(user, context), ct: ct);
            return TypedResults.Created($"/api/v1/records/files/{result.FileIds[0]}", result);
        });
    }

    private static async Task<Results<Created<DocumentVersion>, ProblemHttpResult>> AddVersionAsync(Guid id, HttpContext context, CurrentTenant tenant,
        RecordsStore store, ClaimsPrincipal user, CancellationToken ct)
    {
        return await RunAsync(async () =>
        {
            if (!context.Request.HasFormContentType || (await context.Request.ReadFormAsync(ct)).Files.GetFile("file") is not { } file)
            {
                throw new RecordsException("bad-request", Text("Die neue Version fehlt (Teil „file“).", "The new version is missing (part 'file')."));
            }
            if (file.Length == 0)
            {
                throw new RecordsException("empty", Text($"Die Datei „{file.FileName}“ ist leer.", $"The file '{file.FileName}' is empty."));
            }
            var comment = context.Request.Form["comment"].ToString();
            await using var content = file.OpenReadStream();
            var version = await store.AddVersionAsync(tenant.Required.Id, id, content, UploadFileName.Clean(file.FileName),
                StoredContentType(file.ContentType, file.FileName), string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), Actor(user, context), ct);
            return TypedResults.Created($"/api/v1/records/documents/{id}/content?version={version.Version}", version);
        });
    }

    /// <summary>
    /// The declared type when it is one of the document formats of the xdomea code list (PDF, PNG, JPEG, DOCX, XML,
    /// plain text), else the type of the name's extension among those, else <c>application/octet-stream</c>: a
    /// version declared as HTML, SVG or a program is never served back as something a browser would run.
    /// </summary>
    internal static string StoredContentType(string? declared, string fileName)
    {
        var type = declared?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
        return XdomeaWriter.FormatCode(type).Other ? XdomeaWriter.ContentType(null, fileName) : type;
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetContentAsync(Guid id, int? version, HttpContext context,
        CurrentTenant tenant, RecordsStore store, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            var (found, content) = await store.OpenAsync(tenant.Required.Id, id, version, Actor(user, context), ct);
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.File(content, found.ContentType, found.FileName);
        }
        catch (RecordsException e)
        {
            return Problem(e);
        }
    }

    private static async Task<Results<T, ProblemHttpResult>> RunAsync<T>(Func<Task<T>> work)
        where T : IResult
    {
        try
        {
            return await work();
        }
        catch (RecordsException e)
        {
            return Problem(e);
        }
    }

    private static RecordsActor Actor(ClaimsPrincipal user, HttpContext context) => new(
        "staff",
        user.FindFirstValue(ClaimTypes.NameIdentifier),
        user.IsInRole(Roles.RecordsManager) ? Roles.RecordsManager : Roles.TenantAdmin,
        context.TraceIdentifier);

    private static ProblemHttpResult Problem(RecordsException e) => TypedResults.Problem(
        title: e.Code switch
        {
            "not-found" => Text("Nicht gefunden.", "Not found."),
            "already-imported" => Text("Schon übernommen; es wurde nichts geändert.", "Imported before; nothing was changed."),
            "not-due" or "open-procedure" or "process-running" or "already-approved" or "already-disposed" or "not-approved" =>
                Text("Die Aussonderung ist so nicht möglich; es wurde nichts geändert.", "The disposal is not possible like this; nothing was changed."),
            "not-permitted" => Text("Nicht berechtigt; es wurde nichts geändert.", "Not permitted; nothing was changed."),
            _ => Text("Die Anfrage wurde nicht ausgeführt; es wurde nichts geändert.", "The request was refused; nothing was changed."),
        },
        detail: e.Message,
        statusCode: e.Code switch
        {
            "not-found" => StatusCodes.Status404NotFound,
            "already-imported" or "not-due" or "open-procedure" or "process-running" or "already-approved" or "already-disposed" or "not-approved" => StatusCodes.Status409Conflict,
            "not-permitted" => StatusCodes.Status403Forbidden,
            "too-large" => StatusCodes.Status413PayloadTooLarge,
            _ => StatusCodes.Status400BadRequest,
        },
        type: ProblemType + e.Code,
        extensions: new Dictionary<string, object?> { ["code"] = e.Code, ["problems"] = e.Details });
}
