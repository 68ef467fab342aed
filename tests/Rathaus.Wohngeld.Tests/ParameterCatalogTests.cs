using Rathaus.Wohngeld;

namespace Rathaus.Wohngeld.Tests;

public class ParameterCatalogTests
{
    [Theory]
    [InlineData("2023-01-01", "2023-01-01")]
    [InlineData("2024-12-31", "2023-01-01")]
    [InlineData("2025-01-01", "2025-01-01")]
    [InlineData("2030-06-15", "2025-01-01")]
    public void The_set_in_force_on_the_date_is_chosen(string date, string expectedValidFrom)
    {
        var set = WohngeldParameterCatalog.Embedded.ForDate(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateOnly.Parse(expectedValidFrom, System.Globalization.CultureInfo.InvariantCulture), set.ValidFrom);
    }

    [Fact]
    public void Tables_2025_match_the_law_text()
    {
        var set = WohngeldParameterCatalog.Embedded.ForDate(new DateOnly(2025, 1, 1));

        Assert.Equal(361m, set.CeilingFor(1, 1));
        Assert.Equal(1302m, set.CeilingFor(5, 7));
        Assert.Equal(1302m + 163m, set.CeilingFor(6, 7));
        Assert.Equal(110.40m, set.HeatingReliefFor(1));
        Assert.Equal(225.40m + 27.60m, set.HeatingReliefFor(6));
        Assert.Equal(19.20m, set.ClimateComponentFor(1));
        Assert.Equal(new FormulaCoefficients(-0.12m, 0.0001107m, 0.0000221m), set.CoefficientsFor(12));
        Assert.Equal((298m, 2943m), set.MinimumsFor(12));
        Assert.Equal(65m, set.SupplementPerMemberAbove12);
        Assert.Equal(10m, set.MinimumPayment);
        Assert.NotEmpty(set.Sources);
    }

    [Fact]
    public void A_new_legal_period_is_a_data_file()
    {
        var json2025 = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Parameters", "2025-01-01.json"));
        var json2027 = json2025
            .Replace("\"validFrom\": \"2025-01-01\"", "\"validFrom\": \"2027-01-01\"", StringComparison.Ordinal)
            .Replace("\"minimumPayment\": 10", "\"minimumPayment\": 15", StringComparison.Ordinal);
        var catalog = WohngeldParameterCatalog.FromJson(json2025, json2027);

        // z4 = 10 € (see HandComputedTests): paid under the 2025 set, below a 15 € limit in the hypothetical set.
        var calculator = new WohngeldCalculator(catalog);
        Assert.Equal(10, calculator.Calculate(new WohngeldRequest(1, 400m, 3, 1458.27m, new DateOnly(2026, 12, 1))).Wohngeld);
        Assert.Equal(0, calculator.Calculate(new WohngeldRequest(1, 400m, 3, 1458.27m, new DateOnly(2027, 1, 1))).Wohngeld);
    }

    [Fact]
    public void Incomplete_parameter_file_is_refused_with_its_problem()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            WohngeldParameterCatalog.FromJson("""{ "validFrom": "2027-01-01", "coefficients": [] }"""));

        Assert.Contains("coefficients", error.Message);
    }
}
