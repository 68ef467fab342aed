using Dapper;
using Rathaus.Platform.Database;

namespace Rathaus.Platform.Tenancy;

/// <summary>An organisational unit of a tenant (Organisationseinheit), e.g. Bürgerbüro or Ordnungsamt.</summary>
public sealed record Department(Guid Id, string Key, string Name, string Kind, string Email, string Phone);

/// <summary>Reads a tenant's departments.</summary>
public sealed class Departments(Db db)
{
    public Task<IReadOnlyList<Department>> ListAsync(Guid tenantId, CancellationToken ct = default) =>
        db.InTenantAsync<IReadOnlyList<Department>>(tenantId, async (c, tx) =>
            (await c.QueryAsync<Department>(new CommandDefinition(
                "SELECT id, key, name, kind, email, phone FROM departments ORDER BY name", transaction: tx, cancellationToken: ct))).ToList(), ct);
}
