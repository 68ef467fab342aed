using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Rathaus.Platform.Database;

namespace Rathaus.Platform.Tenancy;

/// <summary>Looks tenants up by slug or host name; the registry changes rarely, so answers are cached briefly.</summary>
public sealed class TenantDirectory(Db db, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private const string Select = """
        SELECT id, slug, kind, ags, name, county_id, street, postal_code, city, phone, email, website,
               bank_name, iban, bic, host_names
        FROM tenants
        """;

    public Task<Tenant?> FindBySlugAsync(string slug, CancellationToken ct = default) =>
        CachedAsync("slug:" + slug, $"{Select} WHERE slug = @key", slug.ToLowerInvariant(), ct);

    public Task<Tenant?> FindByHostAsync(string host, CancellationToken ct = default) =>
        CachedAsync("host:" + host, $"{Select} WHERE @key = ANY(host_names)", host.ToLowerInvariant(), ct);

    public Task<IReadOnlyList<Tenant>> ListAsync(CancellationToken ct = default) =>
        db.InPlatformAsync<IReadOnlyList<Tenant>>(async (c, tx) =>
            (await c.QueryAsync<TenantRow>(new CommandDefinition($"{Select} ORDER BY name", transaction: tx, cancellationToken: ct)))
            .Select(r => r.ToTenant()).ToList(), ct);

    public Task<Tenant?> FindByIdAsync(Guid id, CancellationToken ct = default) =>
        db.InPlatformAsync(async (c, tx) =>
            (await c.QuerySingleOrDefaultAsync<TenantRow>(new CommandDefinition($"{Select} WHERE id = @id", new { id }, tx, cancellationToken: ct)))?.ToTenant(), ct);

    private async Task<Tenant?> CachedAsync(string cacheKey, string sql, string key, CancellationToken ct)
    {
        if (cache.TryGetValue(cacheKey, out Tenant? cached))
        {
            return cached;
        }
        var tenant = await db.InPlatformAsync(async (c, tx) =>
            (await c.QuerySingleOrDefaultAsync<TenantRow>(new CommandDefinition(sql, new { key }, tx, cancellationToken: ct)))?.ToTenant(), ct);
        cache.Set(cacheKey, tenant, CacheFor);
        return tenant;
    }

    internal sealed class TenantRow
    {
        public Guid Id { get; init; }
        public string Slug { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Ags { get; init; } = "";
        public string Name { get; init; } = "";
        public Guid? CountyId { get; init; }
        public string Street { get; init; } = "";
        public string PostalCode { get; init; } = "";
        public string City { get; init; } = "";
        public string Phone { get; init; } = "";
        public string Email { get; init; } = "";
        public string Website { get; init; } = "";
        public string BankName { get; init; } = "";
        public string Iban { get; init; } = "";
        public string Bic { get; init; } = "";
        public string[] HostNames { get; init; } = [];

        public Tenant ToTenant() => new(Id, Slug, Tenant.KindFromDb(Kind), Ags, Name, CountyId, Street, PostalCode, City,
            Phone, Email, Website, BankName, Iban, Bic, HostNames);
    }
}
