using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Rathaus.Forms;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Web;

namespace Rathaus.Workbench;

/// <summary>
/// The team lead's overview (/verwaltung/uebersicht): open and overdue tasks per department and per person, and the
/// print actions of a period (this year by default). Tenant administrators see every department, team leads their
/// own; for anyone else the page does not exist.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class OverviewModel(WorkloadOverview overview, CurrentTenant current, TimeProvider time, IStringLocalizer<WorkbenchText> text) : PageModel
{
    public Workload Workload { get; private set; } = null!;

    public FormErrors Errors { get; } = new();

    public string? FromText { get; private set; }

    public string? ToText { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? von, string? bis, CancellationToken ct)
    {
        var me = StaffMember.From(User);
        if (!me.SeesOverview)
        {
            return NotFound();
        }
        var today = FormClock.Today(time);
        var from = Read(von, "von", new DateOnly(today.Year, 1, 1));
        var to = Read(bis, "bis", today);
        if (!Errors.Any && to < from)
        {
            Errors.Add("bis", text["Overview.ToBeforeFrom"]);
        }
        if (Errors.Any)
        {
            (from, to) = (new DateOnly(today.Year, 1, 1), today);
        }
        FromText = von ?? from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        ToText = bis ?? to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Workload = await overview.LoadAsync(current.Required.Id, me, from, to, ct);
        return Page();
    }

    private DateOnly Read(string? value, string field, DateOnly fallback)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        if (FormBinder.ParseDate(value) is { } date)
        {
            return date;
        }
        Errors.Add(field, text["Overview.BadDate"]);
        return fallback;
    }
}
