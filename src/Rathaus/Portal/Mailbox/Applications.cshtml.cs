using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rathaus.Mailbox;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Portal.Applications;

namespace Rathaus.Portal.Mailbox;

/// <summary>The citizen's applications with their status and unread messages.</summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class ApplicationsModel(CitizenMailbox mailbox, MailboxPages pages, CurrentTenant current) : PageModel
{
    public IReadOnlyList<CitizenApplication> Applications { get; private set; } = [];

    public IReadOnlyDictionary<(string Id, string Version), string> ServiceNames { get; private set; } = new Dictionary<(string, string), string>();

    public MailboxPages Pages => pages;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var tenant = current.Required.Id;
        Applications = await mailbox.ListApplicationsAsync(tenant, ApplicationFlow.CitizenOf(User)!.Value, ct);
        ServiceNames = await pages.ServiceNamesAsync(tenant, Applications, ct);
    }
}
