namespace Rathaus.Wohngeld;

/// <summary>
/// Result of a Wohngeld calculation with every intermediate value of § 11, § 12, § 19 and Anlage 3 WoGG, so a
/// caseworker can check it line by line (<see cref="Steps"/>).
/// </summary>
public sealed record WohngeldResult
{
    /// <summary>Monthly Wohngeld in whole euros; 0 if the formula gives nothing or § 21 Nr. 1 applies.</summary>
    public required int Wohngeld { get; init; }

    /// <summary>M: the rent or burden used in the formula (after the Anlage 3 minimum).</summary>
    public required decimal M { get; init; }

    /// <summary>Y: the monthly total income used in the formula (after the Anlage 3 minimum).</summary>
    public required decimal Y { get; init; }

    /// <summary>Coefficient a (Anlage 2).</summary>
    public required decimal A { get; init; }

    /// <summary>Coefficient b (Anlage 2).</summary>
    public required decimal B { get; init; }

    /// <summary>Coefficient c (Anlage 2).</summary>
    public required decimal C { get; init; }

    /// <summary>z1 = a + b·M + c·Y.</summary>
    public required decimal Z1 { get; init; }

    /// <summary>z2 = z1·Y.</summary>
    public required decimal Z2 { get; init; }

    /// <summary>z3 = M − z2.</summary>
    public required decimal Z3 { get; init; }

    /// <summary>z4 = 1.15·z3, the unrounded monthly Wohngeld for up to twelve members.</summary>
    public required decimal Z4 { get; init; }

    /// <summary>Number of household members as entered.</summary>
    public required int HouseholdMembers { get; init; }

    /// <summary>Members the formula and the tables were applied for (at most 12, § 19 (3)).</summary>
    public required int FormulaMembers { get; init; }

    /// <summary>Mietstufe 1..7.</summary>
    public required int RentLevel { get; init; }

    /// <summary>Rent or burden as entered.</summary>
    public required decimal Rent { get; init; }

    /// <summary>Höchstbetrag of Anlage 1.</summary>
    public required decimal Ceiling { get; init; }

    /// <summary>Klimakomponente of § 12 (7), added to the Höchstbetrag.</summary>
    public required decimal ClimateComponent { get; init; }

    /// <summary>Höchstbetrag plus Klimakomponente: the cap on the rent (§ 11 (1) Nr. 1).</summary>
    public required decimal CeilingIncludingClimateComponent { get; init; }

    /// <summary>True if the rent was above the cap and was cut to it.</summary>
    public required bool RentCapped { get; init; }

    /// <summary>The rent up to the cap.</summary>
    public required decimal RentConsidered { get; init; }

    /// <summary>Heizkostenentlastungsbetrag of § 12 (6), added to the rent (§ 11 (1) Nr. 2).</summary>
    public required decimal HeatingRelief { get; init; }

    /// <summary>The rent or burden to be considered under § 11 (1), before the Anlage 3 minimum.</summary>
    public required decimal RentToBeConsidered { get; init; }

    /// <summary>Monthly total income as entered.</summary>
    public required decimal MonthlyIncome { get; init; }

    /// <summary>True if M was raised to the Anlage 3 minimum.</summary>
    public required bool MinimumMApplied { get; init; }

    /// <summary>True if Y was raised to the Anlage 3 minimum.</summary>
    public required bool MinimumYApplied { get; init; }

    /// <summary>The formula result rounded to whole euros (Anlage 3 Nr. 3), 0 if negative.</summary>
    public required int RoundedFormulaAmount { get; init; }

    /// <summary>§ 19 (3) supplement for the 13th and further members (0 for up to 12).</summary>
    public required decimal SupplementAbove12 { get; init; }

    /// <summary>True if an amount was computed but is below the § 21 Nr. 1 minimum, so none is paid.</summary>
    public required bool BelowMinimumPayment { get; init; }

    /// <summary>First day of the parameter set used.</summary>
    public required DateOnly ParameterSetValidFrom { get; init; }

    /// <summary>The calculation step by step, German and English.</summary>
    public required IReadOnlyList<CalculationStep> Steps { get; init; }
}
