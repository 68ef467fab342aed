using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Portal.Applications;

/// <summary>After "save and continue later": where the draft is kept, and for an anonymous draft its secret link.</summary>
public sealed class SavedModel(ApplicationFlow flow, CurrentTenant current) : PageModel
{
    public DraftSession Session { get; private set; } = null!;

    /// <summary>The resume link of an anonymous draft; null for a draft in an account.</summary>
    public string? ResumeLink { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid draftId, CancellationToken ct)
    {
        var session = await flow.OpenAsync(HttpContext, current.Required, draftId, ct);
        if (session is null)
        {
            return NotFound();
        }
        Session = session;
        if (session.Draft.CitizenId is null && Request.Cookies[ApplicationFlow.CookieName(draftId)] is { } secret)
        {
            ResumeLink = $"{Request.Scheme}://{Request.Host}{Request.PathBase}/antrag/fortsetzen/{ApplicationFlow.ResumeToken(draftId, secret)}";
        }
        return Page();
    }
}
