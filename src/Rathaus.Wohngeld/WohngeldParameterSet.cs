namespace Rathaus.Wohngeld;

/// <summary>
/// All statutory values of one legal period (Rechtsstand), valid from <see cref="ValidFrom"/> until the next set
/// starts. Loaded from <c>Parameters/yyyy-MM-dd.json</c>.
/// </summary>
public sealed class WohngeldParameterSet
{
    /// <summary>Largest household the § 19 (1) formula is defined for; larger ones use § 19 (3).</summary>
    public const int MaxFormulaMembers = 12;

    private readonly FormulaCoefficients[] _coefficients;
    private readonly decimal[][] _ceilings;
    private readonly decimal[] _ceilingIncrements;
    private readonly decimal[] _heatingRelief;
    private readonly decimal _heatingReliefIncrement;
    private readonly decimal[] _climateComponent;
    private readonly decimal _climateComponentIncrement;
    private readonly (decimal M, decimal Y)[] _minimums;

    internal WohngeldParameterSet(
        DateOnly validFrom,
        IReadOnlyList<string> sources,
        decimal formulaFactor,
        FormulaCoefficients[] coefficients,
        decimal[][] ceilings,
        decimal[] ceilingIncrements,
        decimal[] heatingRelief,
        decimal heatingReliefIncrement,
        decimal[] climateComponent,
        decimal climateComponentIncrement,
        (decimal M, decimal Y)[] minimums,
        decimal supplementPerMemberAbove12,
        decimal minimumPayment,
        decimal flatDeductionRate,
        IncomeAllowances allowances)
    {
        ValidFrom = validFrom;
        Sources = sources;
        FormulaFactor = formulaFactor;
        _coefficients = coefficients;
        _ceilings = ceilings;
        _ceilingIncrements = ceilingIncrements;
        _heatingRelief = heatingRelief;
        _heatingReliefIncrement = heatingReliefIncrement;
        _climateComponent = climateComponent;
        _climateComponentIncrement = climateComponentIncrement;
        _minimums = minimums;
        SupplementPerMemberAbove12 = supplementPerMemberAbove12;
        MinimumPayment = minimumPayment;
        FlatDeductionRate = flatDeductionRate;
        Allowances = allowances;
    }

    /// <summary>First day this set applies (gültig ab).</summary>
    public DateOnly ValidFrom { get; }

    /// <summary>Legal sources of the values (law, ordinance, Bundesgesetzblatt).</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>The factor in front of the § 19 (1) formula (1.15).</summary>
    public decimal FormulaFactor { get; }

    /// <summary>§ 19 (3): monthly amount added for the 13th and each further member.</summary>
    public decimal SupplementPerMemberAbove12 { get; }

    /// <summary>§ 21 Nr. 1: no Wohngeld if the monthly amount would be below this.</summary>
    public decimal MinimumPayment { get; }

    /// <summary>§ 16 (1): flat deduction per applicable category (taxes, health/care, pension).</summary>
    public decimal FlatDeductionRate { get; }

    /// <summary>§ 17 allowances.</summary>
    public IncomeAllowances Allowances { get; }

    /// <summary>a, b, c for 1 to 12 members (Anlage 2).</summary>
    public FormulaCoefficients CoefficientsFor(int members) => _coefficients[FormulaIndex(members)];

    /// <summary>Höchstbetrag for the members and rent level 1..7 (Anlage 1); above five, plus the Mehrbetrag.</summary>
    public decimal CeilingFor(int members, int rentLevel) =>
        Tiered(_ceilings[Math.Min(members, 5) - 1][rentLevel - 1], _ceilingIncrements[rentLevel - 1], members);

    /// <summary>Heizkostenentlastungsbetrag, § 12 (6) (sum of CO2 relief and permanent heating component).</summary>
    public decimal HeatingReliefFor(int members) =>
        Tiered(_heatingRelief[Math.Min(members, 5) - 1], _heatingReliefIncrement, members);

    /// <summary>Klimakomponente, § 12 (7).</summary>
    public decimal ClimateComponentFor(int members) =>
        Tiered(_climateComponent[Math.Min(members, 5) - 1], _climateComponentIncrement, members);

    /// <summary>Minimum values for M and Y (Anlage 3 Nr. 1) for 1 to 12 members.</summary>
    public (decimal M, decimal Y) MinimumsFor(int members) => _minimums[FormulaIndex(members)];

    private static decimal Tiered(decimal upToFive, decimal perFurther, int members) =>
        upToFive + (perFurther * Math.Max(0, members - 5));

    private static int FormulaIndex(int members)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(members, MaxFormulaMembers);
        return members - 1;
    }
}
