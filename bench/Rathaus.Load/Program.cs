using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;

// The load benchmark of issue 7 (`./rathaus bench load`): N simulated citizens submit the bulky-waste and the dog
// registration form over HTTP for a fixed time; in the same run pgbench measures PostgreSQL's own limit for a
// single-row insert transaction on this machine, and the ratio of both is reported.
// Usage: Rathaus.Load <postgres server connection string> <repository root> [--clients N] [--seconds S] [--pgbench PATH]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Rathaus.Load <postgres server connection string> <repository root> [--clients N] [--seconds S] [--pgbench PATH]");
    return 2;
}
var server = new NpgsqlConnectionStringBuilder(args[0]);
var root = args[1];
var clients = int.Parse(Option("clients") ?? "32", CultureInfo.InvariantCulture);
var seconds = int.Parse(Option("seconds") ?? "30", CultureInfo.InvariantCulture);
var pgbench = Option("pgbench") ?? "pgbench";
var warmUp = TimeSpan.FromSeconds(Math.Min(10, Math.Max(3, seconds / 5)));

string? Option(string name)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

await RecreateDatabaseAsync(server, "rathaus_load");
await RecreateDatabaseAsync(server, "rathaus_pgbench");

// 1. PostgreSQL alone: one single-row INSERT per transaction, as many clients as the load below.
Console.WriteLine($"pgbench: {clients} clients, {seconds} s, one single-row INSERT per transaction …");
var pgbenchTps = await PgbenchAsync(server, pgbench, clients, seconds);
Console.WriteLine(FormattableString.Invariant($"pgbench: {pgbenchTps:F0} transactions/s"));

// 2. Rathaus on the same server.
var data = Directory.CreateTempSubdirectory("rathaus-load-").FullName;
var port = FreePort();
var app = StartApp(root, data, port, new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "rathaus_load" }.ConnectionString);
try
{
    await WaitReadyAsync(port, app);
    var forms = new[] { ("sperrmuell", Example(root, "sperrmuell")), ("hundeanmeldung", DogsWithoutUploads(Example(root, "hundeanmeldung"))) };
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
    using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}/t/musterstadt/"), Timeout = TimeSpan.FromSeconds(60) };

    Console.WriteLine($"Rathaus: {clients} citizens, warm-up {warmUp.TotalSeconds:F0} s, then {seconds} s measured …");
    await DriveAsync(http, forms, clients, warmUp, measure: false);
    var rssBefore = ResidentMemory(app.Id).Current;
    var result = await DriveAsync(http, forms, clients, TimeSpan.FromSeconds(seconds), measure: true);
    var memory = ResidentMemory(app.Id);

    await using var check = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "rathaus_load" }.ConnectionString);
    await check.OpenAsync();
    await using var count = new NpgsqlCommand("""
        SELECT count(*) FROM cases c
        WHERE c.process_instance_id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_entries a WHERE a.case_id = c.id AND a.action = 'case.submitted')
        """, check);
    var durable = (long)(await count.ExecuteScalarAsync())!;

    var latencies = result.Latencies.Order().ToArray();
    double Percentile(double p) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
    var rate = result.Completed / result.Elapsed.TotalSeconds;
    Console.WriteLine();
    Console.WriteLine(FormattableString.Invariant($"submissions:     {result.Completed} in {result.Elapsed.TotalSeconds:F1} s = {rate:F0} submissions/s ({clients} concurrent citizens)"));
    Console.WriteLine(FormattableString.Invariant($"latency:         p50 {Percentile(0.50):F1} ms   p95 {Percentile(0.95):F1} ms   p99 {Percentile(0.99):F1} ms   max {(latencies.Length == 0 ? 0 : latencies[^1]):F1} ms"));
    Console.WriteLine($"errors:          {(result.Errors.Count == 0 ? "none" : string.Join(", ", result.Errors.Select(e => $"{e.Key}: {e.Value}")))}");
    Console.WriteLine($"durable cases:   {durable} in the database (case, process started, audit entry) — warm-up included");
    Console.WriteLine(FormattableString.Invariant($"app memory:      peak resident {memory.Peak / 1048576.0:F0} MiB (before the measured run {rssBefore / 1048576.0:F0} MiB)"));
    Console.WriteLine(FormattableString.Invariant($"pgbench:         {pgbenchTps:F0} single-row insert transactions/s"));
    Console.WriteLine(FormattableString.Invariant($"ratio:           Rathaus submissions/s ÷ pgbench transactions/s = {rate / pgbenchTps:F3}"));
    return result.Errors.Count == 0 ? 0 : 1;
}
finally
{
    app.Kill(entireProcessTree: true);
    await app.WaitForExitAsync();
    Directory.Delete(data, recursive: true);
}

static async Task<RunResult> DriveAsync(HttpClient http, (string Service, JsonObject Data)[] forms, int clients, TimeSpan duration, bool measure)
{
    var latencies = new List<double>[clients];
    var errors = new Dictionary<string, int>();
    var completed = 0L;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
    {
        var mine = latencies[c] = [];
        for (var i = 0; clock.Elapsed < duration; i++)
        {
            var (service, form) = forms[(c + i) % forms.Length];
            var body = new JsonObject { ["data"] = form.DeepClone() }.ToJsonString();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/services/{service}/submissions")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            var started = Stopwatch.GetTimestamp();
            string? error;
            try
            {
                using var response = await http.SendAsync(request);
                error = response.StatusCode == HttpStatusCode.Created ? null : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                error = e.GetType().Name;
            }
            if (!measure)
            {
                continue;
            }
            if (error is null)
            {
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref completed);
            }
            else
            {
                lock (errors)
                {
                    errors[error] = errors.GetValueOrDefault(error) + 1;
                }
            }
        }
    }));
    return new RunResult(completed, clock.Elapsed, [.. latencies.SelectMany(l => l)], errors);
}

static JsonObject Example(string root, string service) =>
    JsonNode.Parse(File.ReadAllText(Path.Combine(root, "services", service, "examples", "valid.json")))!.AsObject();

// The dog example's listed dog carries an uploaded insurance certificate; the load sends JSON, so it keeps the other dogs.
static JsonObject DogsWithoutUploads(JsonObject example)
{
    var dogs = example["hunde"]!.AsArray();
    foreach (var dog in dogs.Where(d => d!["versicherungsnachweis"] is JsonArray { Count: > 0 }).ToList())
    {
        dogs.Remove(dog);
    }
    return example;
}

static async Task RecreateDatabaseAsync(NpgsqlConnectionStringBuilder server, string name)
{
    await using var connection = new NpgsqlConnection(server.ConnectionString);
    await connection.OpenAsync();
    foreach (var sql in new[] { $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", $"CREATE DATABASE {name}" })
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

static async Task<double> PgbenchAsync(NpgsqlConnectionStringBuilder server, string pgbench, int clients, int seconds)
{
    var database = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "rathaus_pgbench" };
    await using (var connection = new NpgsqlConnection(database.ConnectionString))
    {
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE TABLE submissions (id bigserial PRIMARY KEY, submitted_at timestamptz NOT NULL, data jsonb NOT NULL)", connection);
        await create.ExecuteNonQueryAsync();
    }
    var script = Path.GetTempFileName();
    await File.WriteAllTextAsync(script, "INSERT INTO submissions (submitted_at, data) VALUES (now(), '{\"name\": \"Erika Mustermann\"}');\n");
    try
    {
        var start = new ProcessStartInfo(pgbench) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-n", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", seconds.ToString(CultureInfo.InvariantCulture),
                     "-f", script, "-h", database.Host!, "-p", database.Port.ToString(CultureInfo.InvariantCulture), "-U", database.Username ?? "postgres", "rathaus_pgbench" })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var tps = Regex.Match(output, @"tps = ([0-9.]+) \(without initial connection time\)");
        return process.ExitCode == 0 && tps.Success
            ? double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"pgbench failed ({process.ExitCode}): {output}{error}");
    }
    finally
    {
        File.Delete(script);
    }
}

static Process StartApp(string root, string data, int port, string connectionString)
{
    var start = new ProcessStartInfo("dotnet")
    {
        WorkingDirectory = Path.Combine(root, "src", "Rathaus"),
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    start.ArgumentList.Add(Path.Combine(root, "src", "Rathaus", "bin", "Release", "net10.0", "Rathaus.dll"));
    start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    start.Environment["Database__ConnectionString"] = connectionString;
    start.Environment["Demo__Seed"] = "true";
    start.Environment["Blobs__Path"] = Path.Combine(data, "blobs");
    start.Environment["Mail__PickupDirectory"] = Path.Combine(data, "mail");
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    var process = Process.Start(start)!;
    var log = Path.Combine(data, "app.log");
    _ = Task.Run(async () => { while (await process.StandardOutput.ReadLineAsync() is { } line) { await File.AppendAllTextAsync(log, line + "\n"); } });
    _ = Task.Run(async () => { while (await process.StandardError.ReadLineAsync() is { } line) { await File.AppendAllTextAsync(log, line + "\n"); } });
    return process;
}

static async Task WaitReadyAsync(int port, Process app)
{
    using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
    for (var deadline = DateTime.UtcNow.AddMinutes(3); DateTime.UtcNow < deadline; await Task.Delay(250))
    {
        if (app.HasExited)
        {
            throw new InvalidOperationException($"Rathaus exited with {app.ExitCode} before it was ready.");
        }
        try
        {
            if ((await probe.GetAsync($"http://127.0.0.1:{port}/health/ready")).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Not up yet.
        }
    }
    throw new TimeoutException("Rathaus did not become ready within 3 minutes.");
}

// Resident memory of the application process from /proc: now and the peak (VmHWM) since it started.
static (long Current, long Peak) ResidentMemory(int pid)
{
    long Read(string key) => long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(key, StringComparison.Ordinal))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    return (Read("VmRSS:"), Read("VmHWM:"));
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

internal sealed record RunResult(long Completed, TimeSpan Elapsed, List<double> Latencies, Dictionary<string, int> Errors);
