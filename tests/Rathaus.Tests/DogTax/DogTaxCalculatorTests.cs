using Rathaus.CatalogModule;
using Rathaus.DogTax;

namespace Rathaus.Tests.DogTax;

/// <summary>The dog tax of a registration, computed by hand from a Bavarian-style statute (60/120/150/600 € a year).</summary>
public sealed class DogTaxCalculatorTests
{
    private static readonly LocalizedText Label = new() { De = "Befreiung", En = "Exemption" };

    internal static DogTaxStatute Musterstadt(LiabilityStart start = LiabilityStart.FollowingMonth, params DueDate[] dueDates) => new(
        new DateOnly(2024, 1, 1), null, "Hundesteuersatzung Musterstadt", 60m, 120m, 150m, 600m, start,
        dueDates.Length == 0 ? [new DueDate(7, 1)] : dueDates,
        [
            new DogTaxExemption("assistenzhund", Label, 100, null),
            new DogTaxExemption("tierheim", Label, 100, 12),
            new DogTaxExemption("sozial", Label, 50, null),
        ]);

    private static NewDog Dog(string name, string keptSince = "2026-03-10", bool listed = false, string? claim = null) =>
        new(name, null, listed, DateOnly.Parse(keptSince, System.Globalization.CultureInfo.InvariantCulture), claim);

    private static DogTaxAssessment Assess(DogTaxStatute statute, IReadOnlyList<NewDog> dogs, bool granted = true,
        string issued = "2026-03-20", IReadOnlyList<RegisteredDog>? registered = null) =>
        DogTaxCalculator.Assess(new DogTaxRequest(statute, registered ?? [], dogs, granted,
            DateOnly.Parse(issued, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void The_first_second_and_each_further_dog_pay_their_rates_in_the_order_of_the_registration()
    {
        var result = Assess(Musterstadt(), [Dog("Bello"), Dog("Luna"), Dog("Rex"), Dog("Kira")]);

        Assert.Equal([60m, 120m, 150m, 150m], result.Dogs.Select(d => d.AnnualAmount));
        Assert.Equal(["first", "second", "further", "further"], result.Dogs.Select(d => d.Category));
        Assert.Equal([1, 2, 3, 4], result.Dogs.Select(d => d.Position!.Value));
        Assert.Equal(480m, result.AnnualTotal);
    }

    [Fact]
    public void A_dog_already_registered_for_the_keeper_comes_first_so_the_new_dog_is_the_second()
    {
        var result = Assess(Musterstadt(), [Dog("Luna")], registered: [new RegisteredDog("Bello", Counts: true, new DateOnly(2022, 5, 1))]);

        var luna = Assert.Single(result.Dogs);
        Assert.Equal(("second", 120m, 2), (luna.Category, luna.AnnualAmount, luna.Position!.Value));
    }

    [Fact]
    public void A_registered_dog_that_does_not_count_leaves_the_new_dog_the_first()
    {
        var result = Assess(Musterstadt(), [Dog("Luna")], registered: [new RegisteredDog("Tyson", Counts: false, new DateOnly(2022, 5, 1))]);

        Assert.Equal(60m, Assert.Single(result.Dogs).AnnualAmount);
    }

    [Fact]
    public void A_listed_breed_pays_the_listed_rate_and_does_not_count_for_the_order()
    {
        var result = Assess(Musterstadt(), [Dog("Tyson", listed: true), Dog("Bello")]);

        Assert.Equal(("listed", 600m, (int?)null), (result.Dogs[0].Category, result.Dogs[0].AnnualAmount, result.Dogs[0].Position));
        Assert.Equal(("first", 60m), (result.Dogs[1].Category, result.Dogs[1].AnnualAmount));
    }

    [Fact]
    public void A_dog_exempt_for_good_pays_nothing_and_does_not_count_for_the_order()
    {
        var result = Assess(Musterstadt(), [Dog("Ayla", claim: "assistenzhund"), Dog("Bello")]);

        Assert.Equal(("exempt", 0m, 0m), (result.Dogs[0].Category, result.Dogs[0].AnnualAmount, result.Dogs[0].FirstYearAmount));
        Assert.Equal("assistenzhund", result.Dogs[0].Exemption!.Code);
        Assert.Equal(("first", 60m), (result.Dogs[1].Category, result.Dogs[1].AnnualAmount));
    }

    [Fact]
    public void A_reduction_halves_the_rate_and_the_dog_still_counts()
    {
        var result = Assess(Musterstadt(), [Dog("Bello", claim: "sozial"), Dog("Luna")]);

        Assert.Equal(30m, result.Dogs[0].AnnualAmount);
        Assert.Equal(("second", 120m), (result.Dogs[1].Category, result.Dogs[1].AnnualAmount));
    }

    [Fact]
    public void A_shelter_dog_is_exempt_for_its_first_twelve_months_of_liability_and_then_pays_the_full_rate()
    {
        var result = Assess(Musterstadt(), [Dog("Struppi", keptSince: "2026-03-10", claim: "tierheim")]);

        var dog = Assert.Single(result.Dogs);
        Assert.Equal(new DateOnly(2026, 4, 1), dog.LiableFrom);
        Assert.Equal(new DateOnly(2027, 3, 31), dog.ExemptUntil);
        Assert.Equal((60m, 0m), (dog.AnnualAmount, dog.FirstYearAmount));
        Assert.Empty(result.Installments);
    }

    [Theory]
    [InlineData(false, "sozial", ExemptionRefusal.NotGranted)]
    [InlineData(true, "blindenhund-unbekannt", ExemptionRefusal.NotInStatute)]
    public void A_claimed_exemption_that_was_not_granted_or_is_not_in_the_statute_leaves_the_full_rate(bool granted, string claim, ExemptionRefusal refusal)
    {
        var result = Assess(Musterstadt(), [Dog("Bello", claim: claim)], granted);

        var dog = Assert.Single(result.Dogs);
        Assert.Equal((60m, (DogTaxExemption?)null, (ExemptionRefusal?)refusal), (dog.AnnualAmount, dog.Exemption, dog.Refusal));
    }

    [Fact]
    public void Exemptions_are_not_granted_for_a_listed_breed()
    {
        var dog = Assert.Single(Assess(Musterstadt(), [Dog("Tyson", listed: true, claim: "sozial")]).Dogs);

        Assert.Equal((600m, (ExemptionRefusal?)ExemptionRefusal.ListedBreed), (dog.AnnualAmount, dog.Refusal));
    }

    [Theory]
    [InlineData(LiabilityStart.FollowingMonth, "2026-03-10", 45.00)]
    [InlineData(LiabilityStart.SameMonth, "2026-03-10", 50.00)]
    [InlineData(LiabilityStart.FollowingMonth, "2026-01-01", 55.00)]
    [InlineData(LiabilityStart.SameMonth, "2026-01-31", 60.00)]
    [InlineData(LiabilityStart.FollowingMonth, "2026-11-05", 5.00)]
    public void The_first_year_counts_the_months_from_the_start_of_liability(LiabilityStart start, string keptSince, decimal firstYear)
    {
        var dog = Assert.Single(Assess(Musterstadt(start), [Dog("Bello", keptSince)], issued: "2026-01-02").Dogs);

        Assert.Equal(firstYear, dog.FirstYearAmount);
    }

    [Fact]
    public void A_dog_kept_from_December_is_liable_from_January_and_its_first_year_is_the_next_one()
    {
        var result = Assess(Musterstadt(), [Dog("Bello", "2026-12-05")], issued: "2026-12-10");

        var dog = Assert.Single(result.Dogs);
        Assert.Equal((new DateOnly(2027, 1, 1), 60m), (dog.LiableFrom, dog.FirstYearAmount));
        Assert.Equal((2027, 60m), (result.FirstYear, result.FirstYearTotal));
        Assert.Equal((new DateOnly(2027, 7, 1), 60m), (result.Installments.Single().DueDate, result.Installments.Single().Amount));
    }

    [Fact]
    public void The_annual_due_date_holds_when_it_lies_more_than_a_month_after_the_notice()
    {
        var result = Assess(Musterstadt(), [Dog("Bello"), Dog("Luna")], issued: "2026-03-20");

        var due = Assert.Single(result.Installments);
        Assert.Equal((new DateOnly(2026, 7, 1), 135m, 2026), (due.DueDate, due.Amount, due.Year));
        Assert.Equal((2026, 135m), (result.FirstYear, result.FirstYearTotal));
    }

    [Fact]
    public void An_amount_whose_due_date_has_passed_is_due_one_month_after_the_notice()
    {
        var due = Assert.Single(Assess(Musterstadt(), [Dog("Bello")], issued: "2026-08-10").Installments);

        Assert.Equal((new DateOnly(2026, 9, 10), 45m), (due.DueDate, due.Amount));
    }

    [Fact]
    public void Quarterly_due_dates_each_collect_the_liable_months_of_their_quarter()
    {
        var statute = Musterstadt(LiabilityStart.SameMonth, new DueDate(2, 15), new DueDate(5, 15), new DueDate(8, 15), new DueDate(11, 15));

        var result = Assess(statute, [Dog("Bello", keptSince: "2026-05-20")], issued: "2026-06-01");

        Assert.Equal(
            [(new DateOnly(2026, 7, 1), 10m), (new DateOnly(2026, 8, 15), 15m), (new DateOnly(2026, 11, 15), 15m)],
            result.Installments.Select(i => (i.DueDate, i.Amount)));
    }

    [Fact]
    public void A_late_registration_assesses_the_past_year_too_and_it_is_due_a_month_after_the_notice()
    {
        var result = Assess(Musterstadt(), [Dog("Bello", keptSince: "2025-11-10")], issued: "2026-02-01");

        Assert.Equal(
            [(new DateOnly(2026, 3, 1), 5m, 2025), (new DateOnly(2026, 7, 1), 60m, 2026)],
            result.Installments.Select(i => (i.DueDate, i.Amount, i.Year)));
        Assert.Equal((2025, 5m), (result.FirstYear, result.FirstYearTotal));
    }

    [Fact]
    public void The_statute_in_force_is_the_latest_version_started_on_or_before_the_day_unless_it_has_ended()
    {
        var old = Musterstadt() with { ValidFrom = new DateOnly(2020, 1, 1), Title = "alt" };
        var current = Musterstadt() with { ValidFrom = new DateOnly(2024, 1, 1), Title = "neu", ValidUntil = new DateOnly(2026, 12, 31) };

        Assert.Equal("alt", DogTaxStatute.InForce([old, current], new DateOnly(2023, 12, 31))!.Title);
        Assert.Equal("neu", DogTaxStatute.InForce([old, current], new DateOnly(2024, 1, 1))!.Title);
        Assert.Null(DogTaxStatute.InForce([old, current], new DateOnly(2027, 1, 1)));
        Assert.Null(DogTaxStatute.InForce([old, current], new DateOnly(2019, 6, 1)));
    }
}
