using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using Rathaus.Mailbox;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Portal.Applications;

namespace Rathaus.Portal.Mailbox;

/// <summary>
/// A document of one of the citizen's applications: PDFs and images shown in the browser, others saved. Every
/// opening is written to the audit trail; another citizen's document, or one the citizen may not read, is 404.
/// </summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class DocumentModel(CitizenMailbox mailbox, CurrentTenant current) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid caseId, Guid documentId, CancellationToken ct)
    {
        var opened = await mailbox.OpenDocumentAsync(current.Required.Id, ApplicationFlow.CitizenOf(User)!.Value, caseId, documentId,
            HttpContext.TraceIdentifier, ct);
        if (opened is null)
        {
            return NotFound();
        }
        var document = opened.Document;
        var disposition = new ContentDispositionHeaderValue(document.ShowsInline ? "inline" : "attachment");
        disposition.SetHttpFileName(document.FileName);
        Response.Headers.ContentDisposition = disposition.ToString();
        Response.Headers.CacheControl = "private, no-store";
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(opened.Content, document.ContentType);
    }
}
