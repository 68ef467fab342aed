using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rathaus.Cases;
using Rathaus.Forms;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Portal.Applications;

/// <summary>
/// Everything entered, page by page, with a link to change each page; submitting validates the whole form with
/// the same rules again and turns the draft into a case. The receipt shows only after the case is committed.
/// </summary>
public sealed class ReviewModel(ApplicationFlow flow, CurrentTenant current, CaseIntake intake) : PageModel
{
    public DraftSession Session { get; private set; } = null!;

    public FormView View { get; private set; } = null!;

    public IReadOnlyList<FormPage> Pages { get; private set; } = [];

    public string? MissingAssurance { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid draftId, CancellationToken ct)
    {
        if (await LoadAsync(draftId, ct) is { } failure)
        {
            return failure;
        }
        Show([]);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid draftId, CancellationToken ct)
    {
        if (await LoadAsync(draftId, ct) is { } failure)
        {
            return failure;
        }
        var form = Session.Form;
        var result = FormValidator.Validate(form, Session.Draft.Data, time: flow.Time);
        if (!result.IsValid || MissingAssurance is not null)
        {
            Show(ShownError.From(result.Errors, CultureInfo.CurrentUICulture).ToList());
            return Page();
        }

        var files = Session.Draft.Attachments.ToDictionary(a => a.Id);
        var documents = AttachmentReferences.All(form, result.Data)
            .Where(r => files.ContainsKey(r.Id))
            .Select(r => files[r.Id])
            .Select(a => new IntakeDocument(a.Id, "evidence", a.FieldPath, a.FileName, a.ContentType, a.Size, a.Sha256))
            .ToList();
        var tenant = current.Required;
        var service = Session.Service;
        var culture = CultureInfo.CurrentUICulture;
        await intake.SubmitAsync(new IntakeRequest(
                tenant,
                service.Intake,
                result.Data,
                documents,
                "portal",
                ApplicationFlow.ActorOf(Session.CitizenId),
                HttpContext.TraceIdentifier,
                DraftId: Session.Draft.Id,
                Language: culture.TwoLetterISOLanguageName),
            receipt: null,
            ct);
        return Redirect($"{Request.PathBase}/antrag/{draftId}/eingang");
    }

    private async Task<IActionResult?> LoadAsync(Guid draftId, CancellationToken ct)
    {
        var session = await flow.OpenAsync(HttpContext, current.Required, draftId, ct);
        if (session is null)
        {
            return NotFound();
        }
        if (session.Draft.CaseId is not null)
        {
            return Redirect($"{Request.PathBase}/antrag/{draftId}/eingang");
        }
        Session = session;
        Pages = session.VisiblePages(session.Draft.Data, flow.Time);
        MissingAssurance = ApplicationFlow.MissingAssurance(User, session.Service);
        return null;
    }

    private void Show(IReadOnlyList<ShownError> errors) =>
        View = new FormView(Session.Form, Session.Draft.Data, errors, Session.Draft.Attachments, CultureInfo.CurrentUICulture, flow.Time);

    /// <summary>The page of the form a path's field is on, for the "change" link of an error.</summary>
    public string? PageOf(string path) => View.FieldAt(path)?.Group.Page.Id ?? Session.Form.FindGroup(path.Split('[', '.')[0])?.Page.Id;
}
