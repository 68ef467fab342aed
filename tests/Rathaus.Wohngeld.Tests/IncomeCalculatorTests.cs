using Rathaus.Wohngeld;

namespace Rathaus.Wohngeld.Tests;

public class IncomeCalculatorTests
{
    private static readonly DateOnly In2025 = new(2025, 1, 1);
    private readonly IncomeCalculator _calculator = new();

    [Theory]
    // 24,000 € − 1,230 € = 22,770 €; minus 0/10/20/30 % ; / 12
    [InlineData(false, false, false, 1897.50)] // 22,770 / 12
    [InlineData(true, false, false, 1707.75)]  // 20,493 / 12
    [InlineData(false, true, true, 1518.00)]   // 18,216 / 12
    [InlineData(true, true, true, 1328.25)]    // 15,939 / 12
    public void Each_applicable_category_deducts_ten_percent(bool tax, bool health, bool pension, decimal expectedY)
    {
        var member = new HouseholdMemberIncome
        {
            GrossAnnualIncome = 24000m, IncomeRelatedExpenses = 1230m,
            PaysIncomeTax = tax, PaysHealthAndCareInsurance = health, PaysPensionContributions = pension,
        };

        Assert.Equal(expectedY, _calculator.Calculate(new IncomeRequest([member], In2025)).MonthlyTotalIncome);
    }

    [Fact]
    public void Allowances_of_section_17_are_subtracted_once_each()
    {
        var earner = new HouseholdMemberIncome { GrossAnnualIncome = 30000m, IsSingleParent = true };
        var disabledPersecuted = new HouseholdMemberIncome { IsSeverelyDisabledWithCareNeed = true, IsPersecutionVictim = true };
        var working = new HouseholdMemberIncome { GrossAnnualIncome = 2000m, ChildEarningsFromEmployment = 2000m };

        var result = _calculator.Calculate(new IncomeRequest([earner, disabledPersecuted, working], In2025));

        // 1,320 + 1,800 + 750 + min(2,000; 1,200) = 5,070; 32,000 − 5,070 = 26,930; / 12 = 2,244.1666666667
        Assert.Equal(5070m, result.Allowances);
        Assert.Equal(26930m, result.AnnualTotalIncome);
        Assert.Equal(2244.1666666667m, result.MonthlyTotalIncome);
    }

    [Fact]
    public void Maintenance_deduction_lowers_the_total_income()
    {
        var result = _calculator.Calculate(new IncomeRequest([new HouseholdMemberIncome { GrossAnnualIncome = 18000m }], In2025, 3000m));

        Assert.Equal(15000m, result.AnnualTotalIncome);
        Assert.Equal(1250m, result.MonthlyTotalIncome);
    }

    [Fact]
    public void Expenses_above_receipts_do_not_make_income_negative()
    {
        var result = _calculator.Calculate(new IncomeRequest(
            [new HouseholdMemberIncome { GrossAnnualIncome = 500m, IncomeRelatedExpenses = 1230m }, new HouseholdMemberIncome { GrossAnnualIncome = 1200m }],
            In2025));

        Assert.Equal(0m, result.Members[0].AnnualIncome);
        Assert.Equal(100m, result.MonthlyTotalIncome);
    }

    [Fact]
    public void Allowances_above_the_income_leave_a_total_income_of_zero()
    {
        var result = _calculator.Calculate(new IncomeRequest([new HouseholdMemberIncome { GrossAnnualIncome = 1000m, IsSeverelyDisabledWithCareNeed = true }], In2025));

        Assert.Equal(0m, result.MonthlyTotalIncome);
    }
}
