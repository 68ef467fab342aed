using Rathaus.Wohngeld;

namespace Rathaus.Wohngeld.Tests;

public class ValidationTests
{
    private static readonly DateOnly In2025 = new(2025, 1, 1);
    private readonly WohngeldCalculator _calculator = new();

    [Theory]
    [InlineData(0, 500, 3, 1000, "haushaltsmitglieder")]
    [InlineData(-2, 500, 3, 1000, "haushaltsmitglieder")]
    [InlineData(1, -0.01, 3, 1000, "miete")]
    [InlineData(1, 500, 0, 1000, "mietstufe")]
    [InlineData(1, 500, 8, 1000, "mietstufe")]
    [InlineData(1, 500, 3, -1, "einkommen")]
    public void Bad_input_is_rejected_naming_the_parameter(int members, decimal rent, int level, decimal income, string parameter)
    {
        var error = Assert.Throws<WohngeldInputException>(() =>
            _calculator.Calculate(new WohngeldRequest(members, rent, level, income, In2025)));

        Assert.Equal(parameter, error.ParameterName);
        Assert.False(string.IsNullOrWhiteSpace(error.MessageGerman));
        Assert.False(string.IsNullOrWhiteSpace(error.MessageEnglish));
        Assert.NotEqual(error.MessageGerman, error.MessageEnglish);
    }

    [Fact]
    public void Date_before_the_first_parameter_set_is_rejected_naming_stichtag()
    {
        var error = Assert.Throws<WohngeldInputException>(() =>
            _calculator.Calculate(new WohngeldRequest(1, 500m, 3, 1000m, new DateOnly(2022, 12, 31))));

        Assert.Equal("stichtag", error.ParameterName);
        Assert.Contains("01.01.2023", error.MessageGerman);
    }

    [Fact]
    public void Household_without_members_is_rejected()
    {
        var error = Assert.Throws<WohngeldInputException>(() =>
            _calculator.CalculateDetailed(new DetailedWohngeldRequest([], 500m, 3, In2025)));

        Assert.Equal("mitglieder", error.ParameterName);
    }

    [Fact]
    public void Negative_member_income_is_rejected_naming_the_member_field()
    {
        var members = new[] { new HouseholdMemberIncome(), new HouseholdMemberIncome { GrossAnnualIncome = -1m } };

        var error = Assert.Throws<WohngeldInputException>(() =>
            new IncomeCalculator().Calculate(new IncomeRequest(members, In2025)));

        Assert.Equal("mitglieder[1].bruttoeinkommen", error.ParameterName);
    }

    [Fact]
    public void Negative_expenses_and_maintenance_are_rejected()
    {
        var calculator = new IncomeCalculator();

        Assert.Equal("mitglieder[0].werbungskosten", Assert.Throws<WohngeldInputException>(() =>
            calculator.Calculate(new IncomeRequest([new HouseholdMemberIncome { IncomeRelatedExpenses = -5m }], In2025))).ParameterName);
        Assert.Equal("unterhaltsabzug", Assert.Throws<WohngeldInputException>(() =>
            calculator.Calculate(new IncomeRequest([new HouseholdMemberIncome()], In2025, -1m))).ParameterName);
    }
}
