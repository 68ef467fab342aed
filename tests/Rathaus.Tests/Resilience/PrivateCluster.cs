using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Rathaus.Tests.Resilience;

/// <summary>
/// A PostgreSQL server of its own for tests that stop and start it, on loopback and a free port, in a temporary
/// folder. As root the server runs as the 'postgres' user, as the launcher does.
/// </summary>
public sealed class PrivateCluster : IAsyncLifetime
{
    private readonly string _bin = Directory.GetDirectories("/usr/lib/postgresql")
        .Select(d => Path.Combine(d, "bin"))
        .Where(d => File.Exists(Path.Combine(d, "initdb")))
        .OrderByDescending(d => int.Parse(Path.GetFileName(Path.GetDirectoryName(d))!, System.Globalization.CultureInfo.InvariantCulture))
        .First();

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "rathaus-pg-" + Guid.NewGuid().ToString("N")[..12]);

    public int Port { get; } = FreePort();

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database=rathaus;Username=postgres;Timeout=5;Command Timeout=30";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres", Folder);
        }
        await AsPostgresAsync(Path.Combine(_bin, "initdb"), "-D", Folder, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await StartAsync();
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Database=postgres;Username=postgres");
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE DATABASE rathaus", connection);
        await create.ExecuteNonQueryAsync();
    }

    public Task StartAsync() => AsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", Folder, "-l", Path.Combine(Folder, "server.log"), "-w", "-t", "60",
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {Folder} -c max_connections=200", "start");

    public Task StopAsync() => AsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", Folder, "-m", "fast", "-w", "stop");

    public async Task DisposeAsync()
    {
        try
        {
            await AsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", Folder, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task AsPostgresAsync(params string[] command) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", .. command]) : RunAsync(command[0], command[1..]);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
