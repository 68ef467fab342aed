using Microsoft.Extensions.Options;

namespace Rathaus.Platform.Tenancy;

/// <summary>How a request names its tenant.</summary>
public sealed class TenancyOptions
{
    public const string Section = "Tenancy";

    /// <summary>Resolve from the host name: <c>musterstadt.{BaseDomain}</c> or a host listed for the tenant.</summary>
    public bool ByHost { get; set; } = true;

    /// <summary>Resolve from a path prefix: <c>/t/musterstadt/…</c>.</summary>
    public bool ByPath { get; set; } = true;

    /// <summary>The domain below which each tenant has its sub-domain.</summary>
    public string BaseDomain { get; set; } = "localhost";
}

internal sealed class TenancyOptionsValidation : IValidateOptions<TenancyOptions>
{
    public ValidateOptionsResult Validate(string? name, TenancyOptions options)
    {
        if (!options.ByHost && !options.ByPath)
        {
            return ValidateOptionsResult.Fail("Settings 'Tenancy:ByHost' and 'Tenancy:ByPath' are both false: no request could name its tenant.");
        }
        if (options.ByHost && (string.IsNullOrWhiteSpace(options.BaseDomain) || options.BaseDomain.Contains('/', StringComparison.Ordinal)))
        {
            return ValidateOptionsResult.Fail("Setting 'Tenancy:BaseDomain' must be a domain name such as 'rathaus.example.de'.");
        }
        return ValidateOptionsResult.Success;
    }
}
