using System.Text.Json.Serialization;
using Rathaus.Wohngeld;

namespace Rathaus.WohngeldModule;

/// <summary>The calculation as the API returns it: the amount, the formula values and the steps to check them.</summary>
public sealed record WohngeldResponse
{
    [JsonPropertyName("wohngeld")] public required int Wohngeld { get; init; }
    [JsonPropertyName("M")] public required decimal M { get; init; }
    [JsonPropertyName("Y")] public required decimal Y { get; init; }
    [JsonPropertyName("a")] public required decimal A { get; init; }
    [JsonPropertyName("b")] public required decimal B { get; init; }
    [JsonPropertyName("c")] public required decimal C { get; init; }
    [JsonPropertyName("z1")] public required decimal Z1 { get; init; }
    [JsonPropertyName("z2")] public required decimal Z2 { get; init; }
    [JsonPropertyName("z3")] public required decimal Z3 { get; init; }
    [JsonPropertyName("z4")] public required decimal Z4 { get; init; }
    [JsonPropertyName("haushaltsmitglieder")] public required int HouseholdMembers { get; init; }
    [JsonPropertyName("mietstufe")] public required int RentLevel { get; init; }
    [JsonPropertyName("hoechstbetrag")] public required decimal Ceiling { get; init; }
    [JsonPropertyName("klimakomponente")] public required decimal ClimateComponent { get; init; }
    [JsonPropertyName("heizkostenentlastung")] public required decimal HeatingRelief { get; init; }
    [JsonPropertyName("beruecksichtigteMiete")] public required decimal RentToBeConsidered { get; init; }
    [JsonPropertyName("mindestbetragUnterschritten")] public required bool BelowMinimumPayment { get; init; }
    [JsonPropertyName("parameterGueltigAb")] public required DateOnly ParameterSetValidFrom { get; init; }
    [JsonPropertyName("jahresgesamteinkommen")] public decimal? AnnualTotalIncome { get; init; }
    [JsonPropertyName("schritte")] public required IReadOnlyList<ExplanationStep> Steps { get; init; }

    /// <summary>One line of the explanation, German and English.</summary>
    public sealed record ExplanationStep(
        [property: JsonPropertyName("schluessel")] string Key,
        [property: JsonPropertyName("de")] string German,
        [property: JsonPropertyName("en")] string English,
        [property: JsonPropertyName("wert")] decimal? Value);

    public static WohngeldResponse From(WohngeldResult r, IncomeResult? income) => new()
    {
        Wohngeld = r.Wohngeld,
        M = r.M,
        Y = r.Y,
        A = r.A,
        B = r.B,
        C = r.C,
        Z1 = r.Z1,
        Z2 = r.Z2,
        Z3 = r.Z3,
        Z4 = r.Z4,
        HouseholdMembers = r.HouseholdMembers,
        RentLevel = r.RentLevel,
        Ceiling = r.Ceiling,
        ClimateComponent = r.ClimateComponent,
        HeatingRelief = r.HeatingRelief,
        RentToBeConsidered = r.RentToBeConsidered,
        BelowMinimumPayment = r.BelowMinimumPayment,
        ParameterSetValidFrom = r.ParameterSetValidFrom,
        AnnualTotalIncome = income?.AnnualTotalIncome,
        Steps = (income?.Steps ?? []).Concat(r.Steps).Select(s => new ExplanationStep(s.Key, s.German, s.English, s.Value)).ToList(),
    };
}
