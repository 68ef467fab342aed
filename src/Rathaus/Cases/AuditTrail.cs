using Dapper;
using Npgsql;

namespace Rathaus.Cases;

/// <summary>One access to or change of personal data: who, in which role, what, which case, why.</summary>
public sealed record AuditEntry(
    string ActorKind,
    string? ActorId,
    string Action,
    Guid? CaseId,
    Guid? DocumentId,
    string Purpose,
    string? CorrelationId)
{
    /// <summary>The role the actor acted in (e.g. <c>caseworker:ordnungsamt</c>, <c>auditor</c>), where it is not evident from the actor kind.</summary>
    public string? Role { get; init; }
}

/// <summary>
/// Appends audit entries inside the caller's transaction, so an entry exists exactly when the work it records
/// was committed. The application's role may only insert into and read the table; every entry is linked into the
/// tenant's hash chain shortly after (<see cref="AuditChain"/>).
/// </summary>
public sealed class AuditTrail(TimeProvider time)
{
    public Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenantId, AuditEntry entry, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO audit_entries (tenant_id, at, actor_kind, actor_id, actor_role, action, case_id, document_id, purpose, correlation_id)
            VALUES (@tenantId, @at, @ActorKind, @ActorId, @Role, @Action, @CaseId, @DocumentId, @Purpose, @CorrelationId)
            """, new
        {
            tenantId,
            at = time.GetUtcNow(),
            entry.ActorKind,
            entry.ActorId,
            entry.Role,
            entry.Action,
            entry.CaseId,
            entry.DocumentId,
            entry.Purpose,
            entry.CorrelationId,
        }, tx, cancellationToken: ct));
}
