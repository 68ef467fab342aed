using Microsoft.Playwright;

namespace Rathaus.Browser.Tests.Infrastructure;

/// <summary>Debian's Chromium, which <c>./rathaus test</c> installs; <c>RATHAUS_CHROMIUM</c> names another binary.</summary>
internal static class Chromium
{
    public const string DebianPath = "/usr/bin/chromium";

    public static string ExecutablePath
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("RATHAUS_CHROMIUM") is { Length: > 0 } configured ? configured : DebianPath;
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException(
                    $"Chromium is missing at {path}: ./rathaus test installs Debian's chromium (apt-get install chromium), or set RATHAUS_CHROMIUM.");
        }
    }

    public static BrowserTypeLaunchOptions LaunchOptions() => new()
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        Args =
        [
            // Chromium refuses to start as root with its sandbox; as any other user it keeps it.
            .. Environment.IsPrivilegedProcess ? ["--no-sandbox"] : Array.Empty<string>(),
            // Tenants are host names (musterstadt.localhost); the app listens on IPv4 loopback only.
            "--host-resolver-rules=MAP *.localhost 127.0.0.1",
        ],
    };
}
