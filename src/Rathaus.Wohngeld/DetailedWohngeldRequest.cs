namespace Rathaus.Wohngeld;

/// <summary>Input of the detailed calculation: incomes per member instead of a ready Y.</summary>
/// <param name="Members">Household members to be considered; their number is the household size.</param>
/// <param name="MonthlyRent">Monthly rent incl. service charges, without heating, or the burden, in euros.</param>
/// <param name="RentLevel">Mietstufe 1..7.</param>
/// <param name="ReferenceDate">The month the calculation is for.</param>
/// <param name="AnnualMaintenanceDeduction">§ 18 deduction per year, already determined; 0 if none.</param>
public sealed record DetailedWohngeldRequest(
    IReadOnlyList<HouseholdMemberIncome> Members,
    decimal MonthlyRent,
    int RentLevel,
    DateOnly ReferenceDate,
    decimal AnnualMaintenanceDeduction = 0);

/// <summary>Result of the detailed calculation: how Y was found, and the Wohngeld from it.</summary>
/// <param name="Income">The income calculation.</param>
/// <param name="Wohngeld">The Wohngeld calculation with Y from <paramref name="Income"/>.</param>
public sealed record DetailedWohngeldResult(IncomeResult Income, WohngeldResult Wohngeld);
