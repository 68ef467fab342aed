using Rathaus.DogTax;
using Rathaus.Platform.Demo;

namespace Rathaus.Tests.DogTax;

/// <summary>The import format of a dog tax statute: the demo files read, mistakes are named with their place.</summary>
public sealed class DogTaxStatuteReaderTests
{
    [Fact]
    public void The_demo_statute_of_Musterstadt_reads_with_its_rates_due_date_and_exemptions()
    {
        var statute = DogTaxStatuteReader.Read(DemoFiles.Read("musterstadt.json"));

        Assert.Equal((60m, 120m, 150m, 600m), (statute.RateFirst, statute.RateSecond, statute.RateFurther, statute.RateListed));
        Assert.Equal([new DueDate(7, 1)], statute.DueDates);
        Assert.Equal(LiabilityStart.FollowingMonth, statute.LiabilityStart);
        Assert.Equal(12, statute.FindExemption("tierheim")!.Months);
        Assert.True(statute.FindExemption("assistenzhund")!.Permanent);
        var written = statute.ToJson().ToJsonString();
        Assert.Equal(written, DogTaxStatuteReader.Read(written).ToJson().ToJsonString());
    }

    [Fact]
    public void A_statute_with_mistakes_is_refused_with_every_problem()
    {
        var e = Assert.Throws<DogTaxStatuteException>(() => DogTaxStatuteReader.Read("""
            {
              "validFrom": "2026-13-01",
              "title": "Satzung",
              "rates": { "first": 60.005, "second": 120, "further": -1 },
              "liabilityStart": "next-month",
              "dueDates": ["02-15", "05-15", "08-15"],
              "exemptions": [ { "code": "tierheim", "label": { "de": "Tierheim", "en": "Shelter" }, "percent": 100 },
                              { "code": "tierheim", "label": { "de": "x", "en": "x" }, "percent": 0 } ],
              "rabatt": 5
            }
            """));

        Assert.Contains(e.Problems, p => p.StartsWith("$.validFrom:", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("$.rates.first:", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("$.rates.further:", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("$.rates.listed:", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("$.liabilityStart:", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("$.dueDates:", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("$.exemptions[1].code:", StringComparison.Ordinal) && p.Contains("twice", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("$.exemptions[1].percent:", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("$.rabatt:", StringComparison.Ordinal));
    }

    [Fact]
    public void Quarterly_due_dates_must_each_lie_in_their_quarter()
    {
        var e = Assert.Throws<DogTaxStatuteException>(() => DogTaxStatuteReader.Read("""
            { "validFrom": "2026-01-01", "title": "S", "rates": { "first": 1, "second": 1, "further": 1, "listed": 1 },
              "liabilityStart": "same-month", "dueDates": ["02-15", "08-15", "05-15", "11-15"] }
            """));

        Assert.Contains(e.Problems, p => p.StartsWith("$.dueDates[1]:", StringComparison.Ordinal));
    }
}
