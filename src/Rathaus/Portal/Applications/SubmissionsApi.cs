using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Rathaus.Cases;
using Rathaus.Forms;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Uploads;
using Rathaus.Platform.Web;

namespace Rathaus.Portal.Applications;

/// <summary>The answer to a submission: the case reference the applicant quotes.</summary>
/// <param name="Replayed">True when the same Idempotency-Key was sent before: this is the first submission's case.</param>
public sealed record SubmissionResponse(string Reference, DateTimeOffset SubmittedAt, string ServiceId, bool Replayed);

/// <summary>One reason a submission was refused, at a data path.</summary>
public sealed record SubmissionError(string Path, string Code, string Message);

/// <summary>
/// Submissions for state portals and other front ends: the same form rules, the same one-transaction intake and
/// the same case as the portal. <c>Idempotency-Key</c> makes retries safe: the same key returns the first case.
/// </summary>
public static class SubmissionsApi
{
    /// <summary>Deepest JSON a form's data needs (groups, items, addresses, file references) with room to spare.</summary>
    private const int MaxJsonDepth = 16;

    /// <summary>Largest JSON body: the multipart data part has the same limit (FormOptions.ValueLengthLimit, 4 MB).</summary>
    private const int MaxJsonBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapSubmissionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/services").WithTags("Submissions");
        group.MapGet("/{serviceId}/form/schema", GetSchemaAsync)
            .WithSummary("JSON Schema (draft 2020-12) of the data a submission carries");
        group.MapPost("/{serviceId}/submissions", SubmitAsync)
            .WithSummary("Submit an application: JSON data, or multipart with a 'data' part and one file part per file field (named by its path)")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(StepModel.MaxRequestBytes));
        return app;
    }

    private static async Task<Results<Ok<JsonObject>, NotFound<ProblemDetails>>> GetSchemaAsync(string serviceId, CurrentTenant current,
        ApplicationServices services, CancellationToken ct)
    {
        var service = await services.FindAsync(current.Required.Id, serviceId, null, ct);
        return service?.Form is { } form && service.TakesApplications
            ? TypedResults.Ok(JsonSchemaExport.Export(form))
            : TypedResults.NotFound(NotFoundProblem(serviceId));
    }

    private static async Task<Results<Created<SubmissionResponse>, Ok<SubmissionResponse>, NotFound<ProblemDetails>, BadRequest<ProblemDetails>,
        UnauthorizedHttpResult, UnprocessableEntity<ProblemDetails>>> SubmitAsync(
        string serviceId, HttpRequest request, CurrentTenant current, ApplicationServices services, CaseIntake intake,
        IUploadInspector uploads, IStringLocalizer<ApplicationText> text, TimeProvider time, CancellationToken ct)
    {
        var tenant = current.Required;
        var service = await services.FindAsync(tenant.Id, serviceId, null, ct);
        if (service?.Form is not { } form || !service.TakesApplications)
        {
            return TypedResults.NotFound(NotFoundProblem(serviceId));
        }
        if (ApplicationFlow.MissingAssurance(request.HttpContext.User, service) is not null)
        {
            return TypedResults.Unauthorized();
        }
        var key = request.Headers["Idempotency-Key"].ToString();
        if (key.Length > 200)
        {
            return TypedResults.BadRequest(Problem(text["Api.KeyTooLong"], []));
        }

        var (data, files, readError) = await ReadAsync(request, text, ct);
        if (readError is not null)
        {
            return TypedResults.BadRequest(Problem(readError, []));
        }

        var errors = new List<SubmissionError>();
        var documents = new List<IntakeDocument>();
        var hash = new StringBuilder(Sha256(data!.ToJsonString()));
        var soFar = CaseUploads.None;
        foreach (var file in files)
        {
            var target = FileTarget(form, data, file.Name);
            if (target is null)
            {
                errors.Add(new SubmissionError(file.Name, "unknown", text["Api.UnknownFilePart", file.Name]));
                continue;
            }
            await using var stream = file.OpenReadStream();
            var stored = await uploads.CheckAndStoreAsync(stream, file.FileName, soFar, ct);
            if (stored.File is not { } upload)
            {
                errors.Add(new SubmissionError(file.Name, stored.Rejection!.Code, stored.Rejection.Message));
                continue;
            }
            soFar = soFar.Add(upload.Blob);
            var attachment = new DraftAttachment(Guid.CreateVersion7(), file.Name, upload.FileName, upload.ContentType, upload.Blob.Size, upload.Blob.Sha256);
            AttachmentReferences.Add(data, target.Value.Field, target.Value.Index, attachment);
            documents.Add(new IntakeDocument(attachment.Id, "evidence", attachment.FieldPath, attachment.FileName, attachment.ContentType, attachment.Size,
                attachment.Sha256));
            hash.Append(file.Name).Append(upload.Blob.Sha256);
        }

        var culture = CultureInfo.CurrentUICulture;
        var uploaded = documents.Select(d => d.Id).ToHashSet();
        var result = FormValidator.Validate(form, data, time: time);
        errors.AddRange(result.Errors.Select(e => new SubmissionError(e.Path, e.Code, e.Message(culture))));
        // A reference the client made up (not a file of this request) is not evidence.
        errors.AddRange(AttachmentReferences.All(form, result.Data).Where(r => !uploaded.Contains(r.Id))
            .Select(r => new SubmissionError(r.Path, "file", text["Api.FileNotUploaded"])));
        if (errors.Count > 0)
        {
            return TypedResults.BadRequest(Problem(text["Api.Invalid"], errors));
        }

        var actor = ApplicationFlow.ActorOf(ApplicationFlow.CitizenOf(request.HttpContext.User), "api");
        try
        {
            var submitted = await intake.SubmitAsync(new IntakeRequest(
                    tenant,
                    service.Intake,
                    result.Data,
                    documents,
                    "api",
                    actor,
                    request.HttpContext.TraceIdentifier,
                    key.Length == 0 ? null : key,
                    Sha256(hash.ToString()),
                    Language: culture.TwoLetterISOLanguageName),
                receipt: null,
                ct);
            var body = new SubmissionResponse(submitted.Reference, submitted.SubmittedAt, service.Id, submitted.Replayed);
            return submitted.Replayed ? TypedResults.Ok(body) : TypedResults.Created((string?)null, body);
        }
        catch (IdempotencyConflictException)
        {
            return TypedResults.UnprocessableEntity(Problem(text["Api.KeyReused"], [], StatusCodes.Status422UnprocessableEntity));
        }
    }

    private static async Task<(JsonObject? Data, IReadOnlyList<IFormFile> Files, string? Error)> ReadAsync(HttpRequest request,
        IStringLocalizer<ApplicationText> text, CancellationToken ct)
    {
        try
        {
            string json;
            IReadOnlyList<IFormFile> files = [];
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(ct);
                if (form["data"].ToString() is not { Length: > 0 } part)
                {
                    return (null, [], text["Api.DataPartMissing"]);
                }
                json = part;
                files = form.Files.ToList();
            }
            else if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
            {
                // Read with a limit (the same as for the multipart data part) and decoded strictly: invalid UTF-8 is refused.
                (var outcome, json) = await StrictUtf8.ReadBodyAsync(request, MaxJsonBytes, ct);
                if (outcome != BodyText.Read)
                {
                    return (null, [], outcome == BodyText.TooLarge ? text["Api.TooLarge", MaxJsonBytes / 1024 / 1024] : text["Api.Malformed"]);
                }
            }
            else
            {
                return (null, [], text["Api.ContentType"]);
            }
            var node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = MaxJsonDepth, AllowDuplicateProperties = false });
            return node is JsonObject { } envelope && envelope["data"] is JsonObject data
                ? ((JsonObject)data.DeepClone(), files, null)
                : (null, [], text["Api.DataMissing"]);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or InvalidDataException)
        {
            // Malformed JSON, nesting deeper than allowed, duplicate keys, a broken multipart body.
            return (null, [], text["Api.Malformed"]);
        }
    }

    private static (FormField Field, int? Index)? FileTarget(FormDefinition form, JsonObject data, string name) =>
        form.Pages.Select(p => AttachmentReferences.FileField(form, p, data, name)).FirstOrDefault(t => t is not null);

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static ProblemDetails NotFoundProblem(string serviceId) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Unknown service",
        Detail = $"This tenant offers no online application '{serviceId}'.",
    };

    private static ProblemDetails Problem(string title, IReadOnlyList<SubmissionError> errors, int status = StatusCodes.Status400BadRequest)
    {
        var problem = new ProblemDetails { Status = status, Title = title };
        problem.Extensions["errors"] = errors;
        return problem;
    }
}
