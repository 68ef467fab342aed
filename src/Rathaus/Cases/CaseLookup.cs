using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Rathaus.Platform.Database;

namespace Rathaus.Cases;

/// <summary>What notices and messages need to know of a case.</summary>
/// <param name="CitizenId">The applicant's account; null for an anonymous or API application (no mailbox).</param>
/// <param name="CitizenName">The account's display name.</param>
/// <param name="Language">The language the application was made in (<c>de</c>, <c>en</c>): notices and messages use it.</param>
/// <param name="Data">The form data as submitted.</param>
public sealed record CaseFacts(
    Guid Id,
    string Reference,
    string ServiceId,
    string ServiceVersion,
    string DepartmentKey,
    Guid? CitizenId,
    string? CitizenName,
    DateTimeOffset SubmittedAt,
    string Language,
    JsonObject Data);

/// <summary>Reads a case's facts in its tenant.</summary>
public sealed class CaseLookup(Db db)
{
    internal const string Select = """
        SELECT c.id, c.reference, c.service_id, c.service_version, c.department_key, c.citizen_id, a.display_name AS citizen_name,
               c.submitted_at, c.language, c.data::text AS data
        FROM cases c LEFT JOIN citizen_accounts a ON a.id = c.citizen_id
        """;

    /// <summary>The case, or null when the tenant has no case with this id.</summary>
    public Task<CaseFacts?> FindAsync(Guid tenantId, Guid caseId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, (c, tx) => FindAsync(c, tx, caseId, ct), ct);

    /// <summary>The same inside the caller's tenant transaction.</summary>
    public static async Task<CaseFacts?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid caseId, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            Select + " WHERE c.id = @caseId", new { caseId }, tx, cancellationToken: ct));
        return row?.ToFacts();
    }

    private sealed class Row
    {
        public Guid Id { get; init; }
        public string Reference { get; init; } = "";
        public string ServiceId { get; init; } = "";
        public string ServiceVersion { get; init; } = "";
        public string DepartmentKey { get; init; } = "";
        public Guid? CitizenId { get; init; }
        public string? CitizenName { get; init; }
        public DateTimeOffset SubmittedAt { get; init; }
        public string Language { get; init; } = "de";
        public string Data { get; init; } = "{}";

        public CaseFacts ToFacts() => new(Id, Reference, ServiceId, ServiceVersion, DepartmentKey, CitizenId, CitizenName, SubmittedAt, Language,
            JsonNode.Parse(Data) as JsonObject ?? []);
    }
}
