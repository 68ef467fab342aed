using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Portal.Applications;

/// <summary>Texts of the application pages (Resources/Portal/Applications/ApplicationText.resx and .en.resx).</summary>
public sealed class ApplicationText
{
    private ApplicationText()
    {
    }
}

/// <summary>Before the form: what the applicant needs, whether a sign-in is needed, unfinished drafts; starting a draft.</summary>
public sealed class StartModel(ApplicationFlow flow, CurrentTenant current) : PageModel
{
    public ApplicationService Service { get; private set; } = null!;

    /// <summary>The identity level the service needs and the signed-in citizen lacks, if any.</summary>
    public string? MissingAssurance { get; private set; }

    public bool SignedIn { get; private set; }

    public IReadOnlyList<DraftSummary> Drafts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string serviceId, CancellationToken ct)
    {
        if (await LoadAsync(serviceId, ct) is { } notFound)
        {
            return notFound;
        }
        if (ApplicationFlow.CitizenOf(User) is { } citizen)
        {
            Drafts = (await flow.Drafts.ListForCitizenAsync(current.Required.Id, citizen, ct)).Where(d => d.ServiceId == serviceId).ToList();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string serviceId, CancellationToken ct)
    {
        if (await LoadAsync(serviceId, ct) is { } notFound)
        {
            return notFound;
        }
        if (MissingAssurance is not null)
        {
            return Page();
        }
        var citizen = ApplicationFlow.CitizenOf(User);
        var (draft, secret) = await flow.Drafts.CreateAsync(current.Required.Id, Service.Id, Service.Version, citizen, ct);
        flow.RememberSecret(HttpContext, draft.Id, secret, anonymous: citizen is null);
        var first = Service.Form!.Pages[0];
        return Redirect($"{Request.PathBase}/antrag/{draft.Id}/seite/{first.Id}");
    }

    private async Task<IActionResult?> LoadAsync(string serviceId, CancellationToken ct)
    {
        var service = await flow.Services.FindAsync(current.Required.Id, serviceId, null, ct);
        if (service is null || !service.TakesApplications)
        {
            return NotFound();
        }
        Service = service;
        SignedIn = ApplicationFlow.CitizenOf(User) is not null;
        MissingAssurance = ApplicationFlow.MissingAssurance(User, service);
        return null;
    }
}
