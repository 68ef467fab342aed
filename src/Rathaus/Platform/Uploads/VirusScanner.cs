namespace Rathaus.Platform.Uploads;

/// <summary>Checks content for malware.</summary>
public interface IVirusScanner
{
    /// <summary>False when no scanner is configured: content passes unchecked.</summary>
    bool Enabled { get; }

    /// <summary>Reads <paramref name="content"/> to its end and says what the scanner found.</summary>
    Task<ScanResult> ScanAsync(Stream content, CancellationToken ct);
}

public enum ScanOutcome
{
    /// <summary>No scanner is configured.</summary>
    NotScanned,
    Clean,
    Infected,
    /// <summary>The scanner could not give an answer (not reachable, timeout, error): treat the content as unchecked.</summary>
    Unavailable,
}

/// <param name="Detail">For <see cref="ScanOutcome.Infected"/> the signature name, for <see cref="ScanOutcome.Unavailable"/> why.</param>
public sealed record ScanResult(ScanOutcome Outcome, string? Detail = null)
{
    public static readonly ScanResult NotScanned = new(ScanOutcome.NotScanned);
    public static readonly ScanResult Clean = new(ScanOutcome.Clean);
}

/// <summary>Used when <c>ClamAv:Endpoint</c> is not set.</summary>
public sealed class NoVirusScanner : IVirusScanner
{
    public bool Enabled => false;

    public Task<ScanResult> ScanAsync(Stream content, CancellationToken ct) => Task.FromResult(ScanResult.NotScanned);
}
