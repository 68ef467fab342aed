using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Workbench;

/// <summary>
/// The inbox (Postkorb, /verwaltung/aufgaben): my departments' open tasks and those assigned to me, oldest first,
/// filtered by service, deadline and who works on them, with the number of tasks in each filter; claim and release
/// in place. Filters are a GET form, so a filtered inbox is a link and works without JavaScript.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class TasksModel(TaskInbox inbox, TaskActions actions, CurrentTenant current, TimeProvider time, IStringLocalizer<WorkbenchText> text)
    : PageModel
{
    public StaffMember Me { get; private set; } = null!;

    public InboxPage Inbox { get; private set; } = null!;

    public InboxFilter Filter { get; private set; } = new();

    public TimeProvider Time => time;

    /// <summary>The confirmation of the last action (task completed, claimed, released, handed over).</summary>
    public string? Confirmation { get; private set; }

    /// <summary>Why the last action changed nothing.</summary>
    public string? Problem { get; private set; }

    [BindProperty(SupportsGet = true, Name = "leistung")]
    public string? Service { get; set; }

    [BindProperty(SupportsGet = true, Name = "frist")]
    public string? Due { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Assignment { get; set; }

    [BindProperty(SupportsGet = true, Name = "seite")]
    public int PageNumber { get; set; } = 1;

    public async Task OnGetAsync(string? erledigt, string? meldung, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (erledigt is not null && await inbox.FindAsync(current.Required.Id, Me, erledigt, ct) is { IsOpen: false } done)
        {
            Confirmation = text["Inbox.Completed", done.Title, done.Reference ?? ""];
        }
        else if (meldung is "uebernommen" or "freigegeben" or "abgegeben")
        {
            Confirmation = text["Action.Done." + meldung];
        }
    }

    public Task<IActionResult> OnPostClaimAsync(string taskId, CancellationToken ct) =>
        ActAsync(() => actions.ClaimAsync(current.Required.Id, Me, taskId, ct), "uebernommen", ct);

    public Task<IActionResult> OnPostReleaseAsync(string taskId, CancellationToken ct) =>
        ActAsync(() => actions.ReleaseAsync(current.Required.Id, Me, taskId, ct), "freigegeben", ct);

    private async Task<IActionResult> ActAsync(Func<Task<TaskActionResult>> act, string done, CancellationToken ct)
    {
        Me = StaffMember.From(User);
        var result = await act();
        if (result.Outcome == TaskActionOutcome.NotFound)
        {
            return NotFound();
        }
        if (result.Outcome == TaskActionOutcome.Done)
        {
            return Redirect(Link(Service, Due, Assignment, PageNumber) + "&meldung=" + done);
        }
        Problem = ActionMessages.Of(result, text);
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Me = StaffMember.From(User);
        Filter = new InboxFilter(
            string.IsNullOrWhiteSpace(Service) ? null : Service,
            Due switch { "ueberfaellig" => DueFilter.Overdue, "bald" => DueFilter.DueSoon, _ => DueFilter.All },
            Assignment switch { "offen" => AssignmentFilter.Unassigned, "meine" => AssignmentFilter.Mine, "andere" => AssignmentFilter.Others, _ => AssignmentFilter.All },
            Math.Max(1, PageNumber));
        Inbox = await inbox.ListAsync(current.Required.Id, Me, Filter, ct);
    }

    /// <summary>The inbox with these filters (null keeps none), as a link relative to the tenant.</summary>
    public string Link(string? service, string? due, string? assignment, int page = 1)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }
        Add("leistung", service);
        Add("frist", due);
        Add("status", assignment);
        query.Add("seite=" + page.ToString(CultureInfo.InvariantCulture));
        return $"{Request.PathBase}/verwaltung/aufgaben?{string.Join('&', query)}";
    }
}
