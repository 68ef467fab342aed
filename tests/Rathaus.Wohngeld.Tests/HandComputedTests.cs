using Rathaus.Wohngeld;

namespace Rathaus.Wohngeld.Tests;

/// <summary>
/// Reference values computed by hand from the statute (Anlage 1–3, § 11, § 12 (6)/(7), § 19 WoGG, values from
/// 01.01.2025); the arithmetic is written next to each case, every z rounded to ten decimal places.
/// </summary>
public class HandComputedTests
{
    private static readonly DateOnly In2025 = new(2025, 3, 1);
    private readonly WohngeldCalculator _calculator = new();

    [Theory]
    // members, Mietstufe, rent, Y → Wohngeld, M, z4
    // 1, I:   M = min(300; 361+19.20) + 110.40 = 410.40; z1 = 0.04 + 0.0004797·410.40 + 0.0000408·900 = 0.27358888;
    //         z2 = 246.229992; z3 = 164.170008; z4 = 188.7955092 → 189
    [InlineData(1, 1, 300, 900, 189, 410.40, 188.7955092)]
    // 2, II:  M = 450 + 142.60 = 592.60; z1 = 0.03 + 0.0003571·592.60 + 0.0000304·1300 = 0.28113746;
    //         z2 = 365.478698; z3 = 227.121302; z4 = 261.1894973 → 261
    [InlineData(2, 2, 450, 1300, 261, 592.60, 261.1894973)]
    // 3, III: M = 550 + 170.20 = 720.20; z1 = 0.02 + 0.0002917·720.20 + 0.0000245·1700 = 0.27173234;
    //         z2 = 461.944978; z3 = 258.255022; z4 = 296.9932753 → 297
    [InlineData(3, 3, 550, 1700, 297, 720.20, 296.9932753)]
    // 4, IV:  M = 700 + 197.80 = 897.80; z1 = 0.01 + 0.0002163·897.80 + 0.0000176·2100 = 0.24115414;
    //         z2 = 506.423694; z3 = 391.376306; z4 = 450.0827519 → 450
    [InlineData(4, 4, 700, 2100, 450, 897.80, 450.0827519)]
    // 5, V:   M = 850 + 225.40 = 1075.40; z1 = 0 + 0.0001907·1075.40 + 0.0000172·2500 = 0.24807878;
    //         z2 = 620.19695; z3 = 455.20305; z4 = 523.4835075 → 523
    [InlineData(5, 5, 850, 2500, 523, 1075.40, 523.4835075)]
    // 6, VI:  ceiling 1183 + 149 = 1332, + Klima 44.00; M = 1000 + 253.00 = 1253.00;
    //         z1 = −0.01 + 0.0001722·1253 + 0.0000166·2900 = 0.2539066; z2 = 736.32914; z3 = 516.67086; z4 = 594.171489 → 594
    [InlineData(6, 6, 1000, 2900, 594, 1253.00, 594.171489)]
    // 7, VII: ceiling 1302 + 2·163 = 1628, + 48.80; M = 1150 + 280.60 = 1430.60;
    //         z1 = −0.02 + 0.0001592·1430.60 + 0.0000165·3300 = 0.26220152; z2 = 865.265016; z3 = 565.334984; z4 = 650.1352316 → 650
    [InlineData(7, 7, 1150, 3300, 650, 1430.60, 650.1352316)]
    // 8, I:   ceiling 694 + 3·82 = 940, + 53.60; M = 900 + 308.20 = 1208.20;
    //         z1 = −0.03 + 0.0001583·1208.20 + 0.0000165·3500 = 0.21900806; z2 = 766.528210; z3 = 441.671790; z4 = 507.9225585 → 508
    [InlineData(8, 1, 900, 3500, 508, 1208.20, 507.9225585)]
    // 9, II:  ceiling 782 + 4·94 = 1158, + 58.40; M = 1000 + 335.80 = 1335.80;
    //         z1 = −0.04 + 0.0001376·1335.80 + 0.0000166·3900 = 0.20854608; z2 = 813.329712; z3 = 522.470288; z4 = 600.8408312 → 601
    [InlineData(9, 2, 1000, 3900, 601, 1335.80, 600.8408312)]
    // 10, III: ceiling 875 + 5·106 = 1405, + 63.20; M = 1100 + 363.40 = 1463.40;
    //         z1 = −0.06 + 0.0001249·1463.40 + 0.0000166·4300 = 0.19415866; z2 = 834.882238; z3 = 628.517762; z4 = 722.7954263 → 723
    [InlineData(10, 3, 1100, 4300, 723, 1463.40, 722.7954263)]
    // 11, IV: ceiling 982 + 6·119 = 1696, + 68.00; M = 1300 + 391.00 = 1691.00;
    //         z1 = −0.09 + 0.0001141·1691 + 0.0000196·4700 = 0.1950631; z2 = 916.79657; z3 = 774.20343; z4 = 890.3339445 → 890
    [InlineData(11, 4, 1300, 4700, 890, 1691.00, 890.3339445)]
    // 12, V:  ceiling 1080 + 7·129 = 1983, + 72.80; M = 1500 + 418.60 = 1918.60;
    //         z1 = −0.12 + 0.0001107·1918.60 + 0.0000221·5100 = 0.20509902; z2 = 1046.005002; z3 = 872.594998; z4 = 1003.4842477 → 1003
    [InlineData(12, 5, 1500, 5100, 1003, 1918.60, 1003.4842477)]
    // 13, V:  as for 12 (§ 19 (3)): 1003 + 1·65 = 1068
    [InlineData(13, 5, 1500, 5100, 1068, 1918.60, 1003.4842477)]
    // 15, V:  as for 12: 1003 + 3·65 = 1198
    [InlineData(15, 5, 1500, 5100, 1198, 1918.60, 1003.4842477)]
    public void Every_household_size_gives_the_hand_computed_amount(
        int members, int rentLevel, decimal rent, decimal income, int expected, decimal expectedM, decimal expectedZ4)
    {
        var result = _calculator.Calculate(new WohngeldRequest(members, rent, rentLevel, income, In2025));

        Assert.Equal(expectedM, result.M);
        Assert.Equal(expectedZ4, result.Z4);
        Assert.Equal(expected, result.Wohngeld);
    }

    [Theory]
    // Two members, rent 2,000 € far above every ceiling, Y = 1,500:
    // I:   M = 437 + 24.80 + 142.60 = 604.40; z1 = 0.03 + 0.0003571·604.40 + 0.0000304·1500 = 0.29143124;
    //      z2 = 437.14686; z3 = 167.25314; z4 = 192.341111 → 192
    [InlineData(1, 437, 604.40, 192)]
    // II:  M = 493 + 24.80 + 142.60 = 660.40; z1 = 0.31142884; z2 = 467.14326; z3 = 193.25674; z4 = 222.245251 → 222
    [InlineData(2, 493, 660.40, 222)]
    // III: M = 551 + 24.80 + 142.60 = 718.40; z1 = 0.33214064; z2 = 498.21096; z3 = 220.18904; z4 = 253.217396 → 253
    [InlineData(3, 551, 718.40, 253)]
    // IV:  M = 619 + 24.80 + 142.60 = 786.40; z1 = 0.35642344; z2 = 534.63516; z3 = 251.76484; z4 = 289.529566 → 290
    [InlineData(4, 619, 786.40, 290)]
    // V:   M = 680 + 24.80 + 142.60 = 847.40; z1 = 0.37820654; z2 = 567.30981; z3 = 280.09019; z4 = 322.1037185 → 322
    [InlineData(5, 680, 847.40, 322)]
    // VI:  M = 745 + 24.80 + 142.60 = 912.40; z1 = 0.40141804; z2 = 602.12706; z3 = 310.27294; z4 = 356.813881 → 357
    [InlineData(6, 745, 912.40, 357)]
    // VII: M = 820 + 24.80 + 142.60 = 987.40; z1 = 0.42820054; z2 = 642.30081; z3 = 345.09919; z4 = 396.8640685 → 397
    [InlineData(7, 820, 987.40, 397)]
    public void Rent_above_the_ceiling_is_cut_to_ceiling_plus_climate_component_in_every_Mietstufe(
        int rentLevel, decimal expectedCeiling, decimal expectedM, int expected)
    {
        var result = _calculator.Calculate(new WohngeldRequest(2, 2000m, rentLevel, 1500m, In2025));

        Assert.True(result.RentCapped);
        Assert.Equal(expectedCeiling, result.Ceiling);
        Assert.Equal(24.80m, result.ClimateComponent);
        Assert.Equal(142.60m, result.HeatingRelief);
        Assert.Equal(expectedM, result.M);
        Assert.Equal(expected, result.Wohngeld);
    }

    [Fact]
    public void Rent_below_the_ceiling_is_taken_in_full_plus_heating_relief()
    {
        var result = _calculator.Calculate(new WohngeldRequest(1, 300m, 1, 900m, In2025));

        Assert.False(result.RentCapped);
        Assert.Equal(300m, result.RentConsidered);
        Assert.Equal(410.40m, result.RentToBeConsidered);
    }

    [Theory]
    // One member, Stufe I, rent 300: Y below 396 is replaced by 396 (Anlage 3 Nr. 1):
    // M = 410.40; z1 = 0.04 + 0.0004797·410.40 + 0.0000408·396 = 0.25302568; z2 = 100.19816928; z3 = 310.20183072;
    // z4 = 356.732105328 → 357
    [InlineData(0)]
    [InlineData(200)]
    [InlineData(395.99)]
    [InlineData(396)]
    public void Income_below_the_minimum_Y_is_raised_to_it(decimal income)
    {
        var result = _calculator.Calculate(new WohngeldRequest(1, 300m, 1, income, In2025));

        Assert.Equal(396m, result.Y);
        Assert.Equal(income < 396m, result.MinimumYApplied);
        Assert.Equal(357, result.Wohngeld);
    }

    [Fact]
    public void Amount_of_ten_euros_is_paid()
    {
        // One member, Stufe III, rent 400, Y = 1,458.27: M = 510.40;
        // z1 = 0.04 + 0.0004797·510.40 + 0.0000408·1458.27 = 0.344336296; z2 = 502.1352903679; z3 = 8.2647096321;
        // z4 = 9.5044160769 → 10 (from 0.50 up) → 10 € is not below the § 21 Nr. 1 limit
        var result = _calculator.Calculate(new WohngeldRequest(1, 400m, 3, 1458.27m, In2025));

        Assert.Equal(9.5044160769m, result.Z4);
        Assert.Equal(10, result.Wohngeld);
        Assert.False(result.BelowMinimumPayment);
    }

    [Fact]
    public void Amount_below_ten_euros_is_not_paid()
    {
        // Y = 1,458.28: z1 = 0.344336704; z2 = 502.1393287091; z3 = 8.2606712909; z4 = 9.4997719845 → 9 → below 10 € → 0
        var result = _calculator.Calculate(new WohngeldRequest(1, 400m, 3, 1458.28m, In2025));

        Assert.Equal(9, result.RoundedFormulaAmount);
        Assert.True(result.BelowMinimumPayment);
        Assert.Equal(0, result.Wohngeld);
    }

    [Fact]
    public void Fraction_from_half_a_euro_rounds_up()
    {
        // One member, Stufe III, rent 400, Y = 1,222.25: z1 = 0.33470668; z2 = 409.09523963; z3 = 101.30476037;
        // z4 = 116.5004744255 → 117
        var result = _calculator.Calculate(new WohngeldRequest(1, 400m, 3, 1222.25m, In2025));

        Assert.Equal(116.5004744255m, result.Z4);
        Assert.Equal(117, result.Wohngeld);
    }

    [Fact]
    public void Fraction_below_half_a_euro_rounds_down()
    {
        // Y = 1,219.99: z1 = 0.334614472; z2 = 408.2263096953; z3 = 102.1736903047; z4 = 117.4997438504 → 117
        var result = _calculator.Calculate(new WohngeldRequest(1, 400m, 3, 1219.99m, In2025));

        Assert.Equal(117.4997438504m, result.Z4);
        Assert.Equal(117, result.Wohngeld);
    }

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(2.5, 3)]
    [InlineData(2.4999999999, 2)]
    [InlineData(116.5, 117)]
    public void Whole_euro_rounding_takes_exactly_half_up_not_to_even(decimal value, decimal expected)
    {
        Assert.Equal(expected, FixedPoint.WholeEuros(value));
    }

    [Fact]
    public void Ten_place_rounding_takes_the_eleventh_place_half_up()
    {
        // 0.207069345 · 4,688.25 = 970.79285669625 → 970.7928566963 (Länder note on WoGVwV 19.31 shows …6963)
        Assert.Equal(970.7928566963m, FixedPoint.TenPlaces(0.207069345m * 4688.25m));
    }

    [Fact]
    public void High_income_gives_no_wohngeld()
    {
        // One member, Stufe III, rent 400, Y = 1,500: z1 = 0.34603888; z2 = 519.05832; z3 = −8.65832; z4 = −9.957068 → 0
        var result = _calculator.Calculate(new WohngeldRequest(1, 400m, 3, 1500m, In2025));

        Assert.True(result.Z4 < 0);
        Assert.Equal(0, result.Wohngeld);
        Assert.False(result.BelowMinimumPayment);
    }

    [Fact]
    public void Supplement_above_twelve_members_stops_at_the_rent_to_be_considered()
    {
        // 30 members, Stufe I, rent 500, Y = 3,000 (values for 12): M = 500 + 418.60 = 918.60;
        // z1 = −0.12 + 0.0001107·918.60 + 0.0000221·3000 = 0.04798902; z2 = 143.96706; z3 = 774.63294; z4 = 890.827881 → 891;
        // 891 + 18·65 = 2,061 > 918.60 → 918
        var result = _calculator.Calculate(new WohngeldRequest(30, 500m, 1, 3000m, In2025));

        Assert.Equal(891, result.RoundedFormulaAmount);
        Assert.Equal(918, result.Wohngeld);
    }

    [Theory]
    // 2023 set (valid 01.01.2023–31.12.2024):
    // 1, III, rent 400, Y 1,200: M = 400 + 110.40 = 510.40 (cap 438 + 19.20); z1 = 0.04 + 0.0004991·510.40 + 0.0000462·1200 = 0.35018064;
    //   z2 = 420.216768; z3 = 90.183232; z4 = 103.7107168 → 104
    [InlineData(1, 3, 400, 1200, 104)]
    // 4, V, rent 900, Y 2,300: cap 909 + 34.40 = 943.40; M = 900 + 197.80 = 1097.80;
    //   z1 = 0.01 + 0.0002251·1097.80 + 0.00002·2300 = 0.30311478; z2 = 697.163994; z3 = 400.636006; z4 = 460.7314069 → 461
    [InlineData(4, 5, 900, 2300, 461)]
    // 13, V, rent 1,500, Y 5,100 (values for 12): M = 1500 + 418.60 = 1918.60;
    //   z1 = −0.12 + 0.0001152·1918.60 + 0.0000251·5100 = 0.22903272; z2 = 1168.066872; z3 = 750.533128; z4 = 863.1130972 → 863; + 57 = 920
    [InlineData(13, 5, 1500, 5100, 920)]
    public void Dates_in_2023_and_2024_use_the_2023_values(int members, int rentLevel, decimal rent, decimal income, int expected)
    {
        foreach (var date in new[] { new DateOnly(2023, 1, 1), new DateOnly(2024, 12, 31) })
        {
            var result = _calculator.Calculate(new WohngeldRequest(members, rent, rentLevel, income, date));

            Assert.Equal(new DateOnly(2023, 1, 1), result.ParameterSetValidFrom);
            Assert.Equal(expected, result.Wohngeld);
        }
    }
}
