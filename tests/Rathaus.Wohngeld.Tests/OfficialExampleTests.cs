using Rathaus.Wohngeld;

namespace Rathaus.Wohngeld.Tests;

/// <summary>
/// Worked examples published by others, independent of this implementation:
/// BMWSB, "Beispiele für die Berechnung des Wohngelds", Stand 01.01.2025 (rechenbeispiele-2025.pdf, linked from the
/// BMWSB Wohngeldrechner 2025 page); a Länder note on WoGVwV Nr. 19.31 (households above twelve, December 2024);
/// a case of the BMWSB Wohngeldrechner 2025 recorded in the GETTSIM test data.
/// </summary>
public class OfficialExampleTests
{
    private static readonly DateOnly In2025 = new(2025, 6, 1);
    private readonly WohngeldCalculator _calculator = new();

    [Theory]
    // BMWSB Nr. | members | Mietstufe | rent or burden | Y (as published) | M (as published) | Wohngeld
    [InlineData(1, 1, 1, 335.00, 1162.35, 445.40, 110)]   // Rentnerin, Jüterbog
    [InlineData(2, 1, 4, 470.00, 1350.00, 580.40, 88)]    // ALG I, Ludwigshafen
    [InlineData(3, 2, 2, 480.00, 1589.70, 622.60, 166)]   // Rentnerehepaar, GdB 100, Leipzig
    [InlineData(4, 3, 1, 750.00, 1638.00, 720.80, 320)]   // Lastenzuschuss, Kreis Schleswig-Flensburg, burden above ceiling
    [InlineData(5, 3, 6, 700.00, 1728.00, 870.20, 372)]   // Alleinerziehende, Wiesbaden
    [InlineData(6, 4, 7, 1225.00, 2227.25, 1371.20, 691)] // Familie, München, rent above ceiling
    [InlineData(7, 4, 3, 580.00, 1710.00, 777.80, 485)]   // Familie, Weimar
    [InlineData(8, 5, 5, 870.00, 1853.25, 1095.40, 747)]  // Familie, Friedrichshafen
    [InlineData(9, 6, 2, 780.00, 3301.10, 1033.00, 343)]  // Familie mit Schwiegermutter, Attendorn
    [InlineData(11, 1, 2, 345.00, 561.35, 455.40, 342)]   // Rentnerin mit Grundrentenzeiten, Neubrandenburg
    public void Bmwsb_examples_2025_give_the_published_wohngeld(
        int example, int members, int rentLevel, decimal rent, decimal income, decimal expectedM, int expectedWohngeld)
    {
        var result = _calculator.Calculate(new WohngeldRequest(members, rent, rentLevel, income, In2025));

        Assert.True(example > 0);
        Assert.Equal(expectedM, result.M);
        Assert.Equal(expectedWohngeld, result.Wohngeld);
    }

    [Fact]
    public void Household_of_fourteen_follows_the_Laender_note_on_WoGVwV_19_31()
    {
        // Published: Höchstbetrag 875 + 7·106 = 1,617; Klimakomponente 39.20 + 7·4.80 = 72.80;
        // Heizkosten 225.40 + 7·27.60 = 418.60; M = 1,600 + 418.60 = 2,018.60; a = −0.12, b = 0.0001107, c = 0.0000221;
        // z1 = 0.207069345; z4 = 1,204.978214799… → 1,205 for twelve; + 2 · 65 = 1,335.
        var result = _calculator.Calculate(new WohngeldRequest(14, 1600m, 3, 4688.25m, In2025));

        Assert.Equal(1617m, result.Ceiling);
        Assert.Equal(72.80m, result.ClimateComponent);
        Assert.Equal(418.60m, result.HeatingRelief);
        Assert.Equal(2018.60m, result.M);
        Assert.Equal(0.207069345m, result.Z1);
        Assert.Equal(970.7928566963m, result.Z2);
        Assert.Equal(1205, result.RoundedFormulaAmount);
        Assert.Equal(130m, result.SupplementAbove12);
        Assert.Equal(1335, result.Wohngeld);
    }

    [Fact]
    public void Bmwsb_calculator_case_single_earner_in_Mietstufe_V_gives_368_euros()
    {
        // GETTSIM test data wohngeld/2025-01-01/single_haushalt_1400_euro_monatliches_einkommen.yaml, created with the
        // BMWSB Wohngeldrechner 2025: wage 1,400 €/month, taxes, health and pension contributions, rent 600 €, Stufe V.
        var member = new HouseholdMemberIncome
        {
            GrossAnnualIncome = 1400m * 12,
            IncomeRelatedExpenses = 1230m,
            PaysIncomeTax = true,
            PaysHealthAndCareInsurance = true,
            PaysPensionContributions = true,
        };

        var result = _calculator.CalculateDetailed(new DetailedWohngeldRequest([member], 600m, 5, In2025));

        // (16,800 − 1,230) · 0.7 / 12 = 908.25
        Assert.Equal(908.25m, result.Income.MonthlyTotalIncome);
        Assert.Equal(368, result.Wohngeld.Wohngeld);
    }

    [Fact]
    public void Bmwsb_example_1_income_pensioner_with_health_insurance()
    {
        // Rente 1,300 − 8.50 Pauschbetrag = 1,291.50; − 10 % = 1,162.35 (monthly). Annual: (15,600 − 102) · 0.9 / 12.
        var income = Income(new HouseholdMemberIncome { GrossAnnualIncome = 15600m, IncomeRelatedExpenses = 102m, PaysHealthAndCareInsurance = true });

        Assert.Equal(1162.35m, income.MonthlyTotalIncome);
    }

    [Fact]
    public void Bmwsb_example_3_income_couple_with_severely_disabled_husband()
    {
        var husband = new HouseholdMemberIncome
        {
            GrossAnnualIncome = 1410m * 12, IncomeRelatedExpenses = 102m, PaysHealthAndCareInsurance = true, IsSeverelyDisabledWithCareNeed = true,
        };
        var wife = new HouseholdMemberIncome { GrossAnnualIncome = 540m * 12, IncomeRelatedExpenses = 102m, PaysHealthAndCareInsurance = true };

        var income = Income(husband, wife);

        // 1,231.35 + 478.35 = 1,739.70; − 150.00 (1,800 / 12) = 1,589.70
        Assert.Equal(1589.70m, income.MonthlyTotalIncome);
        Assert.Equal(1800m, income.Allowances);
    }

    [Fact]
    public void Bmwsb_example_5_income_single_parent_with_maintenance_advance_for_the_children()
    {
        var mother = new HouseholdMemberIncome
        {
            GrossAnnualIncome = 1530m * 12, IncomeRelatedExpenses = 1230m,
            PaysHealthAndCareInsurance = true, PaysPensionContributions = true, IsSingleParent = true,
        };
        var children = new HouseholdMemberIncome { GrossAnnualIncome = 696m * 12 };

        var income = Income(mother, children, new HouseholdMemberIncome());

        // 1,142.00 + 696.00 = 1,838.00; − 110.00 (1,320 / 12, once, not per child) = 1,728.00
        Assert.Equal(1728.00m, income.MonthlyTotalIncome);
    }

    [Fact]
    public void Bmwsb_example_6_income_earner_with_all_three_deductions_and_mini_job()
    {
        var husband = new HouseholdMemberIncome
        {
            GrossAnnualIncome = 2490m * 12, IncomeRelatedExpenses = 1230m,
            PaysIncomeTax = true, PaysHealthAndCareInsurance = true, PaysPensionContributions = true,
        };
        var wife = new HouseholdMemberIncome { GrossAnnualIncome = 556m * 12 };

        var income = Income(husband, wife, new HouseholdMemberIncome(), new HouseholdMemberIncome());

        // 2,387.50 − 30 % = 1,671.25; + 556.00 = 2,227.25
        Assert.Equal(2227.25m, income.MonthlyTotalIncome);
    }

    [Fact]
    public void Bmwsb_example_8_income_daughter_earnings_are_free_up_to_the_cap()
    {
        var father = new HouseholdMemberIncome
        {
            GrossAnnualIncome = 2750m * 12, IncomeRelatedExpenses = 1230m,
            PaysIncomeTax = true, PaysHealthAndCareInsurance = true, PaysPensionContributions = true,
        };
        var daughter = new HouseholdMemberIncome { GrossAnnualIncome = 60m * 12, ChildEarningsFromEmployment = 60m * 12 };
        var none = new HouseholdMemberIncome();

        var result = _calculator.CalculateDetailed(new DetailedWohngeldRequest([father, none, daughter, none, none], 870m, 5, In2025));

        // 1,853.25 + 60.00 − 60.00 = 1,853.25 → 747 €
        Assert.Equal(1853.25m, result.Income.MonthlyTotalIncome);
        Assert.Equal(747, result.Wohngeld.Wohngeld);
    }

    [Fact]
    public void Bmwsb_example_9_income_two_earners_six_members()
    {
        var wife = new HouseholdMemberIncome
        {
            GrossAnnualIncome = 4000m * 12, IncomeRelatedExpenses = 1230m,
            PaysIncomeTax = true, PaysHealthAndCareInsurance = true, PaysPensionContributions = true,
        };
        var motherInLaw = new HouseholdMemberIncome { GrossAnnualIncome = 645m * 12, IncomeRelatedExpenses = 102m, PaysHealthAndCareInsurance = true };
        var none = new HouseholdMemberIncome();

        var result = _calculator.CalculateDetailed(new DetailedWohngeldRequest([wife, none, none, none, none, motherInLaw], 780m, 2, In2025));

        // 2,728.25 + 572.85 = 3,301.10 → 343 €
        Assert.Equal(3301.10m, result.Income.MonthlyTotalIncome);
        Assert.Equal(343, result.Wohngeld.Wohngeld);
    }

    private static IncomeResult Income(params HouseholdMemberIncome[] members) =>
        new IncomeCalculator().Calculate(new IncomeRequest(members, In2025));
}
