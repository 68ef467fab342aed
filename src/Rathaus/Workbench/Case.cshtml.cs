using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Rathaus.Forms;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Web;
using Rathaus.Portal.Applications;
using Rathaus.Processes;

namespace Rathaus.Workbench;

/// <summary>
/// The case view (/verwaltung/vorgaenge/{id}): the application as entered, laid out by its form; the documents,
/// shown in the browser; where the process stands (diagram, current steps) and its timeline; the internal notes;
/// the processing deadline with a warning. Only staff of the case's department, or with an open task of the case for
/// them, may open it; every opening is recorded in the audit trail.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class CaseModel(
    CaseFiles cases, TaskInbox inbox, ApplicationServices services, PendingReceipts receipts, ProcessService processes, CurrentTenant current,
    TimeProvider time, IStringLocalizer<WorkbenchText> text) : PageModel
{
    public StaffMember Me { get; private set; } = null!;

    public CaseRecord Case { get; private set; } = null!;

    public ApplicationService? Service { get; private set; }

    public InstanceTrail? Trail { get; private set; }

    public IReadOnlyList<WorkTask> Tasks { get; private set; } = [];

    public IReadOnlyList<CaseDocumentRecord> Documents { get; private set; } = [];

    public IReadOnlyList<CaseNote> Notes { get; private set; } = [];

    public IReadOnlyDictionary<string, string> StaffNames { get; private set; } = new Dictionary<string, string>();

    public string? Note { get; private set; }

    public string? NoteError { get; private set; }

    public string? Confirmation { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid caseId, string? meldung, CancellationToken ct)
    {
        if (!await LoadAsync(caseId, ct))
        {
            return NotFound();
        }
        if (meldung == "notiz")
        {
            Confirmation = text["Note.Added"];
        }
        return Page();
    }

    /// <summary>The BPMN XML of the case's process version, for the diagram viewer.</summary>
    public async Task<IActionResult> OnGetDiagramAsync(Guid caseId, CancellationToken ct)
    {
        Me = StaffMember.From(User);
        var found = await cases.CheckAsync(current.Required.Id, Me, caseId, ct);
        if (found?.ProcessInstanceId is not { } instanceId || await processes.GetTrailAsync(current.Required.Id, instanceId, ct) is not { } trail)
        {
            return NotFound();
        }
        Response.Headers.XContentTypeOptions = "nosniff";
        return Content(trail.Xml, "application/xml; charset=utf-8");
    }

    public async Task<IActionResult> OnPostNoteAsync(Guid caseId, string? notiz, CancellationToken ct)
    {
        Me = StaffMember.From(User);
        Note = notiz?.Trim();
        NoteError = string.IsNullOrEmpty(Note) ? text["Note.Required"].Value
            : Note.Length > CaseFiles.MaxNoteLength ? text["Note.TooLong", CaseFiles.MaxNoteLength].Value
            : null;
        if (NoteError is null)
        {
            if (!await cases.AddNoteAsync(current.Required.Id, Me, caseId, Note!, HttpContext.TraceIdentifier, ct))
            {
                return NotFound();
            }
            return Redirect($"{Request.PathBase}/verwaltung/vorgaenge/{caseId}?meldung=notiz#notizen");
        }
        if (!await LoadAsync(caseId, ct))
        {
            return NotFound();
        }
        return Page();
    }

    private async Task<bool> LoadAsync(Guid caseId, CancellationToken ct)
    {
        Me = StaffMember.From(User);
        var tenant = current.Required.Id;
        if (await cases.OpenAsync(tenant, Me, caseId, "case.viewed", HttpContext.TraceIdentifier, ct) is not { } found)
        {
            return false;
        }
        Case = found;
        Service = await services.FindAsync(tenant, found.ServiceId, found.ServiceVersion, ct);
        if (found.ProcessInstanceId is { } instanceId)
        {
            Trail = await processes.GetTrailAsync(tenant, instanceId, ct);
        }
        Tasks = await inbox.ForCaseAsync(tenant, Me, caseId, ct);
        await receipts.EnsureAsync(tenant, caseId, ct);
        Documents = await cases.DocumentsAsync(tenant, caseId, ct);
        Notes = await cases.NotesAsync(tenant, caseId, ct);
        StaffNames = await cases.StaffNamesAsync(tenant, Trail?.History.Select(h => h.CompletedBy).OfType<string>() ?? [], ct);
        return true;
    }

    public ProcessingDeadline? Deadline() => ProcessingDeadline.Of(Case.SubmittedAt, Service?.Metadata.ProcessingDays, time);

    /// <summary>Whether the deadline still matters: the process has not ended and the case is not closed.</summary>
    public bool IsRunning => Case.ClosedAt is null && Trail?.Status is null or "active";

    public AnswersView? Application()
    {
        if (Service?.Form is not { } form)
        {
            return null;
        }
        var data = Case.DataObject();
        var view = new FormView(form, data, [], [], CultureInfo.CurrentUICulture, time);
        var shown = FormRules.Evaluate(form, data, time);
        return new AnswersView(view, form.Pages.Where(p => p.Groups.Any(shown.IsVisible)).ToList(), 3, FileLink: DocumentLink);
    }

    public string DocumentLink(Guid documentId) => $"{Request.PathBase}/verwaltung/vorgaenge/{Case.Id}/dokumente/{documentId}";

    /// <summary>The steps of the timeline: activities begun, finished or broken off, events reached; no gateways.</summary>
    public IEnumerable<TrailEvent> Timeline() =>
        Trail?.History.Where(h =>
            !h.ElementType.EndsWith("Gateway", StringComparison.Ordinal) && h.ElementType != "process"
            && (h.Event == "entered" || !h.ElementType.EndsWith("Event", StringComparison.Ordinal))) ?? [];

    /// <summary>The elements the process has passed, for the diagram.</summary>
    public string DoneElements() =>
        string.Join(' ', Trail?.History.Where(h => h.Event == "left").Select(h => h.ElementId).Distinct() ?? []);

    public string CurrentElements() => string.Join(' ', Trail?.Current.Select(c => c.ElementId) ?? []);

    public FormErrors Errors()
    {
        var errors = new FormErrors();
        if (NoteError is { } e)
        {
            errors.Add("notiz", e);
        }
        return errors;
    }
}
