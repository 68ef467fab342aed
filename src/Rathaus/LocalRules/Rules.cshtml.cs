using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Rathaus.DogTax;
using Rathaus.Forms;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Web;
using Rathaus.WasteCollection;

namespace Rathaus.LocalRules;

/// <summary>
/// The tenant admin's page of the rules the end-to-end services compute with (/verwaltung/regeln): the versions of the
/// dog tax statute and the bulky-waste calendar, each replaced or extended by uploading a file in the import format
/// of docs/services.md. A file with any mistake changes nothing; the page lists every mistake.
/// </summary>
[Authorize(Policy = Policies.TenantAdmin)]
public sealed class RulesModel(DogTaxRegister statutes, CollectionCalendar calendar, CurrentTenant current, TimeProvider time,
    IStringLocalizer<LocalRulesText> text) : PageModel
{
    private const long MaxFileBytes = ImportProblems.MaxBodyBytes;

    public IReadOnlyList<StoredStatute> Statutes { get; private set; } = [];

    public IReadOnlyList<StoredDistrict> Districts { get; private set; } = [];

    public FormErrors Errors { get; } = new();

    /// <summary>The import's problems as the reader names them (JSON path or line), under the error summary.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public string? Done { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostStatuteAsync(IFormFile? datei, CancellationToken ct)
    {
        var content = await ReadAsync(datei, "datei-satzung", ct);
        if (content is not null)
        {
            try
            {
                var statute = DogTaxStatuteReader.Read(content);
                await statutes.ImportAsync(current.Required.Id, statute, "staff:" + StaffId, ct);
                Done = text["Statute.Done", statute.ValidFrom.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture)];
            }
            catch (DogTaxStatuteException e)
            {
                Errors.Add("datei-satzung", text["Statute.Refused"]);
                Problems = e.Problems;
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCalendarAsync(IFormFile? datei, CancellationToken ct)
    {
        var content = await ReadAsync(datei, "datei-kalender", ct);
        if (content is not null)
        {
            try
            {
                var result = await calendar.ImportAsync(current.Required.Id, WasteCalendarReader.Read(datei!.FileName, content), ct);
                Done = text["Calendar.Done", result.Districts, result.Streets, result.Dates];
            }
            catch (WasteCalendarException e)
            {
                Errors.Add("datei-kalender", text["Calendar.Refused"]);
                Problems = e.Problems;
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    private string StaffId => User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "?";

    private async Task<string?> ReadAsync(IFormFile? file, string field, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Errors.Add(field, text["File.Missing"]);
            return null;
        }
        if (file.Length > MaxFileBytes)
        {
            Errors.Add(field, text["File.TooLarge"]);
            return null;
        }
        using var reader = new StreamReader(file.OpenReadStream(), new System.Text.UTF8Encoding(false));
        return await reader.ReadToEndAsync(ct);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Statutes = await statutes.ListAsync(current.Required.Id, ct);
        Districts = await calendar.ListAsync(current.Required.Id, FormClock.Today(time), ct);
    }
}
