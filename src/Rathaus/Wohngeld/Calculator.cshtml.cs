using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Web;
using Rathaus.Wohngeld;

namespace Rathaus.WohngeldModule;

/// <summary>Texts of the Wohngeld module (Resources/WohngeldModule/WohngeldText.resx and .en.resx).</summary>
#pragma warning disable CA1052 // Names the resource for the localizer; never instantiated.
public sealed class WohngeldText
#pragma warning restore CA1052
{
    private WohngeldText()
    {
    }
}

/// <summary>
/// Wohngeldrechner for citizens, without sign-in: household, rent and heating, income per member → the amount with
/// the calculation step by step. Nothing entered is stored. The same calculation as the API.
/// </summary>
public sealed class CalculatorModel(CurrentTenant current, TimeProvider time, IStringLocalizer<WohngeldText> text) : PageModel
{
    public const int MaxMembers = 20;

    /// <summary>One member's row of the form, as typed (amounts may use a decimal comma).</summary>
    public sealed class MemberForm
    {
        public string? Brutto { get; set; }
        public string? Werbungskosten { get; set; }
        public bool Steuern { get; set; }
        public bool Krankenversicherung { get; set; }
        public bool Rentenversicherung { get; set; }
        public bool Schwerbehindert { get; set; }
        public bool Alleinerziehend { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public int Anzahl { get; set; } = 1;

    [BindProperty]
    public string? Miete { get; set; }

    [BindProperty]
    public string? Heizkosten { get; set; }

    [BindProperty]
    public int? Mietstufe { get; set; }

    [BindProperty]
    public List<MemberForm> Mitglieder { get; set; } = [];

    public FormErrors Errors { get; } = new();

    public WohngeldResponse? Result { get; private set; }

    public int? TenantRentLevel => RentLevelDirectory.Embedded.Find(current.Required.Ags)?.RentLevel;

    public void OnGet()
    {
        Anzahl = Math.Clamp(Anzahl, 1, MaxMembers);
        Mietstufe ??= TenantRentLevel;
        Mitglieder = Enumerable.Range(0, Anzahl).Select(_ => new MemberForm()).ToList();
    }

    public IActionResult OnPost()
    {
        Anzahl = Math.Clamp(Mitglieder.Count, 1, MaxMembers);
        while (Mitglieder.Count < Anzahl)
        {
            Mitglieder.Add(new MemberForm());
        }
        var rent = Amount("miete", Miete, required: true);
        var heating = Amount("heizkosten", Heizkosten, required: false) ?? 0;
        if (Mietstufe is not (>= 1 and <= 7))
        {
            Errors.Add("mietstufe", text["Error.RentLevel"]);
        }
        var members = new List<HouseholdMemberIncome>();
        for (var i = 0; i < Mitglieder.Count; i++)
        {
            var m = Mitglieder[i];
            members.Add(new HouseholdMemberIncome
            {
                GrossAnnualIncome = Amount($"m{i}-brutto", m.Brutto, required: false, i + 1) ?? 0,
                IncomeRelatedExpenses = Amount($"m{i}-werbungskosten", m.Werbungskosten, required: false, i + 1) ?? 0,
                PaysIncomeTax = m.Steuern,
                PaysHealthAndCareInsurance = m.Krankenversicherung,
                PaysPensionContributions = m.Rentenversicherung,
                IsSeverelyDisabledWithCareNeed = m.Schwerbehindert,
                IsSingleParent = m.Alleinerziehend,
            });
        }
        if (rent is { } r && heating > r)
        {
            Errors.Add("heizkosten", text["Error.HeatingAboveRent"]);
        }
        if (Errors.Any)
        {
            return Page();
        }
        try
        {
            var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
            var result = new WohngeldCalculator().CalculateDetailed(new DetailedWohngeldRequest(members, rent!.Value - heating, Mietstufe!.Value, today));
            Result = WohngeldResponse.From(result.Wohngeld, result.Income);
        }
        catch (WohngeldInputException e)
        {
            Errors.Add("miete", CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? e.MessageEnglish : e.MessageGerman);
        }
        return Page();
    }

    /// <summary>Reads a euro amount typed with a decimal comma or point; records an error naming the field.</summary>
    private decimal? Amount(string field, string? value, bool required, int? member = null)
    {
        var label = member is null ? text["Field." + field] : text["Member.Field", member, text["Field." + field[(field.IndexOf('-', StringComparison.Ordinal) + 1)..]]];
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Errors.Add(field, text["Error.Missing", label]);
            }
            return null;
        }
        var normalized = value.Trim().Replace("€", "", StringComparison.Ordinal).Trim().Replace(',', '.');
        if (normalized.Count(c => c == '.') > 1
            || !decimal.TryParse(normalized, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            || amount > 10_000_000)
        {
            Errors.Add(field, text["Error.NotAnAmount", label]);
            return null;
        }
        return amount;
    }
}
