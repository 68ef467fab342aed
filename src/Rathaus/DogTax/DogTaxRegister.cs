using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using Rathaus.CatalogModule;
using Rathaus.Platform.Database;

namespace Rathaus.DogTax;

/// <summary>A statute version as stored, with who imported it when.</summary>
public sealed record StoredStatute(DogTaxStatute Statute, DateTimeOffset ImportedAt, string ImportedBy);

/// <summary>The keeper of dogs as the Steueramt identifies them (family name, given names, date of birth).</summary>
public sealed record DogKeeper(string FamilyName, string GivenNames, DateOnly? BirthDate)
{
    /// <summary>Case, spacing and accents of the names do not tell keepers apart; the date of birth does.</summary>
    public string Key
    {
        get
        {
            static string Norm(string s) => string.Join(' ', s.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormC)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries));
            return $"{Norm(FamilyName)}|{Norm(GivenNames)}|{BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        }
    }
}

/// <summary>A dog registered by an assessment, with its tax tag.</summary>
public sealed record TaggedDog(AssessedDog Assessed, int TagYear, int TagNumber)
{
    public string Tag => string.Create(CultureInfo.InvariantCulture, $"{TagYear}-{TagNumber:0000}");
}

/// <summary>
/// The Steueramt's dog tax data of a tenant: statute versions, the register of taxed dogs, the tax tag counter and
/// the stored results of <c>rathaus:dog-tax</c> jobs.
/// </summary>
public sealed class DogTaxRegister(Db db, TimeProvider time)
{
    private const string SelectStatute = """
        SELECT valid_from AS ValidFrom, valid_until AS ValidUntil, title AS Title, rate_first AS RateFirst, rate_second AS RateSecond,
               rate_further AS RateFurther, rate_listed AS RateListed, liability_start AS LiabilityStart, due_dates AS DueDates,
               exemptions::text AS Exemptions, imported_at AS ImportedAt, imported_by AS ImportedBy
        FROM dog_tax_statutes
        """;

    /// <summary>Stores a statute version; one with the same <c>validFrom</c> is replaced (assessments made with it keep their amounts).</summary>
    public Task ImportAsync(Guid tenantId, DogTaxStatute statute, string importedBy, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, (c, tx) => ImportAsync(c, tx, tenantId, statute, importedBy, time.GetUtcNow(), ct), ct);

    internal static Task ImportAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid tenantId, DogTaxStatute statute, string importedBy,
        DateTimeOffset at, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO dog_tax_statutes (tenant_id, valid_from, valid_until, title, rate_first, rate_second, rate_further, rate_listed,
                                          liability_start, due_dates, exemptions, imported_at, imported_by)
            VALUES (@tenantId, @validFrom, @validUntil, @title, @first, @second, @further, @listed, @liability, @dueDates, @exemptions::jsonb, @at, @importedBy)
            ON CONFLICT (tenant_id, valid_from) DO UPDATE SET
                valid_until = excluded.valid_until, title = excluded.title, rate_first = excluded.rate_first,
                rate_second = excluded.rate_second, rate_further = excluded.rate_further, rate_listed = excluded.rate_listed,
                liability_start = excluded.liability_start, due_dates = excluded.due_dates, exemptions = excluded.exemptions,
                imported_at = excluded.imported_at, imported_by = excluded.imported_by
            """, new
        {
            tenantId,
            validFrom = statute.ValidFrom,
            validUntil = statute.ValidUntil,
            title = statute.Title,
            first = statute.RateFirst,
            second = statute.RateSecond,
            further = statute.RateFurther,
            listed = statute.RateListed,
            liability = DogTaxStatute.LiabilityStartToText(statute.LiabilityStart),
            dueDates = statute.DueDates.Select(d => d.ToString()).ToArray(),
            exemptions = statute.ToJson()["exemptions"]!.ToJsonString(),
            at,
            importedBy,
        }, tx, cancellationToken: ct));

    /// <summary>Every statute version of the tenant, oldest first.</summary>
    public Task<IReadOnlyList<StoredStatute>> ListAsync(Guid tenantId, CancellationToken ct = default) =>
        db.InTenantAsync<IReadOnlyList<StoredStatute>>(tenantId, async (c, tx) =>
            (await c.QueryAsync<StatuteRow>(new CommandDefinition($"{SelectStatute} ORDER BY valid_from", transaction: tx, cancellationToken: ct)))
            .Select(r => new StoredStatute(r.ToStatute(), r.ImportedAt, r.ImportedBy)).ToList(), ct);

    /// <summary>Whether the tenant has any statute (the demo seeds one only into an empty register).</summary>
    internal static Task<bool> AnyStatuteAsync(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct) =>
        c.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM dog_tax_statutes)", transaction: tx, cancellationToken: ct));

    /// <summary>The result stored for a job, if it ran before.</summary>
    public Task<string?> FindAssessmentAsync(Guid tenantId, string jobId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, (c, tx) => FindAssessmentAsync(c, tx, jobId, ct), ct);

    private static Task<string?> FindAssessmentAsync(NpgsqlConnection c, NpgsqlTransaction tx, string jobId, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT result::text FROM dog_tax_assessments WHERE job_id = @jobId", new { jobId }, tx, cancellationToken: ct));

    /// <summary>
    /// Assesses and registers the dogs of one registration in one transaction: the statute in force at the earliest
    /// start of keeping, the keeper's registered dogs (serialised per keeper, so two registrations of one keeper
    /// cannot both be "the first dog"), the tax tag numbers and the dogs. <paramref name="shape"/> turns the outcome
    /// into the job's result, which is stored with the job id: a job that runs again gets the same result.
    /// </summary>
    /// <exception cref="DogTaxStatuteException">No statute is in force on the start of keeping.</exception>
    public Task<string> AssessAsync(Guid tenantId, string jobId, Guid? caseId, DogKeeper keeper, IReadOnlyList<NewDog> dogs,
        bool exemptionsGranted, DateOnly issueDate, Func<DogTaxStatute, DogTaxAssessment, IReadOnlyList<TaggedDog>, string> shape,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(keeper);
        ArgumentNullException.ThrowIfNull(shape);
        return db.InTenantAsync(tenantId, async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))",
                new { key = $"dog-tax-keeper:{tenantId}:{keeper.Key}" }, tx, cancellationToken: ct));
            if (await FindAssessmentAsync(c, tx, jobId, ct) is { } earlier)
            {
                return earlier;
            }

            var start = dogs.Min(d => d.KeptSince);
            var statutes = (await c.QueryAsync<StatuteRow>(new CommandDefinition($"{SelectStatute} WHERE valid_from <= @start ORDER BY valid_from DESC LIMIT 1",
                new { start }, tx, cancellationToken: ct))).Select(r => r.ToStatute());
            var statute = DogTaxStatute.InForce(statutes, start)
                ?? throw new DogTaxStatuteException(string.Create(CultureInfo.InvariantCulture,
                    $"No dog tax statute of the tenant is in force on {start:yyyy-MM-dd}, the start of keeping. Import one (rathaus admin dog-tax import) and retry the job."));

            var registered = (await c.QueryAsync<(string Name, bool Counts, DateOnly TaxFrom)>(new CommandDefinition("""
                SELECT name, counts, tax_from FROM dog_tax_dogs
                WHERE keeper_key = @key AND (tax_until IS NULL OR tax_until >= @start)
                ORDER BY tax_from, tag_year, tag_number
                """, new { key = keeper.Key, start }, tx, cancellationToken: ct)))
                .Select(r => new RegisteredDog(r.Name, r.Counts, r.TaxFrom)).ToList();

            var assessment = DogTaxCalculator.Assess(new DogTaxRequest(statute, registered, dogs, exemptionsGranted, issueDate));

            var tagYear = issueDate.Year;
            var last = await c.ExecuteScalarAsync<int>(new CommandDefinition("""
                INSERT INTO dog_tax_tag_counters (tenant_id, year, last_value) VALUES (@tenantId, @tagYear, @count)
                ON CONFLICT (tenant_id, year) DO UPDATE SET last_value = dog_tax_tag_counters.last_value + @count
                RETURNING last_value
                """, new { tenantId, tagYear, count = dogs.Count }, tx, cancellationToken: ct));
            var tagged = assessment.Dogs.Select((d, i) => new TaggedDog(d, tagYear, last - dogs.Count + 1 + i)).ToList();

            var now = time.GetUtcNow();
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO dog_tax_dogs (id, tenant_id, keeper_key, case_id, job_id, name, chip_number, listed, exemption, counts,
                                          tax_from, annual_amount, tag_year, tag_number, created_at)
                SELECT gen_random_uuid(), @tenantId, @key, @caseId, @jobId, d.name, d.chip, d.listed, d.exemption, d.counts,
                       d.tax_from, d.amount, @tagYear, d.tag, @now
                FROM unnest(@names, @chips, @listed, @exemptions, @counts, @taxFrom, @amounts, @tags)
                     AS d(name, chip, listed, exemption, counts, tax_from, amount, tag)
                """, new
            {
                tenantId,
                key = keeper.Key,
                caseId,
                jobId,
                tagYear,
                now,
                names = tagged.Select(t => t.Assessed.Dog.Name).ToArray(),
                chips = tagged.Select(t => t.Assessed.Dog.Chip).ToArray(),
                listed = tagged.Select(t => t.Assessed.Dog.Listed).ToArray(),
                exemptions = tagged.Select(t => t.Assessed.Exemption?.Code).ToArray(),
                counts = tagged.Select(t => t.Assessed.Position is not null).ToArray(),
                taxFrom = tagged.Select(t => t.Assessed.LiableFrom).ToArray(),
                amounts = tagged.Select(t => t.Assessed.AnnualAmount).ToArray(),
                tags = tagged.Select(t => t.TagNumber).ToArray(),
            }, tx, cancellationToken: ct));

            var result = shape(statute, assessment, tagged);
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO dog_tax_assessments (tenant_id, job_id, case_id, result, created_at)
                VALUES (@tenantId, @jobId, @caseId, @result::jsonb, @now)
                """, new { tenantId, jobId, caseId, result, now }, tx, cancellationToken: ct));
            return result;
        }, ct);
    }

    private sealed class StatuteRow
    {
        public DateOnly ValidFrom { get; init; }
        public DateOnly? ValidUntil { get; init; }
        public string Title { get; init; } = "";
        public decimal RateFirst { get; init; }
        public decimal RateSecond { get; init; }
        public decimal RateFurther { get; init; }
        public decimal RateListed { get; init; }
        public string LiabilityStart { get; init; } = "";
        public string[] DueDates { get; init; } = [];
        public string Exemptions { get; init; } = "[]";
        public DateTimeOffset ImportedAt { get; init; }
        public string ImportedBy { get; init; } = "";

        public DogTaxStatute ToStatute()
        {
            var exemptions = JsonSerializer.Deserialize<List<ExemptionRow>>(Exemptions, JsonSerializerOptions.Web) ?? [];
            return new DogTaxStatute(ValidFrom, ValidUntil, Title, RateFirst, RateSecond, RateFurther, RateListed,
                LiabilityStart == "same-month" ? DogTax.LiabilityStart.SameMonth : DogTax.LiabilityStart.FollowingMonth,
                DueDates.Select(d => new DueDate(int.Parse(d[..2], CultureInfo.InvariantCulture), int.Parse(d[3..], CultureInfo.InvariantCulture))).ToList(),
                exemptions.Select(e => new DogTaxExemption(e.Code, e.Label, e.Percent, e.Months)).ToList());
        }
    }

    private sealed class ExemptionRow
    {
        public string Code { get; init; } = "";
        public LocalizedText Label { get; init; } = new();
        public int Percent { get; init; }
        public int? Months { get; init; }
    }
}
