using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Rathaus.Platform.Web;
using Rathaus.Wohngeld;

namespace Rathaus.WohngeldModule;

/// <summary>The housing-benefit calculation as an API (<c>/api/v1/wohngeld</c>); no sign-in, nothing stored.</summary>
public static class WohngeldApi
{
    /// <summary>Detailed input: per-member incomes instead of a ready monthly total income.</summary>
    public sealed record DetailedInput(
        IReadOnlyList<MemberInput>? Mitglieder, decimal? Miete, int? Mietstufe, DateOnly? Stichtag, decimal? Unterhaltsabzug);

    /// <summary>One household member: gross annual income, income-related expenses and the facts of §§ 16, 17 WoGG.</summary>
    public sealed record MemberInput(
        decimal Bruttojahreseinkommen,
        decimal Werbungskosten = 0,
        bool Steuern = false,
        bool KrankenUndPflegeversicherung = false,
        bool Rentenversicherung = false,
        bool SchwerbehindertMitPflegebedarf = false,
        bool NsVerfolgt = false,
        bool Alleinerziehend = false,
        decimal KindErwerbseinkommen = 0);

    public static IEndpointRouteBuilder MapWohngeldApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/wohngeld").WithTags("Wohngeld");
        group.MapGet("/berechnung", Calculate)
            .WithName("WohngeldBerechnung")
            .WithSummary("Wohngeld per § 19 WoGG from household size, rent without heating, Mietstufe and the monthly total income Y.");
        group.MapPost("/berechnung", CalculateDetailedAsync)
            .Accepts<DetailedInput>("application/json")
            .WithName("WohngeldBerechnungDetailliert")
            .WithSummary("Wohngeld from per-member gross annual incomes (§§ 14–17 WoGG): computes Y first, then § 19.")
            .DisableAntiforgery();
        return endpoints;
    }

    internal static Results<Ok<WohngeldResponse>, ValidationProblem> Calculate(
        string? haushaltsmitglieder, string? miete, string? mietstufe, string? einkommen, string? stichtag, TimeProvider time)
    {
        try
        {
            var request = new WohngeldRequest(
                ParseInt(ParameterNames.HouseholdMembers, haushaltsmitglieder),
                ParseDecimal(ParameterNames.Rent, miete),
                ParseInt(ParameterNames.RentLevel, mietstufe),
                ParseDecimal(ParameterNames.MonthlyIncome, einkommen),
                ParseDate(stichtag, time));
            return TypedResults.Ok(WohngeldResponse.From(new WohngeldCalculator().Calculate(request), null));
        }
        catch (WohngeldInputException e)
        {
            return Problem(e);
        }
    }

    /// <summary>Largest body: a household of a few members is a few hundred bytes.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>The web defaults (camelCase, case-insensitive), but a key given twice and deep nesting are refused.</summary>
    private static readonly JsonSerializerOptions BodyOptions = new(JsonSerializerDefaults.Web) { AllowDuplicateProperties = false, MaxDepth = 8 };

    /// <summary>
    /// The body is read here rather than bound by the framework, whose refusal of malformed JSON is an empty 400: too
    /// large, invalid UTF-8, malformed JSON, a duplicate key, a number out of range or a value of the wrong type each
    /// get a translated problem.
    /// </summary>
    internal static async Task<Results<Ok<WohngeldResponse>, ValidationProblem>> CalculateDetailedAsync(HttpRequest request, TimeProvider time, CancellationToken ct)
    {
        try
        {
            return CalculateDetailed(await ReadAsync(request, ct), time);
        }
        catch (WohngeldInputException e)
        {
            return Problem(e);
        }
    }

    private static async Task<DetailedInput> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var malformed = new WohngeldInputException("body",
            "Der Inhalt ist kein gültiges JSON der erwarteten Form (Zahlen im erlaubten Bereich, jeder Schlüssel nur einmal).",
            "The content is not valid JSON of the expected shape (numbers within range, every key only once).");
        var tooLarge = new WohngeldInputException("body",
            $"Der Inhalt ist zu groß: Erlaubt sind höchstens {MaxBodyBytes / 1024} KB.", $"The content is too large: at most {MaxBodyBytes / 1024} KB are allowed.");
        var (outcome, json) = await StrictUtf8.ReadBodyAsync(request, MaxBodyBytes, ct);
        if (outcome != BodyText.Read)
        {
            throw outcome == BodyText.TooLarge ? tooLarge : malformed;
        }
        try
        {
            return JsonSerializer.Deserialize<DetailedInput>(json, BodyOptions) ?? throw malformed;
        }
        catch (JsonException)
        {
            throw malformed;
        }
    }

    internal static Results<Ok<WohngeldResponse>, ValidationProblem> CalculateDetailed(DetailedInput input, TimeProvider time)
    {
        try
        {
            if (input.Mitglieder is not { Count: > 0 } members)
            {
                throw new WohngeldInputException(ParameterNames.Members,
                    "Geben Sie mindestens ein Haushaltsmitglied an.", "Give at least one household member.");
            }
            var request = new DetailedWohngeldRequest(
                members.Select(m => new HouseholdMemberIncome
                {
                    GrossAnnualIncome = m.Bruttojahreseinkommen,
                    IncomeRelatedExpenses = m.Werbungskosten,
                    PaysIncomeTax = m.Steuern,
                    PaysHealthAndCareInsurance = m.KrankenUndPflegeversicherung,
                    PaysPensionContributions = m.Rentenversicherung,
                    IsSeverelyDisabledWithCareNeed = m.SchwerbehindertMitPflegebedarf,
                    IsPersecutionVictim = m.NsVerfolgt,
                    IsSingleParent = m.Alleinerziehend,
                    ChildEarningsFromEmployment = m.KindErwerbseinkommen,
                }).ToList(),
                input.Miete ?? throw Missing(ParameterNames.Rent),
                input.Mietstufe ?? throw Missing(ParameterNames.RentLevel),
                input.Stichtag ?? DateOnly.FromDateTime(time.GetLocalNow().DateTime),
                input.Unterhaltsabzug ?? 0);
            var result = new WohngeldCalculator().CalculateDetailed(request);
            return TypedResults.Ok(WohngeldResponse.From(result.Wohngeld, result.Income));
        }
        catch (WohngeldInputException e)
        {
            return Problem(e);
        }
    }

    internal static ValidationProblem Problem(WohngeldInputException e)
    {
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var message = english ? e.MessageEnglish : e.MessageGerman;
        return TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [e.ParameterName] = [message] },
            detail: message,
            title: english ? "The input is not valid." : "Die Eingabe ist nicht gültig.",
            extensions: new Dictionary<string, object?> { ["parameter"] = e.ParameterName });
    }

    private static WohngeldInputException Missing(string parameter) =>
        new(parameter, $"Der Wert '{parameter}' fehlt.", $"The value '{parameter}' is missing.");

    private static int ParseInt(string parameter, string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new WohngeldInputException(parameter,
                $"'{parameter}' muss eine ganze Zahl sein.", $"'{parameter}' must be a whole number.");

    private static decimal ParseDecimal(string parameter, string? value) =>
        decimal.TryParse(value, NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new WohngeldInputException(parameter,
                $"'{parameter}' muss ein Betrag in Euro sein, z. B. 650.50.", $"'{parameter}' must be an amount in euros, e.g. 650.50.");

    private static DateOnly ParseDate(string? value, TimeProvider time)
    {
        if (string.IsNullOrEmpty(value))
        {
            return DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        }
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new WohngeldInputException(ParameterNames.ReferenceDate,
                "'stichtag' muss ein Datum der Form JJJJ-MM-TT sein.", "'stichtag' must be a date of the form YYYY-MM-DD.");
    }
}
