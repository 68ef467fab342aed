using Dapper;
using Npgsql;

namespace Rathaus.Platform.Database;

/// <summary>
/// Runs work in one transaction on the application's connection, with the tenant set for exactly that
/// transaction; a query that forgets its tenant filter still sees only the tenant's rows.
/// </summary>
public sealed class Db(NpgsqlDataSource dataSource)
{
    public Task<T> InTenantAsync<T>(Guid tenantId, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct = default) =>
        RunAsync(tenantId, work, ct);

    public Task InTenantAsync(Guid tenantId, Func<NpgsqlConnection, NpgsqlTransaction, Task> work, CancellationToken ct = default) =>
        RunAsync<object?>(tenantId, async (c, t) => { await work(c, t); return null; }, ct);

    /// <summary>Work that touches no tenant-owned row (the tenant registry, operators).</summary>
    public Task<T> InPlatformAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct = default) =>
        RunAsync(null, work, ct);

    private async Task<T> RunAsync<T>(Guid? tenantId, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (tenantId is { } tenant)
        {
            // is_local = true: the setting ends with the transaction, so a pooled connection carries nothing over.
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT set_config('rathaus.tenant_id', @tenant, true)", new { tenant = tenant.ToString() }, tx, cancellationToken: ct));
        }
        var result = await work(connection, tx);
        await tx.CommitAsync(ct);
        return result;
    }
}
