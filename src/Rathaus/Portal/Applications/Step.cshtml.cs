using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Rathaus.Forms;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Uploads;

namespace Rathaus.Portal.Applications;

/// <summary>
/// One page of an application form. Every submit saves what was typed into the draft (also when it is invalid, so
/// nothing is lost); "next" validates this page with the form's rules and goes on only when they hold.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = StepModel.MaxRequestBytes, ValueCountLimit = 2000)]
[RequestSizeLimit(StepModel.MaxRequestBytes)]
public sealed class StepModel(ApplicationFlow flow, CurrentTenant current, IUploadInspector uploads, IStringLocalizer<ApplicationText> text) : PageModel
{
    /// <summary>The largest page post: one file at the per-file limit and the form fields, with room to spare.</summary>
    public const long MaxRequestBytes = 64L * 1024 * 1024;

    public DraftSession Session { get; private set; } = null!;

    public FormPage FormPage { get; private set; } = null!;

    public FormView View { get; private set; } = null!;

    public int PageNumber { get; private set; }

    public int PageCount { get; private set; }

    public string? PreviousPageId { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid draftId, string pageId, CancellationToken ct)
    {
        if (await LoadAsync(draftId, pageId, ct) is { } failure)
        {
            return failure;
        }
        if (Session.Draft.CaseId is not null)
        {
            return Redirect($"{Request.PathBase}/antrag/{draftId}/eingang");
        }
        Show(Session.Draft.Data, []);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid draftId, string pageId, string? aktion, CancellationToken ct)
    {
        if (await LoadAsync(draftId, pageId, ct) is { } failure)
        {
            return failure;
        }
        if (Session.Draft.CaseId is not null)
        {
            return Redirect($"{Request.PathBase}/antrag/{draftId}/eingang");
        }
        var form = Session.Form;
        var data = Session.Draft.Data;
        data = FormBinder.Apply(form, data, FormPage.Id, Posted(), CultureInfo.CurrentUICulture, flow.Time);
        var errors = new List<ShownError>();
        var attachments = Session.Draft.Attachments.ToList();
        await StoreUploadsAsync(data, attachments, errors, ct);

        aktion ??= "weiter";
        if (aktion.StartsWith("hinzufuegen:", StringComparison.Ordinal) && form.FindGroup(aktion["hinzufuegen:".Length..]) is { Repeatable: true } added)
        {
            data = FormBinder.AddItem(form, data, added.Id);
            var index = Math.Max(0, ((data[added.Id] as JsonArray)?.Count ?? 1) - 1);
            await SaveAsync(data, attachments, ct);
            return Redirect($"{Request.PathBase}/antrag/{draftId}/seite/{FormPage.Id}#{FormView.IdOf(added.PathAt(index))}");
        }
        if (aktion.StartsWith("entfernen:", StringComparison.Ordinal))
        {
            if (ItemPath.TryParse(aktion["entfernen:".Length..], out var groupId, out var itemIndex) && form.FindGroup(groupId) is { Repeatable: true })
            {
                data = FormBinder.RemoveItem(form, data, groupId, itemIndex);
            }
            await SaveAsync(data, attachments, ct);
            return Redirect($"{Request.PathBase}/antrag/{draftId}/seite/{FormPage.Id}");
        }
        if (aktion.StartsWith("datei-entfernen:", StringComparison.Ordinal) && Guid.TryParse(aktion["datei-entfernen:".Length..], out var fileId))
        {
            AttachmentReferences.Remove(data, fileId);
            await SaveAsync(data, attachments, ct);
            return Redirect($"{Request.PathBase}/antrag/{draftId}/seite/{FormPage.Id}");
        }
        if (aktion == "zurueck")
        {
            await SaveAsync(data, attachments, ct);
            return Redirect(PreviousPageId is null
                ? $"{Request.PathBase}/leistungen/{Session.Service.Id}/antrag"
                : $"{Request.PathBase}/antrag/{draftId}/seite/{PreviousPageId}");
        }
        if (aktion == "speichern")
        {
            await SaveAsync(data, attachments, ct);
            return Redirect($"{Request.PathBase}/antrag/{draftId}/gespeichert");
        }

        var result = FormValidator.Validate(form, data, FormPage.Id, flow.Time);
        errors.AddRange(ShownError.From(result.Errors, CultureInfo.CurrentUICulture));
        data = await SaveAsync(data, attachments, ct);
        if (errors.Count > 0)
        {
            Session = Session with { Draft = Session.Draft with { Data = data, Attachments = attachments } };
            Show(data, errors);
            return Page();
        }
        var pages = Session.VisiblePages(data, flow.Time);
        var next = pages.SkipWhile(p => p.Id != FormPage.Id).Skip(1).FirstOrDefault();
        return Redirect(next is null
            ? $"{Request.PathBase}/antrag/{draftId}/pruefen"
            : $"{Request.PathBase}/antrag/{draftId}/seite/{next.Id}");
    }

    private async Task<IActionResult?> LoadAsync(Guid draftId, string pageId, CancellationToken ct)
    {
        var session = await flow.OpenAsync(HttpContext, current.Required, draftId, ct);
        if (session?.Form.FindPage(pageId) is not { } page)
        {
            return NotFound();
        }
        Session = session;
        FormPage = page;
        var pages = session.VisiblePages(session.Draft.Data, flow.Time);
        var index = pages.ToList().FindIndex(p => p.Id == page.Id);
        PageNumber = index < 0 ? 1 : index + 1;
        PageCount = Math.Max(pages.Count, PageNumber);
        PreviousPageId = index > 0 ? pages[index - 1].Id : null;
        return null;
    }

    private void Show(JsonObject data, IReadOnlyList<ShownError> errors) =>
        View = new FormView(Session.Form, data, errors, Session.Draft.Attachments, CultureInfo.CurrentUICulture, flow.Time);

    private Dictionary<string, string[]> Posted()
    {
        var posted = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, values) in Request.Form)
        {
            if (key is "__RequestVerificationToken" or "aktion")
            {
                continue;
            }
            posted[key] = values.Where(v => v is not null).Select(v => v!).ToArray();
        }
        return posted;
    }

    /// <summary>Checks and stores the files posted for this page's file fields; a refused file becomes an error on its field.</summary>
    private async Task StoreUploadsAsync(JsonObject data, List<DraftAttachment> attachments, List<ShownError> errors, CancellationToken ct)
    {
        var soFar = new CaseUploads(attachments.Count, attachments.Sum(a => a.Size));
        foreach (var file in Request.Form.Files)
        {
            if (file.Length == 0 && string.IsNullOrEmpty(file.FileName))
            {
                continue; // an empty file input
            }
            var target = AttachmentReferences.FileField(Session.Form, FormPage, data, file.Name);
            if (target is null)
            {
                continue;
            }
            var (field, index) = target.Value;
            if (AttachmentReferences.Count(data, field, index) >= field.MaxFiles)
            {
                errors.Add(new ShownError(field.PathAt(index), text["File.TooMany", field.MaxFiles]));
                continue;
            }
            await using var stream = file.OpenReadStream();
            var result = await uploads.CheckAndStoreAsync(stream, file.FileName, soFar, ct);
            if (result.File is not { } stored)
            {
                errors.Add(new ShownError(field.PathAt(index), result.Rejection!.Message));
                continue;
            }
            var attachment = new DraftAttachment(Guid.CreateVersion7(), field.PathAt(index), stored.FileName, stored.ContentType, stored.Blob.Size, stored.Blob.Sha256);
            attachments.Add(attachment);
            soFar = soFar.Add(stored.Blob);
            AttachmentReferences.Add(data, field, index, attachment);
        }
    }

    /// <summary>
    /// Saves the data and the files it refers to; files no longer referred to are dropped from the draft. Control
    /// characters (other than line breaks and tabs) and half surrogate pairs are removed first: the check reports
    /// them on "Weiter", but every button saves, and PostgreSQL's jsonb refuses \u0000. Returns what was saved.
    /// </summary>
    private async Task<JsonObject> SaveAsync(JsonObject data, List<DraftAttachment> attachments, CancellationToken ct)
    {
        data = (JsonObject)DraftText.WithoutControlCharacters(data)!;
        var referenced = AttachmentReferences.Ids(Session.Form, data);
        var saved = Session.Draft.Attachments.Select(a => a.Id).ToHashSet();
        var added = attachments.Where(a => referenced.Contains(a.Id) && !saved.Contains(a.Id)).ToList();
        var removed = Session.Draft.Attachments.Where(a => !referenced.Contains(a.Id)).Select(a => a.Id).ToList();
        attachments.RemoveAll(a => !referenced.Contains(a.Id));
        await flow.Drafts.SaveAsync(current.Required.Id, Session.Draft, data, added, removed, ct);
        return data;
    }
}
