using Dapper;
using Npgsql;
using Rathaus.Platform.Database;
using Rathaus.Platform.Identity;

namespace Rathaus.Platform.Tenancy;

/// <summary>A request an operator made that cannot be carried out; the message says why.</summary>
public sealed class AdministrationException(string message) : Exception(message);

/// <summary>What a new tenant needs.</summary>
public sealed record NewTenant(
    string Slug, TenantKind Kind, string Ags, string Name, string? CountySlug = null,
    string Street = "", string PostalCode = "", string City = "", string Phone = "", string Email = "",
    string Website = "", string BankName = "", string Iban = "", string Bic = "");

/// <summary>
/// Creates tenants, departments and accounts. Used by the operator's command line and the demo; connects as
/// the schema owner, since the application's role may not create tenants. Row-level security does not bind an
/// owner that is a superuser, so every statement names its tenant itself.
/// </summary>
public sealed class TenantAdministration(RathausDataSources dataSources, Passwords passwords)
{
    private readonly Db _owner = new(dataSources.Owner);

    public Task<Guid> AddTenantAsync(NewTenant t, CancellationToken ct = default)
    {
        if (Ags.Validate(t.Ags) is { } agsProblem)
        {
            throw new AdministrationException($"AGS '{t.Ags}' is not valid: it {agsProblem}.");
        }
        if (!System.Text.RegularExpressions.Regex.IsMatch(t.Slug, "^[a-z0-9][a-z0-9-]{1,62}$"))
        {
            throw new AdministrationException($"Slug '{t.Slug}' is not valid: use 2–63 lower-case letters, digits and hyphens.");
        }
        if (string.IsNullOrWhiteSpace(t.Name) || t.Name.Length > 200)
        {
            throw new AdministrationException("A tenant needs a name of 1–200 characters.");
        }
        return _owner.InPlatformAsync(async (c, tx) =>
        {
            Guid? countyId = null;
            if (t.CountySlug is not null)
            {
                var county = await c.QuerySingleOrDefaultAsync<(Guid Id, string Kind, string Ags)>(new CommandDefinition(
                    "SELECT id, kind, ags FROM tenants WHERE slug = @slug", new { slug = t.CountySlug }, tx, cancellationToken: ct));
                if (county.Id == Guid.Empty || county.Kind != "kreis")
                {
                    throw new AdministrationException($"There is no county with slug '{t.CountySlug}'.");
                }
                if (Ags.CountyKey(county.Ags) != Ags.CountyKey(t.Ags))
                {
                    throw new AdministrationException($"AGS {t.Ags} does not lie in county {t.CountySlug} (AGS {county.Ags}): the first five digits differ.");
                }
                countyId = county.Id;
            }
            else if (t.Kind == TenantKind.County && !t.Ags.EndsWith("000", StringComparison.Ordinal))
            {
                throw new AdministrationException($"A county's AGS ends in 000; '{t.Ags}' does not.");
            }
            var id = Guid.CreateVersion7();
            try
            {
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO tenants (id, slug, kind, ags, name, county_id, street, postal_code, city, phone, email, website, bank_name, iban, bic)
                    VALUES (@id, @Slug, @kind, @Ags, @Name, @countyId, @Street, @PostalCode, @City, @Phone, @Email, @Website, @BankName, @Iban, @Bic)
                    """, new { id, t.Slug, kind = Tenant.KindToDb(t.Kind), t.Ags, t.Name, countyId, t.Street, t.PostalCode, t.City, t.Phone, t.Email, t.Website, t.BankName, t.Iban, t.Bic },
                    tx, cancellationToken: ct));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new AdministrationException($"A tenant with slug '{t.Slug}' or AGS '{t.Ags}' exists already.");
            }
            return id;
        }, ct);
    }

    public Task<Guid> AddDepartmentAsync(string tenantSlug, string key, string name, string kind, string email = "", string phone = "", CancellationToken ct = default) =>
        InTenantAsync(tenantSlug, async (tenantId, c, tx) =>
        {
            var id = Guid.CreateVersion7();
            try
            {
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO departments (id, tenant_id, key, name, kind, email, phone)
                    VALUES (@id, @tenantId, @key, @name, @kind, @email, @phone)
                    """, new { id, tenantId, key, name, kind, email, phone }, tx, cancellationToken: ct));
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.CheckViolation)
            {
                throw new AdministrationException($"Department key '{key}' is taken or not valid (lower-case letters, digits, hyphens).");
            }
            return id;
        }, ct);

    /// <summary>Adds a staff account; roles are <see cref="Roles.Stored"/>, departments by key.</summary>
    public Task<Guid> AddStaffAsync(string tenantSlug, string email, string displayName, string password,
        IReadOnlyCollection<string> roles, IReadOnlyCollection<string> departmentKeys, CancellationToken ct = default)
    {
        CheckPassword(password);
        var unknownRole = roles.FirstOrDefault(r => !Roles.Stored.Contains(r));
        if (unknownRole is not null)
        {
            throw new AdministrationException($"Unknown role '{unknownRole}'. Roles: {string.Join(", ", Roles.Stored)}; caseworker follows from department membership.");
        }
        return InTenantAsync(tenantSlug, async (tenantId, c, tx) =>
        {
            var id = Guid.CreateVersion7();
            try
            {
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO staff_accounts (id, tenant_id, email, display_name, password_hash, roles)
                    VALUES (@id, @tenantId, @email, @displayName, @hash, @roles)
                    """, new { id, tenantId, email, displayName, hash = passwords.Hash(password), roles = roles.ToArray() }, tx, cancellationToken: ct));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new AdministrationException($"There is already a staff account for {email} in {tenantSlug}.");
            }
            foreach (var key in departmentKeys)
            {
                var added = await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO department_members (tenant_id, department_id, staff_id)
                    SELECT @tenantId, id, @id FROM departments WHERE tenant_id = @tenantId AND key = @key
                    """, new { tenantId, id, key }, tx, cancellationToken: ct));
                if (added == 0)
                {
                    throw new AdministrationException($"There is no department '{key}' in {tenantSlug}.");
                }
            }
            return id;
        }, ct);
    }

    /// <summary>Adds a portal account with a confirmed address (the demo and support desks use it).</summary>
    public Task<Guid> AddCitizenAsync(string tenantSlug, string email, string displayName, string password, string assuranceLevel, CancellationToken ct = default)
    {
        CheckPassword(password);
        return InTenantAsync(tenantSlug, async (tenantId, c, tx) =>
        {
            var id = Guid.CreateVersion7();
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO citizen_accounts (id, tenant_id, email, display_name, password_hash, email_confirmed_at, assurance_level)
                VALUES (@id, @tenantId, @email, @displayName, @hash, now(), @assuranceLevel)
                """, new { id, tenantId, email, displayName, hash = passwords.Hash(password), assuranceLevel }, tx, cancellationToken: ct));
            return id;
        }, ct);
    }

    public Task<Guid> AddOperatorAsync(string email, string displayName, string password, CancellationToken ct = default)
    {
        CheckPassword(password);
        return _owner.InPlatformAsync(async (c, tx) =>
        {
            var id = Guid.CreateVersion7();
            try
            {
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO platform_operators (id, email, display_name, password_hash) VALUES (@id, @email, @displayName, @hash)
                    """, new { id, email, displayName, hash = passwords.Hash(password) }, tx, cancellationToken: ct));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new AdministrationException($"There is already an operator account for {email}.");
            }
            return id;
        }, ct);
    }

    /// <summary>Sets a staff member's new password and lifts a lock.</summary>
    public async Task ResetStaffPasswordAsync(string tenantSlug, string email, string password, CancellationToken ct = default)
    {
        CheckPassword(password);
        var changed = await InTenantAsync(tenantSlug, (tenantId, c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE staff_accounts SET password_hash = @hash, failed_sign_ins = 0, locked_until = NULL WHERE tenant_id = @tenantId AND lower(email) = lower(@email)",
            new { hash = passwords.Hash(password), email, tenantId }, tx, cancellationToken: ct)), ct);
        if (changed == 0)
        {
            throw new AdministrationException($"There is no staff account {email} in {tenantSlug}.");
        }
    }

    public Task<bool> AnyTenantAsync(CancellationToken ct = default) =>
        _owner.InPlatformAsync((c, tx) => c.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM tenants)", transaction: tx, cancellationToken: ct)), ct);

    private void CheckPassword(string password)
    {
        if (passwords.Check(password) is not null)
        {
            throw new AdministrationException("The password is too short or too long.");
        }
    }

    private async Task<T> InTenantAsync<T>(string slug, Func<Guid, NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        var tenantId = await _owner.InPlatformAsync((c, tx) => c.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
                "SELECT id FROM tenants WHERE slug = @slug", new { slug }, tx, cancellationToken: ct)), ct)
            ?? throw new AdministrationException($"There is no tenant '{slug}'.");
        return await _owner.InTenantAsync(tenantId, (c, tx) => work(tenantId, c, tx), ct);
    }
}
