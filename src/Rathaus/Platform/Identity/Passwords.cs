using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Rathaus.Platform.Identity;

/// <summary>Hashes and checks passwords with ASP.NET Core Identity's hasher (PBKDF2, salted, versioned).</summary>
public sealed class Passwords(IOptions<RathausIdentityOptions> options)
{
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object Nobody = new();

    // Checked against when an account does not exist, so that an unknown address costs as long as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => Hasher.HashPassword(Nobody, RandomNumberGenerator.GetHexString(32)));

    public string Hash(string password) => Hasher.HashPassword(Nobody, password);

    public PasswordVerificationResult Verify(string? hash, string password)
    {
        if (hash is null)
        {
            Hasher.VerifyHashedPassword(Nobody, DummyHash.Value, password);
            return PasswordVerificationResult.Failed;
        }
        return Hasher.VerifyHashedPassword(Nobody, hash, password);
    }

    /// <summary>Returns null when the password is acceptable, otherwise a resource key naming the reason.</summary>
    public string? Check(string? password) =>
        string.IsNullOrEmpty(password) || password.Length < options.Value.MinimumPasswordLength ? "Password.TooShort"
        : password.Length > 256 ? "Password.TooLong"
        : null;

    /// <summary>A strong random password for accounts that an operator creates.</summary>
    public static string Generate() =>
        RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-", 20);
}
