using System.Security.Claims;
using Dapper;
using Npgsql;

namespace Rathaus.Platform.Identity;

/// <summary>Builds the claims of a signed-in account from the database.</summary>
public static class Principals
{
    public static async Task<ClaimsPrincipal> StaffAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid tenantId, Guid staffId, CancellationToken ct)
    {
        var account = await c.QuerySingleAsync<(string Email, string DisplayName, string[] Roles)>(new CommandDefinition(
            "SELECT email, display_name, roles FROM staff_accounts WHERE id = @staffId", new { staffId }, tx, cancellationToken: ct));
        var departments = (await c.QueryAsync<string>(new CommandDefinition("""
            SELECT d.key FROM department_members m JOIN departments d ON d.id = m.department_id
            WHERE m.staff_id = @staffId ORDER BY d.key
            """, new { staffId }, tx, cancellationToken: ct))).ToList();
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, staffId.ToString()),
            new(ClaimTypes.Name, account.DisplayName),
            new(ClaimTypes.Email, account.Email),
            new(RathausClaims.Tenant, tenantId.ToString()),
        };
        claims.AddRange(account.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(departments.Select(d => new Claim(RathausClaims.Department, d)));
        if (departments.Count > 0)
        {
            claims.Add(new Claim(ClaimTypes.Role, Roles.Caseworker));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthSchemes.Staff));
    }

    public static async Task<ClaimsPrincipal> CitizenAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid tenantId, Guid citizenId, CancellationToken ct)
    {
        var account = await c.QuerySingleAsync<(string Email, string DisplayName, string AssuranceLevel)>(new CommandDefinition(
            "SELECT email, display_name, assurance_level FROM citizen_accounts WHERE id = @citizenId", new { citizenId }, tx, cancellationToken: ct));
        return new ClaimsPrincipal(new ClaimsIdentity(
        [
            new(ClaimTypes.NameIdentifier, citizenId.ToString()),
            new(ClaimTypes.Name, account.DisplayName),
            new(ClaimTypes.Email, account.Email),
            new(RathausClaims.Tenant, tenantId.ToString()),
            new(RathausClaims.AssuranceLevel, account.AssuranceLevel),
        ], AuthSchemes.Citizen));
    }

    public static async Task<ClaimsPrincipal> OperatorAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid operatorId, CancellationToken ct)
    {
        var account = await c.QuerySingleAsync<(string Email, string DisplayName)>(new CommandDefinition(
            "SELECT email, display_name FROM platform_operators WHERE id = @operatorId", new { operatorId }, tx, cancellationToken: ct));
        return new ClaimsPrincipal(new ClaimsIdentity(
        [
            new(ClaimTypes.NameIdentifier, operatorId.ToString()),
            new(ClaimTypes.Name, account.DisplayName),
            new(ClaimTypes.Email, account.Email),
            new(ClaimTypes.Role, Roles.PlatformOperator),
        ], AuthSchemes.Operator));
    }
}
