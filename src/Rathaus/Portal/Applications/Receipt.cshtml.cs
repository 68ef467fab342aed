using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rathaus.Cases;
using Rathaus.Platform.Blobs;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Portal.Applications;

/// <summary>The receipt after submitting: the case reference and the receipt PDF. Shown only for a committed case.</summary>
public sealed class ReceiptModel(ApplicationFlow flow, CurrentTenant current, CaseReceipts receipts, PendingReceipts pending, IBlobStore blobs) : PageModel
{
    public DraftSession Session { get; private set; } = null!;

    public CaseReceipt Receipt { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid draftId, CancellationToken ct) =>
        await LoadAsync(draftId, ct) ?? Page();

    /// <summary>The receipt PDF, as filed with the case; written now if the background writer has not got to it yet.</summary>
    public async Task<IActionResult> OnGetPdfAsync(Guid draftId, CancellationToken ct)
    {
        if (await LoadAsync(draftId, ct) is { } failure)
        {
            return failure;
        }
        if (Receipt.ReceiptSha256 is null)
        {
            await pending.EnsureAsync(current.Required.Id, Receipt.CaseId, ct);
            Receipt = (await receipts.FindAsync(current.Required.Id, Receipt.CaseId, ct))!;
        }
        if (Receipt.ReceiptSha256 is not { } sha256 || await blobs.OpenReadAsync(sha256, ct) is not { } content)
        {
            return NotFound();
        }
        await receipts.RecordDownloadAsync(current.Required.Id, Receipt, ApplicationFlow.ActorOf(Session.CitizenId), HttpContext.TraceIdentifier, ct);
        return File(content, "application/pdf", Receipt.ReceiptFileName);
    }

    private async Task<IActionResult?> LoadAsync(Guid draftId, CancellationToken ct)
    {
        var session = await flow.OpenAsync(HttpContext, current.Required, draftId, ct);
        if (session is null)
        {
            return NotFound();
        }
        if (session.Draft.CaseId is not { } caseId)
        {
            return Redirect($"{Request.PathBase}/antrag/{draftId}/pruefen");
        }
        Session = session;
        Receipt = (await receipts.FindAsync(current.Required.Id, caseId, ct))!;
        return null;
    }
}
