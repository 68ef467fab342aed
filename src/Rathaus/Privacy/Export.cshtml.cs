using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Portal.Applications;

namespace Rathaus.Privacy;

/// <summary>
/// The citizen downloads all data of their account as a zip (Art. 15 DSGVO). The page explains the contents; the
/// form posts (with antiforgery) and the zip is written straight to the response. The export is recorded in the audit
/// trail before the first byte leaves.
/// </summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class ExportModel(AccountExport export, CurrentTenant current) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var tenant = current.Required;
        var citizen = ApplicationFlow.CitizenOf(User)!.Value;
        await export.RecordAsync(tenant.Id, citizen, HttpContext.TraceIdentifier, ct);
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(export.FileName(tenant.Slug));
        Response.ContentType = "application/zip";
        Response.Headers.ContentDisposition = disposition.ToString();
        Response.Headers.CacheControl = "private, no-store";
        Response.Headers.XContentTypeOptions = "nosniff";
        await export.WriteAsync(tenant.Id, citizen, Response.Body, ct);
        return new EmptyResult();
    }
}
