namespace Rathaus.Wohngeld;

/// <summary>Annual income of one member after § 16 (Jahreseinkommen).</summary>
/// <param name="Index">Position in the request, from 0.</param>
/// <param name="PositiveIncome">Gross receipts minus income-related expenses, not below 0.</param>
/// <param name="DeductionRate">Sum of the § 16 flat rates that apply (0, 0.1, 0.2 or 0.3).</param>
/// <param name="Deduction">The § 16 deduction in euros.</param>
/// <param name="AnnualIncome">Jahreseinkommen: positive income minus the deduction.</param>
public sealed record MemberIncomeResult(int Index, decimal PositiveIncome, decimal DeductionRate, decimal Deduction, decimal AnnualIncome);

/// <summary>Result of the income calculation (§§ 13–18 WoGG): the monthly total income Y and how it came about.</summary>
public sealed record IncomeResult
{
    /// <summary>Each member's Jahreseinkommen.</summary>
    public required IReadOnlyList<MemberIncomeResult> Members { get; init; }

    /// <summary>Sum of the members' Jahreseinkommen.</summary>
    public required decimal SumOfAnnualIncomes { get; init; }

    /// <summary>Sum of the § 17 allowances.</summary>
    public required decimal Allowances { get; init; }

    /// <summary>§ 18 maintenance deduction.</summary>
    public required decimal MaintenanceDeduction { get; init; }

    /// <summary>Annual total income (Gesamteinkommen, § 13 (1)), not below 0.</summary>
    public required decimal AnnualTotalIncome { get; init; }

    /// <summary>Monthly total income Y = one twelfth of the annual total income (§ 13 (2)).</summary>
    public required decimal MonthlyTotalIncome { get; init; }

    /// <summary>First day of the parameter set used.</summary>
    public required DateOnly ParameterSetValidFrom { get; init; }

    /// <summary>The calculation step by step, German and English.</summary>
    public required IReadOnlyList<CalculationStep> Steps { get; init; }
}
