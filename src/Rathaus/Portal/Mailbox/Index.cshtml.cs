using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rathaus.Mailbox;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Portal.Applications;

namespace Rathaus.Portal.Mailbox;

/// <summary>The mailbox (Postfach): every message to and from the citizen, newest first, unread ones marked.</summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class IndexModel(CitizenMailbox mailbox, CurrentTenant current) : PageModel
{
    public IReadOnlyList<MailboxMessage> Messages { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Messages = await mailbox.ListMessagesAsync(current.Required.Id, ApplicationFlow.CitizenOf(User)!.Value, ct);
}
