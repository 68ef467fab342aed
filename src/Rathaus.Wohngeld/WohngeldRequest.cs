namespace Rathaus.Wohngeld;

/// <summary>
/// Input of the short calculation (<c>GET /api/v1/wohngeld/berechnung</c>): the monthly total income Y is already known.
/// </summary>
/// <param name="HouseholdMembers">Number of household members to be considered (≥ 1).</param>
/// <param name="MonthlyRent">Monthly rent incl. service charges but without heating (Bruttokaltmiete), or the
/// owner's monthly burden (Belastung), in euros.</param>
/// <param name="RentLevel">Mietstufe of the municipality, 1 (I) to 7 (VII).</param>
/// <param name="MonthlyIncome">Monthly total income Y (§ 13 (2) WoGG) in euros.</param>
/// <param name="ReferenceDate">The month the calculation is for; selects the parameter set.</param>
public sealed record WohngeldRequest(
    int HouseholdMembers,
    decimal MonthlyRent,
    int RentLevel,
    decimal MonthlyIncome,
    DateOnly ReferenceDate);
