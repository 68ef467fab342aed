using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Portal.Applications;

/// <summary>The secret link of an anonymous draft: opens it in this browser and continues where it was left.</summary>
public sealed class ResumeModel(ApplicationFlow flow, CurrentTenant current) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        if (!ApplicationFlow.TryReadResumeToken(token, out var draftId, out var secret))
        {
            return NotFound();
        }
        var draft = await flow.Drafts.FindAsync(current.Required.Id, draftId, ct);
        if (draft is null || draft.CitizenId is not null || !draft.MayBeOpenedBy(null, secret))
        {
            return NotFound();
        }
        flow.RememberSecret(HttpContext, draftId, secret, anonymous: true);
        return Redirect($"{Request.PathBase}/antrag/{draftId}/{(draft.CaseId is null ? "pruefen" : "eingang")}");
    }
}
