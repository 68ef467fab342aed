using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Rathaus.Platform.Identity;

/// <summary>The tables that hold accounts with passwords; all three have the same sign-in columns.</summary>
public enum AccountTable
{
    Staff,
    Citizen,
    Operator,
}

/// <summary>How a sign-in attempt ended. Callers show one message for every failure, so addresses cannot be probed.</summary>
public enum SignInOutcome
{
    Succeeded,
    Failed,
    EmailNotConfirmed,
}

/// <summary>
/// Checks a password and keeps the failure count: after <see cref="RathausIdentityOptions.MaxFailedSignIns"/>
/// failures in a row the account is locked for <see cref="RathausIdentityOptions.LockoutDuration"/>.
/// Runs inside the caller's transaction (with the tenant set for tenant-owned accounts).
/// </summary>
public sealed class AccountSignIn(Passwords passwords, TimeProvider time, IOptions<RathausIdentityOptions> options)
{
    public async Task<(SignInOutcome Result, Guid AccountId)> SignInAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, AccountTable table, string email, string password, CancellationToken ct)
    {
        var name = TableName(table);
        var confirmed = table == AccountTable.Citizen ? "email_confirmed_at IS NOT NULL" : "true";
        var account = await connection.QuerySingleOrDefaultAsync<(Guid Id, string? Hash, DateTimeOffset? LockedUntil, bool Disabled, bool Confirmed)>(
            new CommandDefinition(
                $"SELECT id, password_hash, locked_until, disabled, {confirmed} FROM {name} WHERE lower(email) = lower(@email) FOR UPDATE",
                new { email }, tx, cancellationToken: ct));
        var now = time.GetUtcNow();
        if (account.Id == Guid.Empty)
        {
            passwords.Verify(null, password);
            return (SignInOutcome.Failed, Guid.Empty);
        }
        if (account.Disabled || account.LockedUntil > now)
        {
            passwords.Verify(null, password);
            return (SignInOutcome.Failed, Guid.Empty);
        }
        var verified = passwords.Verify(account.Hash, password);
        if (verified == PasswordVerificationResult.Failed)
        {
            await connection.ExecuteAsync(new CommandDefinition($"""
                UPDATE {name}
                SET failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= @max THEN 0 ELSE failed_sign_ins + 1 END,
                    locked_until    = CASE WHEN failed_sign_ins + 1 >= @max THEN @until ELSE locked_until END
                WHERE id = @id
                """, new { id = account.Id, max = options.Value.MaxFailedSignIns, until = now + options.Value.LockoutDuration }, tx, cancellationToken: ct));
            return (SignInOutcome.Failed, Guid.Empty);
        }
        var newHash = verified == PasswordVerificationResult.SuccessRehashNeeded ? passwords.Hash(password) : account.Hash;
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {name} SET failed_sign_ins = 0, locked_until = NULL, password_hash = @newHash WHERE id = @id",
            new { id = account.Id, newHash }, tx, cancellationToken: ct));
        return account.Confirmed ? (SignInOutcome.Succeeded, account.Id) : (SignInOutcome.EmailNotConfirmed, Guid.Empty);
    }

    private static string TableName(AccountTable table) => table switch
    {
        AccountTable.Staff => "staff_accounts",
        AccountTable.Citizen => "citizen_accounts",
        AccountTable.Operator => "platform_operators",
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };
}
