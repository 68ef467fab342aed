using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Rathaus.Tests.Resilience;

/// <summary>
/// Rathaus as its own operating-system process (the build next to the tests), so that a test can kill it with
/// SIGKILL and start it again on the same database, blob folder and port.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly string _log;
    private Process? _process;

    public AppProcess(string connectionString, string dataFolder)
    {
        Port = FreePort();
        _log = Path.Combine(dataFolder, "app.log");
        _environment = new()
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__ConnectionString"] = connectionString,
            ["Demo__Seed"] = "true",
            ["Blobs__Path"] = Path.Combine(dataFolder, "blobs"),
            ["Mail__PickupDirectory"] = Path.Combine(dataFolder, "mail"),
            ["Logging__LogLevel__Default"] = "Warning",
            ["Processes__JobExecutor__PollInterval"] = "00:00:00.200",
            // Jobs the killed process had locked are taken over when their lock expires; the default of five
            // minutes would only make the test wait.
            ["Processes__JobExecutor__LockDuration"] = "00:00:10",
        };
    }

    public int Port { get; }

    /// <summary>A client for a tenant, by path (<c>/t/{slug}/</c>).</summary>
    public HttpClient ClientFor(string slug) =>
        new() { BaseAddress = new Uri($"http://127.0.0.1:{Port}/t/{slug}/"), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Runs an operator command (<c>admin …</c>) against the same database and waits for it.</summary>
    public async Task<string> AdminAsync(params string[] arguments)
    {
        using var process = Process.Start(StartInfo(arguments))!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"admin {string.Join(' ', arguments)}: {output}{error}");
    }

    /// <summary>Starts the application and waits until it reports ready.</summary>
    public async Task StartAsync()
    {
        _process = Process.Start(StartInfo([]))!;
        _ = PumpAsync(_process.StandardOutput);
        _ = PumpAsync(_process.StandardError);
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Rathaus exited with {_process.ExitCode}; see {_log}");
            }
            try
            {
                if ((await probe.GetAsync($"http://127.0.0.1:{Port}/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Rathaus did not become ready; see {_log}");
    }

    /// <summary>Kills the process without warning (SIGKILL), as a crash or an out-of-memory kill would.</summary>
    public async Task KillAsync()
    {
        _process!.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await KillAsync();
        }
    }

    private ProcessStartInfo StartInfo(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The content root holds appsettings.json and wwwroot, as when the launcher starts the app.
            WorkingDirectory = Path.Combine(RepositoryRoot(), "src", "Rathaus"),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Rathaus.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }
        return start;
    }

    private async Task PumpAsync(StreamReader reader)
    {
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            await File.AppendAllTextAsync(_log, line + Environment.NewLine);
        }
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Rathaus.slnx")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("Rathaus.slnx not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
