using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Rathaus.CatalogModule;
using Rathaus.Forms;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Web;
using Rathaus.Portal.Applications;
using Rathaus.Processes;

namespace Rathaus.Workbench;

/// <summary>
/// One task (/verwaltung/aufgaben/{taskId}): the case in brief, who works on it (claim, release, hand over), and the
/// task's form — validated with the same rules it is rendered from — or, for a task without a form, "done" with an
/// optional comment. Completing moves the process on and returns to the inbox. A task that is not for this person
/// does not exist; a stale one (completed meanwhile) says so and changes nothing.
/// </summary>
[Authorize(Policy = Policies.Staff)]
[RequestFormLimits(ValueCountLimit = 2000)]
public sealed class TaskModel(
    TaskInbox inbox, TaskActions actions, CaseFiles cases, TaskFormCache forms, ApplicationServices services, ProcessService processes,
    CurrentTenant current, TimeProvider time, IStringLocalizer<WorkbenchText> text) : PageModel
{
    public StaffMember Me { get; private set; } = null!;

    public WorkTask WorkTask { get; private set; } = null!;

    public CaseRecord? Case { get; private set; }

    public ApplicationService? Service { get; private set; }

    /// <summary>The task's form; null for a task without one (or whose form is missing, see <see cref="FormMissing"/>).</summary>
    public FormDefinition? Form { get; private set; }

    public bool FormMissing { get; private set; }

    public FormView? View { get; private set; }

    public IReadOnlyList<Colleague> Colleagues { get; private set; } = [];

    /// <summary>Whom the task can be handed over to: colleagues of its department other than me and its assignee (I claim it instead).</summary>
    public IReadOnlyList<Colleague> HandOverTargets => Colleagues.Where(c => c.Id != Me.Id && c.Id.ToString() != WorkTask.Assignee).ToList();

    public string? Confirmation { get; private set; }

    public string? Problem { get; private set; }

    public string? Comment { get; private set; }

    public string? CommentError { get; private set; }

    public TimeProvider Time => time;

    /// <summary>Whether this person may complete the task now: it is open and unassigned or theirs.</summary>
    public bool MayComplete => WorkTask.IsOpen && (WorkTask.Assignee is null || Me.Is(WorkTask.Assignee));

    public bool MayReassign => TaskActions.MayReassign(Me, WorkTask);

    public async Task<IActionResult> OnGetAsync(string taskId, string? meldung, CancellationToken ct)
    {
        if (!await LoadAsync(taskId, ct))
        {
            return NotFound();
        }
        if (meldung is "uebernommen" or "freigegeben" or "abgegeben")
        {
            Confirmation = text["Action.Done." + meldung];
        }
        if (!WorkTask.IsOpen)
        {
            Problem = text["Action.Ended", WorkTask.Title];
        }
        ShowForm([], []);
        return Page();
    }

    public async Task<IActionResult> OnPostCompleteAsync(string taskId, string? aktion, string? kommentar, CancellationToken ct)
    {
        if (!await LoadAsync(taskId, ct))
        {
            return NotFound();
        }
        if (!WorkTask.IsOpen || (WorkTask.Assignee is not null && !Me.Is(WorkTask.Assignee)))
        {
            return Refused(new TaskActionResult(WorkTask.IsOpen ? TaskActionOutcome.ClaimedByOther : TaskActionOutcome.Ended, WorkTask));
        }
        if (FormMissing)
        {
            Problem = text["Task.FormMissing", WorkTask.FormKey ?? ""];
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        JsonObject? variables = null;
        if (Form is { } form)
        {
            var culture = CultureInfo.CurrentUICulture;
            var posted = Posted();
            var data = new JsonObject();
            foreach (var page in form.Pages)
            {
                data = FormBinder.Apply(form, data, page.Id, posted, culture, time);
            }
            if (aktion?.StartsWith("hinzufuegen:", StringComparison.Ordinal) == true && form.FindGroup(aktion["hinzufuegen:".Length..]) is { Repeatable: true } added)
            {
                ShowForm(FormBinder.AddItem(form, data, added.Id), []);
                return Page();
            }
            if (aktion?.StartsWith("entfernen:", StringComparison.Ordinal) == true)
            {
                if (ItemPath.TryParse(aktion["entfernen:".Length..], out var groupId, out var index) && form.FindGroup(groupId) is { Repeatable: true })
                {
                    data = FormBinder.RemoveItem(form, data, groupId, index);
                }
                ShowForm(data, []);
                return Page();
            }
            var result = FormValidator.Validate(form, data, time: time);
            if (!result.IsValid)
            {
                ShowForm(result.Data, ShownError.From(result.Errors, culture).ToList());
                return Page();
            }
            variables = TaskForms.Variables(form, result.Data);
        }
        else
        {
            Comment = kommentar?.Trim();
            if (Comment is { Length: > CaseFiles.MaxNoteLength })
            {
                CommentError = text["Note.TooLong", CaseFiles.MaxNoteLength];
                ShowForm([], []);
                return Page();
            }
        }

        try
        {
            await processes.CompleteTaskAsync(current.Required.Id, WorkTask.Id, variables, Me.Actor, ct);
        }
        catch (ProcessCommandException e) when (e.Kind is ProcessErrorKind.Conflict or ProcessErrorKind.NotFound or ProcessErrorKind.Forbidden)
        {
            // Completed, claimed or cancelled by someone else since the page was read: say how it stands now.
            var now = await inbox.FindAsync(current.Required.Id, Me, taskId, ct);
            if (now is null)
            {
                return NotFound();
            }
            WorkTask = now;
            return Refused(new TaskActionResult(now.IsOpen ? now.Assignee is null ? TaskActionOutcome.Stale : TaskActionOutcome.ClaimedByOther : TaskActionOutcome.Ended, now));
        }
        if (Case is { } record)
        {
            await cases.RecordCompletionAsync(current.Required.Id, Me, record, WorkTask.Title, string.IsNullOrEmpty(Comment) ? null : Comment,
                HttpContext.TraceIdentifier, ct);
        }
        return Redirect($"{Request.PathBase}/verwaltung/aufgaben?erledigt={Uri.EscapeDataString(WorkTask.Id)}");
    }

    public Task<IActionResult> OnPostClaimAsync(string taskId, CancellationToken ct) =>
        ActAsync(taskId, me => actions.ClaimAsync(current.Required.Id, me, taskId, ct), "uebernommen", ct);

    public Task<IActionResult> OnPostReleaseAsync(string taskId, CancellationToken ct) =>
        ActAsync(taskId, me => actions.ReleaseAsync(current.Required.Id, me, taskId, ct), "freigegeben", ct);

    public Task<IActionResult> OnPostHandOverAsync(string taskId, Guid? an, CancellationToken ct) =>
        ActAsync(taskId, me => an is { } to
            ? actions.HandOverAsync(current.Required.Id, me, taskId, to, ct)
            : Task.FromResult(new TaskActionResult(TaskActionOutcome.NotMember, null)), "abgegeben", ct);

    private async Task<IActionResult> ActAsync(string taskId, Func<StaffMember, Task<TaskActionResult>> act, string done, CancellationToken ct)
    {
        var result = await act(StaffMember.From(User));
        if (result.Outcome == TaskActionOutcome.NotFound)
        {
            return NotFound();
        }
        if (result.Outcome == TaskActionOutcome.Done)
        {
            return Redirect($"{Request.PathBase}/verwaltung/aufgaben/{Uri.EscapeDataString(taskId)}?meldung={done}");
        }
        if (!await LoadAsync(taskId, ct))
        {
            return NotFound();
        }
        return Refused(result);
    }

    private PageResult Refused(TaskActionResult result)
    {
        Problem = ActionMessages.Of(result, text);
        ShowForm([], []);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<bool> LoadAsync(string taskId, CancellationToken ct)
    {
        Me = StaffMember.From(User);
        var tenant = current.Required.Id;
        if (await inbox.FindAsync(tenant, Me, taskId, ct) is not { } task)
        {
            return false;
        }
        WorkTask = task;
        if (task.CaseId is { } caseId)
        {
            Case = await cases.OpenAsync(tenant, Me, caseId, "case.viewed", HttpContext.TraceIdentifier, ct);
        }
        if (task.ServiceId is { } serviceId && task.ServiceVersion is { } version)
        {
            Service = await services.FindAsync(tenant, serviceId, version, ct);
            if (task.FormKey is { } formKey)
            {
                Form = await forms.FindAsync(tenant, serviceId, version, formKey, ct);
            }
        }
        FormMissing = task.FormKey is not null && Form is null;
        if (MayReassign)
        {
            Colleagues = await actions.ColleaguesAsync(tenant, Me, task, ct);
        }
        return true;
    }

    private void ShowForm(JsonObject data, IReadOnlyList<ShownError> errors)
    {
        if (Form is { } form)
        {
            View = new FormView(form, data, errors, [], CultureInfo.CurrentUICulture, time);
        }
    }

    /// <summary>The application as entered, for the case summary; null when the task has no case one may open.</summary>
    public AnswersView? Application()
    {
        if (Case is null || Service?.Form is not { } form)
        {
            return null;
        }
        var data = Case.DataObject();
        var view = new FormView(form, data, [], [], CultureInfo.CurrentUICulture, time);
        var shown = FormRules.Evaluate(form, data, time);
        var basePath = $"{Request.PathBase}/verwaltung/vorgaenge/{Case.Id}/dokumente/";
        return new AnswersView(view, form.Pages.Where(p => p.Groups.Any(shown.IsVisible)).ToList(), 3, FileLink: id => basePath + id);
    }

    public ProcessingDeadline? Deadline() =>
        Case is null ? null : ProcessingDeadline.Of(Case.SubmittedAt, Service?.Metadata.ProcessingDays, time);

    /// <summary>The error summary's entries: each error linked to its input.</summary>
    public FormErrors Errors()
    {
        var summary = new FormErrors();
        if (View is { } v)
        {
            foreach (var e in v.Errors)
            {
                summary.Add(v.AnchorOf(e.Path), e.Message);
            }
        }
        if (CommentError is { } comment)
        {
            summary.Add("kommentar", comment);
        }
        return summary;
    }

    private Dictionary<string, string[]> Posted()
    {
        var posted = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, values) in Request.Form)
        {
            if (key is "__RequestVerificationToken" or "aktion" or "kommentar")
            {
                continue;
            }
            posted[key] = values.Where(v => v is not null).Select(v => v!).ToArray();
        }
        return posted;
    }
}
