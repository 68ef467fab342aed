using Dapper;
using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Cases;

/// <summary>
/// Case references (Aktenzeichen of an application) in the form <c>MST-HUND-2026-000123</c>: tenant prefix, the
/// service's reference code, year, a number counted per tenant, code and year.
/// </summary>
/// <remarks>
/// A number is taken in its own short transaction, like a sequence, so that concurrent submissions of one service
/// do not queue behind one counter row until each commits. A submission that fails after taking a number leaves a
/// gap; references are unique and increasing, not gap-free.
/// The number's transaction commits without waiting for its WAL flush: the submission that uses the number
/// commits later with a flush, which makes the number durable with it (WAL is written in order); a number whose
/// submission never committed may be handed out again after a crash, which nobody has seen.
/// </remarks>
public sealed class CaseReferences(Db db)
{
    public async Task<string> NextAsync(Tenant tenant, string code, int year, CancellationToken ct)
    {
        var number = await db.InTenantAsync(tenant.Id, (connection, tx) => connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            SET LOCAL synchronous_commit = off;
            INSERT INTO case_reference_counters (tenant_id, code, year, last_value)
            VALUES (@tenantId, @code, @year, 1)
            ON CONFLICT (tenant_id, code, year) DO UPDATE SET last_value = case_reference_counters.last_value + 1
            RETURNING last_value
            """, new { tenantId = tenant.Id, code, year }, tx, cancellationToken: ct)), ct);
        return Format(PrefixOf(tenant), code, year, number);
    }

    public static string Format(string prefix, string code, int year, long number) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{prefix}-{code}-{year}-{number:000000}");

    /// <summary>
    /// The tenant's three-letter prefix: the first letter of its slug and the next two consonants
    /// (musterstadt → MST, beispielheim → BSP), or its first three letters when it has too few consonants.
    /// </summary>
    public static string PrefixOf(Tenant tenant)
    {
        var letters = tenant.Slug.Where(char.IsAsciiLetter).Select(char.ToUpperInvariant).ToArray();
        var consonants = letters.Skip(1).Where(c => !"AEIOU".Contains(c, StringComparison.Ordinal)).Take(2).ToArray();
        return consonants.Length == 2
            ? new string([letters[0], .. consonants])
            : new string(letters.Take(3).ToArray());
    }
}
