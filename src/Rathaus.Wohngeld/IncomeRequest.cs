namespace Rathaus.Wohngeld;

/// <summary>Input of the income calculation: every household member to be considered, with their income.</summary>
/// <param name="Members">One entry per member, including members without income.</param>
/// <param name="ReferenceDate">The month the calculation is for; selects the parameter set.</param>
/// <param name="AnnualMaintenanceDeduction">Annual deduction for maintenance paid (§ 18 WoGG), already determined
/// within the § 18 limits by the caseworker; 0 if none.</param>
public sealed record IncomeRequest(
    IReadOnlyList<HouseholdMemberIncome> Members,
    DateOnly ReferenceDate,
    decimal AnnualMaintenanceDeduction = 0);
