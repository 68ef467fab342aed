using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using Rathaus.Platform.Blobs;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Workbench;

/// <summary>
/// A document of a case on screen (/verwaltung/vorgaenge/{caseId}/dokumente/{documentId}): PDF in a frame, images
/// as images, both from <c>?handler=Content</c>, which serves the stored bytes inline with their type, no sniffing and
/// a policy that lets the document run nothing. Printing is no step of any process: the print button posts, the
/// print is recorded as a print action, and only then the document is served for the browser's print dialogue.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class DocumentModel(CaseFiles cases, IBlobStore blobs, CurrentTenant current) : PageModel
{
    /// <summary>A served document may show itself and its images in the workbench's frame, and do nothing else.</summary>
    public const string ContentPolicy =
        "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

    public CaseRecord Case { get; private set; } = null!;

    public CaseDocumentRecord Document { get; private set; } = null!;

    public string ContentLink => $"{Request.PathBase}/verwaltung/vorgaenge/{Case.Id}/dokumente/{Document.Id}?handler=Content";

    public async Task<IActionResult> OnGetAsync(Guid caseId, Guid documentId, CancellationToken ct)
    {
        var me = StaffMember.From(User);
        if (await cases.CheckAsync(current.Required.Id, me, caseId, ct) is not { } found
            || (await cases.DocumentsAsync(current.Required.Id, caseId, ct)).FirstOrDefault(d => d.Id == documentId) is not { } document)
        {
            return NotFound();
        }
        Case = found;
        Document = document;
        return Page();
    }

    /// <summary>The document's bytes, inline; the access is recorded in the audit trail.</summary>
    public Task<IActionResult> OnGetContentAsync(Guid caseId, Guid documentId, CancellationToken ct) => ServeAsync(caseId, documentId, print: false, ct);

    /// <summary>Records the print (print action and audit trail), then serves the document to print.</summary>
    public Task<IActionResult> OnPostPrintAsync(Guid caseId, Guid documentId, CancellationToken ct) => ServeAsync(caseId, documentId, print: true, ct);

    private async Task<IActionResult> ServeAsync(Guid caseId, Guid documentId, bool print, CancellationToken ct)
    {
        var me = StaffMember.From(User);
        if (await cases.OpenDocumentAsync(current.Required.Id, me, caseId, documentId, print, HttpContext.TraceIdentifier, ct) is not { } document
            || await blobs.OpenReadAsync(document.Sha256, ct) is not { } content)
        {
            return NotFound();
        }
        var headers = Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentPolicy;
        headers.XFrameOptions = "SAMEORIGIN";
        headers.CacheControl = "private, no-store";
        headers["Referrer-Policy"] = "no-referrer";
        var disposition = new ContentDispositionHeaderValue(document.ShowsInline ? "inline" : "attachment");
        disposition.SetHttpFileName(document.FileName);
        headers.ContentDisposition = disposition.ToString();
        return new FileStreamResult(content, document.ShowsInline ? document.ContentType : "application/octet-stream");
    }
}
