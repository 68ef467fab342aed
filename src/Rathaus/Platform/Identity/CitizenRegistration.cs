using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using Rathaus.Platform.Database;
using Rathaus.Platform.Mail;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Platform.Identity;

/// <summary>
/// Portal accounts with e-mail and password. Registering an address that already has an account looks the
/// same to the person registering (the owner of the address is told by e-mail instead), so the form
/// cannot be used to find out who has an account.
/// </summary>
public sealed class CitizenRegistration(
    Db db, Passwords passwords, IMailSender mail, TimeProvider time, IOptions<RathausIdentityOptions> options,
    IStringLocalizer<SharedResource> text)
{
    public async Task RegisterAsync(Tenant tenant, string email, string displayName, string password, Uri confirmBase, CancellationToken ct)
    {
        var token = RandomNumberGenerator.GetHexString(48, lowercase: true);
        var created = await db.InTenantAsync(tenant.Id, async (c, tx) =>
        {
            var citizenId = Guid.CreateVersion7();
            var inserted = await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO citizen_accounts (id, tenant_id, email, display_name, password_hash, assurance_level)
                VALUES (@citizenId, @tenantId, @email, @displayName, @hash, 'basic')
                ON CONFLICT (tenant_id, lower(email)) DO NOTHING
                """, new { citizenId, tenantId = tenant.Id, email, displayName, hash = passwords.Hash(password) }, tx, cancellationToken: ct));
            if (inserted == 0)
            {
                return false;
            }
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO citizen_email_tokens (token_hash, tenant_id, citizen_id, expires_at)
                VALUES (@hash, @tenantId, @citizenId, @expires)
                """, new { hash = Hash(token), tenantId = tenant.Id, citizenId, expires = time.GetUtcNow() + options.Value.EmailConfirmationValidity }, tx, cancellationToken: ct));
            return true;
        }, ct);

        if (created)
        {
            var link = new Uri(confirmBase, "?token=" + token);
            await mail.SendAsync(email, text["Mail.Confirm.Subject", tenant.Name], text["Mail.Confirm.Body", displayName, tenant.Name, link], ct);
        }
        else
        {
            await mail.SendAsync(email, text["Mail.Exists.Subject", tenant.Name], text["Mail.Exists.Body", tenant.Name], ct);
        }
    }

    /// <summary>Confirms the address behind a token; false when the token is unknown, used or expired.</summary>
    public Task<bool> ConfirmAsync(Tenant tenant, string token, CancellationToken ct) =>
        db.InTenantAsync(tenant.Id, async (c, tx) =>
        {
            var citizenId = await c.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition("""
                UPDATE citizen_email_tokens SET used_at = @now
                WHERE token_hash = @hash AND used_at IS NULL AND expires_at > @now
                RETURNING citizen_id
                """, new { hash = Hash(token), now = time.GetUtcNow() }, tx, cancellationToken: ct));
            if (citizenId is null)
            {
                return false;
            }
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE citizen_accounts SET email_confirmed_at = @now WHERE id = @citizenId AND email_confirmed_at IS NULL",
                new { citizenId, now = time.GetUtcNow() }, tx, cancellationToken: ct));
            return true;
        }, ct);

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
