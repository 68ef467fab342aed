using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rathaus.Mailbox;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Portal.Applications;

namespace Rathaus.Portal.Account;

/// <summary>The citizen's own account data, with the way to their applications and mailbox.</summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class AccountModel(CitizenMailbox mailbox, CurrentTenant current) : PageModel
{
    /// <summary>Messages in the mailbox the citizen has not opened.</summary>
    public int Unread { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        Unread = await mailbox.CountUnreadAsync(current.Required.Id, ApplicationFlow.CitizenOf(User)!.Value, ct);
}
