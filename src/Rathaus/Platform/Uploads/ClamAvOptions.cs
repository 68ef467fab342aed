using System.Globalization;
using Microsoft.Extensions.Options;

namespace Rathaus.Platform.Uploads;

/// <summary>Virus scanning of uploads through a ClamAV daemon (clamd). Without an endpoint, uploads are not scanned.</summary>
public sealed class ClamAvOptions
{
    public const string Section = "ClamAv";

    /// <summary><c>unix:/run/clamav/clamd.ctl</c> or <c>tcp://host:3310</c>; empty: no scan.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>How long one scan, including connecting, may take before the upload is refused as not checkable.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>clamd's <c>StreamMaxLength</c> (Debian's clamd.conf: 25M); must be at least <c>Uploads:MaxFileBytes</c>.</summary>
    public long StreamMaxLength { get; set; } = 25 * 1024 * 1024;
}

/// <summary>Where clamd listens: a unix socket or a TCP port.</summary>
public sealed record ClamAvEndpoint(string? SocketPath, string? Host, int Port)
{
    /// <summary>Reads <c>unix:/path</c> or <c>tcp://host:port</c>; null when the text is neither.</summary>
    public static ClamAvEndpoint? Parse(string text)
    {
        if (text.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = text["unix:".Length..];
            if (path.StartsWith("//", StringComparison.Ordinal))
            {
                path = path[2..];
            }
            return Path.IsPathFullyQualified(path) ? new ClamAvEndpoint(path, null, 0) : null;
        }
        if (text.StartsWith("tcp://", StringComparison.Ordinal)
            && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Port is > 0 and <= 65535
            && uri.AbsolutePath == "/" && !string.IsNullOrEmpty(uri.Host))
        {
            return new ClamAvEndpoint(null, uri.IdnHost, uri.Port);
        }
        return null;
    }

    public override string ToString() =>
        SocketPath is not null ? "unix:" + SocketPath : string.Create(CultureInfo.InvariantCulture, $"tcp://{Host}:{Port}");
}

internal sealed class ClamAvOptionsValidation(IOptions<UploadOptions> uploads) : IValidateOptions<ClamAvOptions>
{
    public ValidateOptionsResult Validate(string? name, ClamAvOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Endpoint))
        {
            return ValidateOptionsResult.Success;
        }
        var failures = new List<string>();
        if (ClamAvEndpoint.Parse(options.Endpoint) is null)
        {
            failures.Add($"Setting 'ClamAv:Endpoint' must be 'unix:/path/to/clamd.ctl' or 'tcp://host:port', not '{options.Endpoint}'.");
        }
        if (options.TimeoutSeconds < 1)
        {
            failures.Add("Setting 'ClamAv:TimeoutSeconds' must be at least 1.");
        }
        if (options.StreamMaxLength < uploads.Value.MaxFileBytes)
        {
            failures.Add($"Setting 'ClamAv:StreamMaxLength' ({options.StreamMaxLength}) is smaller than 'Uploads:MaxFileBytes' " +
                         $"({uploads.Value.MaxFileBytes}): raise StreamMaxLength in clamd.conf and here, or lower the upload limit.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
