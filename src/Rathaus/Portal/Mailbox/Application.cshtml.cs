using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rathaus.Mailbox;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Portal.Applications;

namespace Rathaus.Portal.Mailbox;

/// <summary>One application: its status, the messages about it and the documents the citizen may open.</summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class ApplicationModel(CitizenMailbox mailbox, MailboxPages pages, PendingReceipts receipts, CurrentTenant current) : PageModel
{
    public CitizenApplicationFile Application { get; private set; } = null!;

    public string ServiceName { get; private set; } = "";

    public MailboxPages Pages => pages;

    public async Task<IActionResult> OnGetAsync(Guid caseId, CancellationToken ct)
    {
        var tenant = current.Required.Id;
        var citizen = ApplicationFlow.CitizenOf(User)!.Value;
        if (await mailbox.GetApplicationAsync(tenant, citizen, caseId, ct) is not { } file)
        {
            return NotFound();
        }
        if (await receipts.EnsureAsync(tenant, caseId, ct))
        {
            // The receipt was written just now: read the documents again so that it is listed.
            file = (await mailbox.GetApplicationAsync(tenant, citizen, caseId, ct))!;
        }
        Application = file;
        var application = file.Application;
        ServiceName = (await pages.ServiceNamesAsync(tenant, [application], ct))[(application.ServiceId, application.ServiceVersion)];
        return Page();
    }
}
