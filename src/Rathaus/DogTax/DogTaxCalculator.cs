namespace Rathaus.DogTax;

/// <summary>A dog of the keeper already in the Steueramt's register.</summary>
/// <param name="Counts">Counts for the order of the keeper's dogs (not listed, not exempt for good).</param>
public sealed record RegisteredDog(string Name, bool Counts, DateOnly TaxFrom);

/// <summary>A dog to assess, as the transferred registration states it.</summary>
/// <param name="ExemptionClaim">The code of the exemption the keeper claims for it (e.g. <c>assistenzhund</c>, <c>tierheim</c>), if any.</param>
public sealed record NewDog(string Name, string? Chip, bool Listed, DateOnly KeptSince, string? ExemptionClaim);

/// <summary>What the calculation needs: the statute in force, the keeper's registered dogs, the new dogs, the review's decision and the day of the notice.</summary>
/// <param name="ExemptionsGranted">Whether the Steueramt granted the claimed exemptions after review.</param>
/// <param name="IssueDate">The day the notice is issued; amounts for past due dates are due one month later.</param>
public sealed record DogTaxRequest(
    DogTaxStatute Statute,
    IReadOnlyList<RegisteredDog> Registered,
    IReadOnlyList<NewDog> Dogs,
    bool ExemptionsGranted,
    DateOnly IssueDate);

/// <summary>Why a claimed exemption was not applied.</summary>
public enum ExemptionRefusal
{
    /// <summary>The review did not grant it.</summary>
    NotGranted,

    /// <summary>The tenant's statute has no exemption with that code.</summary>
    NotInStatute,

    /// <summary>Exemptions are not granted for dogs of listed breeds.</summary>
    ListedBreed,
}

/// <summary>One assessed dog.</summary>
/// <param name="Position">The dog's place in the order of the keeper's counting dogs (1 = first); null for a listed or permanently exempt dog.</param>
/// <param name="Category"><c>first</c>, <c>second</c>, <c>further</c>, <c>listed</c> or <c>exempt</c>.</param>
/// <param name="Rate">The statute's annual rate for the dog before exemptions (0 for a permanently exempt dog).</param>
/// <param name="AnnualAmount">The tax of a full year once any limited exemption has run out.</param>
/// <param name="FirstYearAmount">The tax for the calendar year in which the dog's liability starts.</param>
public sealed record AssessedDog(
    NewDog Dog,
    int? Position,
    string Category,
    decimal Rate,
    DogTaxExemption? Exemption,
    DateOnly? ExemptUntil,
    ExemptionRefusal? Refusal,
    DateOnly LiableFrom,
    decimal AnnualAmount,
    decimal FirstYearAmount);

/// <summary>An amount due on a date; <paramref name="Year"/> is the tax year it belongs to.</summary>
public sealed record Installment(DateOnly DueDate, decimal Amount, int Year);

/// <summary>The assessment of one registration: per dog, the totals and what falls due when.</summary>
/// <param name="FirstYear">The calendar year in which liability starts (the earliest of the dogs).</param>
/// <param name="FirstYearTotal">The tax of all new dogs for <paramref name="FirstYear"/>.</param>
/// <param name="Installments">Amounts due from the first year up to the year of the notice, merged by due date; later years follow the statute's due dates.</param>
public sealed record DogTaxAssessment(
    IReadOnlyList<AssessedDog> Dogs,
    decimal AnnualTotal,
    int FirstYear,
    decimal FirstYearTotal,
    IReadOnlyList<Installment> Installments);

/// <summary>
/// The dog tax of a registration as a pure calculation (docs/services.md, "Dog tax"). Rules:
/// <list type="bullet">
/// <item>The keeper's registered counting dogs come first, then the new dogs in the order of the registration; the
/// first counting dog pays the first rate, the second the second rate, every further one the further rate.</item>
/// <item>A dog of a listed breed pays the listed rate and does not count for the order; exemptions are not granted for it.</item>
/// <item>A claimed exemption applies only when the review granted it and the statute has it. One exempt in full and
/// for good does not count for the order; one exempt for a limited time (months from the start of liability) or
/// reduced by a percentage counts.</item>
/// <item>Liability starts on the first day of the month of the start of keeping or of the month after (statute).</item>
/// <item>Each due date of the statute covers an equal part of the year; the tax of a part is the monthly twelfth of
/// the rate for each liable month in it. An amount whose due date is less than a month after the notice is due one
/// month after the notice. Amounts are rounded to the cent per installment.</item>
/// </list>
/// </summary>
public static class DogTaxCalculator
{
    public static DogTaxAssessment Assess(DogTaxRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Dogs.Count == 0)
        {
            throw new ArgumentException("A registration without dogs has no tax.", nameof(request));
        }
        var statute = request.Statute;
        var position = request.Registered.Count(d => d.Counts);
        var dogs = new List<AssessedDog>();
        foreach (var dog in request.Dogs)
        {
            var liableFrom = new DateOnly(dog.KeptSince.Year, dog.KeptSince.Month, 1);
            if (statute.LiabilityStart == LiabilityStart.FollowingMonth)
            {
                liableFrom = liableFrom.AddMonths(1);
            }

            DogTaxExemption? exemption = null;
            ExemptionRefusal? refusal = null;
            if (dog.ExemptionClaim is { Length: > 0 } claim)
            {
                var found = statute.FindExemption(claim);
                if (dog.Listed)
                {
                    refusal = ExemptionRefusal.ListedBreed;
                }
                else if (found is null)
                {
                    refusal = ExemptionRefusal.NotInStatute;
                }
                else if (!request.ExemptionsGranted)
                {
                    refusal = ExemptionRefusal.NotGranted;
                }
                else
                {
                    exemption = found;
                }
            }

            int? place = null;
            string category;
            decimal rate;
            if (dog.Listed)
            {
                category = "listed";
                rate = statute.RateListed;
            }
            else if (exemption is { Permanent: true })
            {
                category = "exempt";
                rate = 0;
            }
            else
            {
                place = ++position;
                (category, rate) = place switch
                {
                    1 => ("first", statute.RateFirst),
                    2 => ("second", statute.RateSecond),
                    _ => ("further", statute.RateFurther),
                };
            }

            DateOnly? exemptUntil = exemption?.Months is { } months ? liableFrom.AddMonths(months).AddDays(-1) : null;
            var annual = exemption is { Months: null } ? Cents(rate * (100 - exemption.Percent) / 100m) : rate;
            var assessed = new AssessedDog(dog, place, category, rate, exemption, exemptUntil, refusal, liableFrom, annual, 0);
            dogs.Add(assessed with { FirstYearAmount = Cents(Enumerable.Range(1, 12).Sum(m => Monthly(assessed, liableFrom.Year, m))) });
        }

        var firstYear = dogs.Min(d => d.LiableFrom.Year);
        var lastYear = Math.Max(firstYear, request.IssueDate.Year);
        var earliestDue = request.IssueDate.AddMonths(1);
        var parts = statute.DueDates.Count;
        var monthsPerPart = 12 / parts;
        var installments = new List<Installment>();
        for (var year = firstYear; year <= lastYear; year++)
        {
            for (var part = 0; part < parts; part++)
            {
                var amount = Cents(dogs.Sum(d => Enumerable.Range((part * monthsPerPart) + 1, monthsPerPart).Sum(m => Monthly(d, year, m))));
                if (amount == 0)
                {
                    continue;
                }
                var due = new DateOnly(year, statute.DueDates[part].Month, statute.DueDates[part].Day);
                installments.Add(new Installment(due < earliestDue ? earliestDue : due, amount, year));
            }
        }
        var merged = installments.GroupBy(i => (i.DueDate, i.Year))
            .Select(g => new Installment(g.Key.DueDate, g.Sum(i => i.Amount), g.Key.Year))
            .OrderBy(i => i.DueDate).ThenBy(i => i.Year).ToList();

        var firstYearTotal = Cents(dogs.Sum(d => Enumerable.Range(1, 12).Sum(m => Monthly(d, firstYear, m))));
        return new DogTaxAssessment(dogs, dogs.Sum(d => d.AnnualAmount), firstYear, firstYearTotal, merged);
    }

    /// <summary>The dog's tax for one month (unrounded): a twelfth of its rate, less what an exemption waives in that month.</summary>
    private static decimal Monthly(AssessedDog dog, int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        if (first < dog.LiableFrom)
        {
            return 0;
        }
        var twelfth = dog.Rate / 12m;
        if (dog.Exemption is { } exemption && (dog.ExemptUntil is null || first <= dog.ExemptUntil))
        {
            return twelfth * (100 - exemption.Percent) / 100m;
        }
        return twelfth;
    }

    private static decimal Cents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
