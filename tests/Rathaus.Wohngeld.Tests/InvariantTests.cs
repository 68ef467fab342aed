using Rathaus.Wohngeld;

namespace Rathaus.Wohngeld.Tests;

/// <summary>Properties the law implies whatever the numbers: checked over a grid of inputs.</summary>
public class InvariantTests
{
    private static readonly DateOnly In2025 = new(2025, 1, 1);
    private readonly WohngeldCalculator _calculator = new();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(12)]
    [InlineData(14)]
    public void More_income_never_gives_more_wohngeld(int members)
    {
        for (var level = 1; level <= 7; level++)
        {
            var previous = int.MaxValue;
            for (var income = 0m; income <= 8000m; income += 37.5m)
            {
                var wohngeld = _calculator.Calculate(new WohngeldRequest(members, 700m, level, income, In2025)).Wohngeld;
                Assert.True(wohngeld <= previous, $"members {members}, Stufe {level}, Y {income}: {wohngeld} > {previous}");
                previous = wohngeld;
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(12)]
    public void More_rent_never_gives_less_wohngeld_and_nothing_more_above_the_ceiling(int members)
    {
        for (var level = 1; level <= 7; level++)
        {
            var previous = 0;
            var atCeiling = -1;
            for (var rent = 0m; rent <= 3000m; rent += 25m)
            {
                var result = _calculator.Calculate(new WohngeldRequest(members, rent, level, 1200m * members, In2025));
                Assert.True(result.Wohngeld >= previous, $"members {members}, Stufe {level}, rent {rent}: {result.Wohngeld} < {previous}");
                if (result.RentCapped)
                {
                    atCeiling = atCeiling < 0 ? result.Wohngeld : atCeiling;
                    Assert.Equal(atCeiling, result.Wohngeld);
                }

                previous = result.Wohngeld;
            }
        }
    }

    [Fact]
    public void Higher_Mietstufe_never_gives_less_for_a_rent_above_all_ceilings()
    {
        for (var members = 1; members <= 13; members++)
        {
            var previous = 0;
            for (var level = 1; level <= 7; level++)
            {
                var wohngeld = _calculator.Calculate(new WohngeldRequest(members, 5000m, level, 900m * members, In2025)).Wohngeld;
                Assert.True(wohngeld >= previous);
                previous = wohngeld;
            }
        }
    }

    [Fact]
    public void Paid_amounts_are_zero_or_at_least_ten_euros()
    {
        for (var income = 0m; income <= 3000m; income += 0.37m)
        {
            var wohngeld = _calculator.Calculate(new WohngeldRequest(1, 450m, 4, income, In2025)).Wohngeld;
            Assert.True(wohngeld == 0 || wohngeld >= 10, $"Y {income}: {wohngeld}");
        }
    }

    [Fact]
    public void Every_step_has_German_and_English_text()
    {
        var result = _calculator.Calculate(new WohngeldRequest(14, 2000m, 3, 4000m, In2025));

        Assert.All(result.Steps, s =>
        {
            Assert.False(string.IsNullOrWhiteSpace(s.German));
            Assert.False(string.IsNullOrWhiteSpace(s.English));
        });
        Assert.Contains(result.Steps, s => s.Key == "z4" && s.Value == result.Z4);
        Assert.Contains(result.Steps, s => s.Key == "hoechstbetrag" && s.German.Contains("1.617,00 €"));
        Assert.Contains(result.Steps, s => s.Key == "mehr-als-12");
    }
}
