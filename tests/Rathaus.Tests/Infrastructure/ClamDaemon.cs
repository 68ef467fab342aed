using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rathaus.Tests.Infrastructure;

/// <summary>
/// Debian's real clamd, started for the tests: Debian ships no signature database and there is no internet here,
/// so it gets a database of one body signature, for the EICAR test string. Listens on a unix socket and a loopback
/// TCP port. clamd missing is a failure, not a skip: ./rathaus test installs it.
/// </summary>
public sealed class ClamDaemon : IAsyncLifetime
{
    public const string Binary = "/usr/sbin/clamd";

    /// <summary>What clamd reports (it marks signatures outside its official databases as UNOFFICIAL).</summary>
    public const string SignatureName = "Rathaus.Test.EICAR.UNOFFICIAL";

    /// <summary>The EICAR anti-virus test string, written in two parts so this source file is no test virus itself.</summary>
    public static readonly byte[] Eicar = Encoding.ASCII.GetBytes(@"X5O!P%@AP[4\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");

    private readonly string _folder = Directory.CreateTempSubdirectory("rathaus-clamd-").FullName;
    private Process? _process;

    public string SocketPath => Path.Combine(_folder, "clamd.ctl");

    public int TcpPort { get; } = FreePort();

    public string UnixEndpoint => "unix:" + SocketPath;

    public string TcpEndpoint => $"tcp://127.0.0.1:{TcpPort}";

    /// <summary>clamd's StreamMaxLength in this configuration.</summary>
    public const long StreamMaxLength = 12 * 1024 * 1024;

    /// <summary>How long the last start took until clamd answered (for the record; never asserted).</summary>
    public TimeSpan LastStartTime { get; private set; }

    public async Task InitializeAsync()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException(
                $"{Binary} is missing: ./rathaus test installs Debian's clamav and clamav-daemon (apt-get install clamav clamav-daemon).");
        }
        var database = Directory.CreateDirectory(Path.Combine(_folder, "db")).FullName;
        await File.WriteAllTextAsync(Path.Combine(database, "rathaus-test.ndb"), $"Rathaus.Test.EICAR:0:*:{Convert.ToHexStringLower(Eicar)}\n");
        await File.WriteAllTextAsync(Path.Combine(_folder, "clamd.conf"), $"""
            Foreground yes
            LocalSocket {SocketPath}
            TCPSocket {TcpPort}
            TCPAddr 127.0.0.1
            DatabaseDirectory {database}
            TemporaryDirectory {_folder}
            LogFile {Path.Combine(_folder, "clamd.log")}
            StreamMaxLength {StreamMaxLength / 1024 / 1024}M
            MaxThreads 4
            """);
        await StartAsync();
    }

    public async Task StartAsync()
    {
        var watch = Stopwatch.StartNew();
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Path.Combine(_folder, "clamd.conf"));
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("clamd stopped at start-up: " + Log());
            }
            try
            {
                using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), deadline.Token);
                using var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await tcp.ConnectAsync(IPAddress.Loopback, TcpPort, deadline.Token);
                LastStartTime = watch.Elapsed;
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20, deadline.Token);
            }
        }
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string Log()
    {
        var log = Path.Combine(_folder, "clamd.log");
        return File.Exists(log) ? File.ReadAllText(log) : "(no log)";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
