using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Workbench;

namespace Rathaus.Records;

/// <summary>Texts of the disposal page (Resources/Records/DisposalText.resx and .en.resx).</summary>
#pragma warning disable CA1052 // Names the resource for the localizer; never instantiated.
public sealed class DisposalText
#pragma warning restore CA1052
{
    private DisposalText()
    {
    }
}

/// <summary>
/// Aussonderung for records managers and tenant admins: the files the daily job proposed, approval and
/// postponement, the disposal run, and the tombstones of disposed files (docs/records.md, "Disposal").
/// </summary>
[Authorize(Policy = Policies.Records)]
public sealed class DisposalModel(RecordDisposals disposals, CurrentTenant current, IStringLocalizer<DisposalText> text) : PageModel
{
    public IReadOnlyList<RecordDisposal> Proposed { get; private set; } = [];

    public IReadOnlyList<RecordDisposal> Approved { get; private set; } = [];

    public IReadOnlyList<RecordDisposal> Postponed { get; private set; } = [];

    public IReadOnlyList<RecordDisposal> Disposed { get; private set; } = [];

    public string? Confirmation { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(string? meldung, CancellationToken ct)
    {
        Confirmation = meldung switch
        {
            "freigegeben" => text["Confirm.Approved"].Value,
            "verschoben" => text["Confirm.Postponed"].Value,
            "ausgesondert" => text["Confirm.Disposed"].Value,
            _ => null,
        };
        await LoadAsync(ct);
    }

    public Task<IActionResult> OnPostApproveAsync(Guid fileId, CancellationToken ct) =>
        DecideAsync("freigegeben", () => disposals.ApproveAsync(current.Required.Id, fileId, StaffMember.From(User).Id, Actor(), ct), ct);

    public Task<IActionResult> OnPostPostponeAsync(Guid fileId, string? bis, string? grund, CancellationToken ct) =>
        DecideAsync("verschoben", () =>
            DateOnly.TryParseExact(bis, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var until)
                ? disposals.PostponeAsync(current.Required.Id, fileId, until, grund, StaffMember.From(User).Id, Actor(), ct)
                : throw new RecordsException("bad-request", text["Error.Date"]), ct);

    public Task<IActionResult> OnPostRunAsync(CancellationToken ct) =>
        DecideAsync("ausgesondert", () => disposals.RunAsync(current.Required.Id, Actor(), null, ct), ct);

    private async Task<IActionResult> DecideAsync(string done, Func<Task> work, CancellationToken ct)
    {
        try
        {
            await work();
            return Redirect($"~/verwaltung/aussonderung?meldung={done}");
        }
        catch (RecordsException e)
        {
            Problem = e.Message;
            Response.StatusCode = e.Code == "not-found" ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var all = await disposals.ListAsync(current.Required.Id, ct: ct);
        Proposed = all.Where(d => d.State == "proposed").ToList();
        Approved = all.Where(d => d.State == "approved").ToList();
        Postponed = all.Where(d => d.State == "postponed").ToList();
        Disposed = all.Where(d => d.State == "disposed").ToList();
    }

    private RecordsActor Actor() => new("staff", StaffMember.From(User).Id.ToString(),
        User.IsInRole(Roles.RecordsManager) ? Roles.RecordsManager : Roles.TenantAdmin, HttpContext.TraceIdentifier);
}
