using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;
using Rathaus.Cases;
using Rathaus.Forms;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Web;
using Rathaus.Workbench;

namespace Rathaus.Privacy;

/// <summary>
/// The auditor's view of the tenant's audit trail (/verwaltung/protokoll): filtered by period, action, case reference
/// and actor, newest first, 50 a page; the filtered entries as CSV (recorded in the audit trail before they are sent);
/// the chain's status and, on request, a full verification. Only the auditor role of the tenant.
/// </summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class AuditLogPageModel(AuditLog log, AuditChain chain, CurrentTenant current, IStringLocalizer<PrivacyText> text) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "von")]
    public string? FromText { get; set; }

    [BindProperty(SupportsGet = true, Name = "bis")]
    public string? ToText { get; set; }

    [BindProperty(SupportsGet = true, Name = "aktion")]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true, Name = "aktenzeichen")]
    public string? Reference { get; set; }

    [BindProperty(SupportsGet = true, Name = "wer")]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "vor")]
    public long? Before { get; set; }

    public FormErrors Errors { get; } = new();

    public IReadOnlyList<AuditRow> Entries { get; private set; } = [];

    public IReadOnlyList<string> Actions { get; private set; } = [];

    public long? Older { get; private set; }

    public ChainStatus Chain { get; private set; } = new(0, 0);

    public AuditVerification? Verification { get; private set; }

    /// <summary>The query string of the current filter (without the page), for links and the CSV form.</summary>
    public IEnumerable<(string Name, string Value)> FilterFields => new[]
    {
        ("von", FromText), ("bis", ToText), ("aktion", Action), ("aktenzeichen", Reference), ("wer", Actor),
    }.Where(f => !string.IsNullOrWhiteSpace(f.Item2)).Select(f => (f.Item1, f.Item2!));

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(Filter(), ct);

    /// <summary>The filtered entries as CSV, streamed; the export is recorded first.</summary>
    public async Task<IActionResult> OnPostCsvAsync(CancellationToken ct)
    {
        var filter = Filter();
        if (Errors.Any)
        {
            await LoadAsync(filter, ct);
            return Page();
        }
        var tenant = current.Required;
        await log.RecordExportAsync(tenant.Id, StaffMember.From(User).Id, filter, HttpContext.TraceIdentifier, ct);
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName($"protokoll-{tenant.Slug}-{DateTimeOffset.UtcNow.ToString("yyyy-MM-dd-HHmm", CultureInfo.InvariantCulture)}.csv");
        Response.ContentType = Csv.ContentType;
        Response.Headers.ContentDisposition = disposition.ToString();
        Response.Headers.CacheControl = "private, no-store";
        Response.Headers.XContentTypeOptions = "nosniff";
        await log.WriteCsvAsync(tenant.Id, filter, Response.Body, ct);
        return new EmptyResult();
    }

    /// <summary>Recomputes the tenant's whole chain (docs/audit.md) and shows the result with the page.</summary>
    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        Verification = await chain.VerifyAsync(current.Required.Id, ct);
        await LoadAsync(Filter(), ct);
        return Page();
    }

    private async Task LoadAsync(AuditFilter filter, CancellationToken ct)
    {
        var tenant = current.Required.Id;
        if (!Errors.Any && Before is not <= 0)
        {
            var page = await log.PageAsync(tenant, filter, Before, AuditLog.PageSize + 1, ct);
            Entries = page.Take(AuditLog.PageSize).ToList();
            Older = page.Count > AuditLog.PageSize ? Entries[^1].Id : null;
        }
        Actions = await log.ActionsAsync(tenant, ct);
        Chain = await log.ChainStatusAsync(tenant, ct);
    }

    private AuditFilter Filter()
    {
        var from = Read(FromText, "von");
        var to = Read(ToText, "bis");
        if (from is { } f && to is { } t && t < f)
        {
            Errors.Add("bis", text["Log.ToBeforeFrom"]);
        }
        return new AuditFilter(from, to, Action, Reference, Actor);
    }

    private DateOnly? Read(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (FormBinder.ParseDate(value) is { } date)
        {
            return date;
        }
        Errors.Add(field, text["Log.BadDate"]);
        return null;
    }
}
