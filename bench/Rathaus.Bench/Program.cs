using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Rathaus.Bpmn.Execution;
using Rathaus.Bpmn.Model;
using Rathaus.Bpmn.Runtime;
using Rathaus.Bpmn.Validation;
using Rathaus.Platform;
using Rathaus.Platform.Database;
using Rathaus.Platform.Identity;
using Rathaus.Processes;

// The engine benchmark of issue 3: start → service task → exclusive gateway → user task → service task → end.
// Usage: dotnet run -c Release --project bench/Rathaus.Bench -- <model.bpmn> <instances> <postgres server connection string>
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: Rathaus.Bench <model.bpmn> <instances> <postgres server connection string>");
    return 2;
}
var xml = await File.ReadAllTextAsync(args[0]);
var instances = int.Parse(args[1], CultureInfo.InvariantCulture);
var server = args[2];

var memory = InMemory(xml, instances);
Console.WriteLine(FormattableString.Invariant($"in-memory: {instances} instances in {memory:F2} s = {instances / memory:F0} instances/s"));
var durable = await DurableAsync(xml, instances, server);
Console.WriteLine(FormattableString.Invariant($"durable:   {instances} instances in {durable.Seconds:F2} s = {instances / durable.Seconds:F0} instances/s"));
Console.WriteLine(FormattableString.Invariant(
    $"reference: PostgreSQL alone, 1 insert + 3 updates of each instance's state as 4 transactions: {instances} in {durable.ReferenceSeconds:F2} s = {instances / durable.ReferenceSeconds:F0} instances/s"));
Console.WriteLine(FormattableString.Invariant($"ratio:     durable / reference = {durable.ReferenceSeconds / durable.Seconds:F2}"));
foreach (var (element, p50, p99) in durable.Latencies)
{
    Console.WriteLine(FormattableString.Invariant($"  {element,-8} p50 {p50 * 1000:F1} ms  p99 {p99 * 1000:F1} ms"));
}
return 0;

// Rathaus's engine with the in-memory state store: every command saves the state (JSON) as the durable runtime does.
static double InMemory(string xml, int instances)
{
    var model = BpmnParser.Parse(xml);
    var process = ProcessDeployer.Deploy(model, "bench", 1);
    var engine = new ProcessEngine(new SequentialIdGenerator(), TimeProvider.System);
    var store = new InMemoryProcessStateStore();
    void Run(int i)
    {
        var result = engine.Start(process, new StartInstance { Variables = new JsonObject { ["amount"] = 500 } });
        store.TrySave(result.State, 0);
        var state = result.State;
        while (state.Status == InstanceStatus.Active)
        {
            EngineCommand command = state.Jobs.Count > 0
                ? new CompleteJob(state.Jobs[0].Id, new JsonObject { ["done"] = true })
                : new CompleteUserTask(state.UserTasks[0].Id, new JsonObject { ["approved"] = true });
            var next = engine.Apply(process, store.Load(state.InstanceId)!, command).State;
            store.TrySave(next, state.Revision);
            state = next;
        }
    }
    for (var i = 0; i < Math.Min(200, instances); i++)
    {
        Run(i);
    }
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < instances; i++)
    {
        Run(i);
    }
    return watch.Elapsed.TotalSeconds;
}

// The web application's services on a fresh database: ProcessService starts and completes, the job executor runs the service tasks.
static async Task<(double Seconds, List<(string Element, double P50, double P99)> Latencies, double ReferenceSeconds)> DurableAsync(string xml, int instances, string server)
{
    var database = "rathaus_bench_" + Guid.NewGuid().ToString("N")[..12];
    await using (var c = new NpgsqlConnection(server))
    {
        await c.OpenAsync();
        await c.ExecuteAsync($"CREATE DATABASE {database}");
    }
    var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 60 }.ConnectionString;
    try
    {
        // The bench's own folder as content root: the default (the working directory, i.e. the repository with the
        // private cluster under data/) would have the configuration's file watcher follow every WAL write.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = connectionString,
            ["Processes:JobExecutor:BatchSize"] = "200",
            ["Processes:JobExecutor:MaxConcurrency"] = "16",
            ["Processes:JobExecutor:PollInterval"] = "00:00:00.010",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddPlatformCore(builder.Configuration);
        builder.Services.AddOptions<RathausIdentityOptions>();
        builder.Services.AddSingleton<Passwords>();
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddProcesses();
        builder.Services.AddJobHandler("bench:prepare", _ => new DelegateJobHandler(_ => new JsonObject { ["prepared"] = true }));
        builder.Services.AddJobHandler("bench:notify", _ => new DelegateJobHandler(_ => new JsonObject { ["notified"] = true }));
        using var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<DatabaseState>().Ready.WaitAsync(TimeSpan.FromMinutes(2));
        // One town of its own; the demo data would bring in modules the engine does not need.
        var tenant = Guid.NewGuid();
        await using (var c = await host.Services.GetRequiredService<RathausDataSources>().Owner.OpenConnectionAsync())
        {
            await c.ExecuteAsync("INSERT INTO tenants (id, slug, kind, ags, name) VALUES (@tenant, 'benchstadt', 'stadt', '09999901', 'Benchstadt')", new { tenant });
        }
        var processes = host.Services.GetRequiredService<ProcessService>();
        await processes.DeployAsync(tenant, xml, "bench");
        var owner = host.Services.GetRequiredService<RathausDataSources>().Owner;

        // Starts with 8 in parallel while the caseworkers complete whatever is in the inbox, until every instance has ended.
        async Task DriveAsync(int count)
        {
            var starting = Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Clients() }, async (i, ct) =>
                await processes.StartAsync(tenant, new StartRequest { ProcessId = "bench", Variables = new JsonObject { ["amount"] = 500 } }, ct));
            while (true)
            {
                var tasks = await processes.ListOpenTasksAsync(tenant, null);
                await Parallel.ForEachAsync(tasks, new ParallelOptions { MaxDegreeOfParallelism = Clients() }, async (t, ct) =>
                    await processes.CompleteTaskAsync(tenant, t.Id, new JsonObject { ["approved"] = true }, TaskActor.System, ct));
                await using var c = await owner.OpenConnectionAsync();
                // Active instances are found through their partial index; counting completed ones would scan the table.
                if (starting.IsCompleted && await c.ExecuteScalarAsync<long>("SELECT count(*) FROM process_instances WHERE status = 'active'") == 0)
                {
                    break;
                }
                if (tasks.Count == 0)
                {
                    await Task.Delay(10);
                }
            }
            await starting;
        }

        // A server runs for days: warm up first, so that the runtime has compiled the hot code in its optimised tier
        // (measured from a cold start, the first seconds are mostly the JIT's work; under tiered compilation with
        // profile-guided optimisation it still recompiles hundreds of methods in a third round), then let it settle.
        // What the JIT still does in the measured window is printed with the CPU.
        for (var round = 0; round < 3; round++)
        {
            await DriveAsync(Math.Min(instances, 2000));
        }
        await Task.Delay(TimeSpan.FromSeconds(2));
        var measuredFrom = DateTimeOffset.UtcNow;
        var jit = System.Runtime.JitInfo.GetCompilationTime();

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var postgresCpu = await PostgresCpuAsync(owner);
        var gcs = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var watch = Stopwatch.StartNew();
        await DriveAsync(instances);
        var seconds = watch.Elapsed.TotalSeconds;
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var postgresUsed = await PostgresCpuAsync(owner) - postgresCpu;
        Console.WriteLine(FormattableString.Invariant(
            $"durable:   CPU of this process {cpuUsed.TotalSeconds:F2} s = {cpuUsed.TotalMilliseconds / instances:F2} ms per instance (of it the JIT {(System.Runtime.JitInfo.GetCompilationTime() - jit).TotalSeconds:F2} s); garbage collections {GC.CollectionCount(0) - gcs.Item1}/{GC.CollectionCount(1) - gcs.Item2}/{GC.CollectionCount(2) - gcs.Item3}"));
        Console.WriteLine(postgresUsed is { } pg
            ? FormattableString.Invariant($"durable:   CPU of PostgreSQL {pg.TotalSeconds:F2} s = {pg.TotalMilliseconds / instances:F2} ms per instance")
            : "durable:   CPU of PostgreSQL: not measurable (the server is not on this machine)");

        await using var q = await owner.OpenConnectionAsync();
        // Fresh statistics, or the planner joins the history with a nested loop over a table it believes empty.
        await q.ExecuteAsync("ANALYZE process_history");
        var latencies = (await q.QueryAsync<(string, double, double)>("""
            SELECT e.element_id,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM l.occurred_at - e.occurred_at)),
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM l.occurred_at - e.occurred_at))
            FROM process_history e JOIN process_history l ON l.execution_id = e.execution_id AND l.event = 'left'
            WHERE e.event = 'entered' AND e.element_id IN ('prepare', 'review', 'notify') AND e.occurred_at >= @measuredFrom
            GROUP BY e.element_id ORDER BY min(e.id)
            """, new { measuredFrom })).ToList();
        await host.StopAsync();

        var state = await q.ExecuteScalarAsync<string>("SELECT state::text FROM process_instances LIMIT 1");
        var reference = await ReferenceAsync(connectionString, state!, instances);
        return (seconds, latencies, reference);
    }
    finally
    {
        NpgsqlConnection.ClearAllPools();
        if (Environment.GetEnvironmentVariable("RATHAUS_BENCH_KEEP") == "1")
        {
            Console.WriteLine($"kept database {database}");
        }
        else
        {
            await using var c = new NpgsqlConnection(server);
            await c.OpenAsync();
            await c.ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }
}

// CPU time of the whole PostgreSQL cluster when it runs on this machine: the postmaster with the children it has
// reaped (ended backends) and every live child (backends, WAL writer, checkpointer …), from /proc. Null elsewhere.
static async Task<TimeSpan?> PostgresCpuAsync(NpgsqlDataSource owner)
{
    await using var c = await owner.OpenConnectionAsync();
    var backend = await c.ExecuteScalarAsync<int>("SELECT pg_backend_pid()");
    if (ProcStat(backend) is not { } own)
    {
        return null;
    }
    var postmaster = own.Parent;
    long ticks = 0;
    foreach (var dir in Directory.EnumerateDirectories("/proc"))
    {
        if (int.TryParse(Path.GetFileName(dir), out var pid) && ProcStat(pid) is { } stat)
        {
            if (pid == postmaster)
            {
                ticks += stat.Ticks + stat.ChildTicks;
            }
            else if (stat.Parent == postmaster)
            {
                ticks += stat.Ticks;
            }
        }
    }
    // Linux reports these times in clock ticks of 1/100 s (USER_HZ).
    return TimeSpan.FromMilliseconds(ticks * 10);
}

// Parent pid, own CPU ticks (utime + stime) and reaped children's ticks (cutime + cstime) of /proc/<pid>/stat.
static (int Parent, long Ticks, long ChildTicks)? ProcStat(int pid)
{
    string text;
    try
    {
        text = File.ReadAllText($"/proc/{pid}/stat");
    }
    catch (IOException)
    {
        return null;
    }
    catch (UnauthorizedAccessException)
    {
        return null;
    }
    // The command name in parentheses may contain spaces: the fields after it start behind the last ')'.
    var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
    long Field(int n) => long.Parse(fields[n - 3], CultureInfo.InvariantCulture);
    return ((int)Field(4), Field(14) + Field(15), Field(16) + Field(17));
}


// The reference measured in the same run, on the same database: what PostgreSQL alone needs for the durable state
// changes of an instance — its state (a real one of this run) inserted and then updated three times (after the first
// service task, the user task and the second service task), each change a transaction of its own, from as many
// clients as the bench drives at once (starters and caseworkers). No history, no tasks, no jobs, no engine.
static async Task<double> ReferenceAsync(string connectionString, string state, int instances)
{
    await using var dataSource = NpgsqlDataSource.Create(connectionString);
    await using (var c = await dataSource.OpenConnectionAsync())
    {
        await c.ExecuteAsync("CREATE TABLE bench_reference (id text PRIMARY KEY, state jsonb NOT NULL, revision bigint NOT NULL)");
    }
    async ValueTask OneAsync(int i, CancellationToken ct)
    {
        var id = Guid.CreateVersion7().ToString();
        await using var c = await dataSource.OpenConnectionAsync(ct);
        await using (var insert = new NpgsqlCommand("INSERT INTO bench_reference (id, state, revision) VALUES ($1, $2, 1)", c))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = id });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb, Value = state });
            await insert.ExecuteNonQueryAsync(ct);
        }
        for (var change = 0; change < 3; change++)
        {
            await using var update = new NpgsqlCommand("UPDATE bench_reference SET state = $2, revision = revision + 1 WHERE id = $1", c);
            update.Parameters.Add(new NpgsqlParameter { Value = id });
            update.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb, Value = state });
            await update.ExecuteNonQueryAsync(ct);
        }
    }
    var options = new ParallelOptions { MaxDegreeOfParallelism = 2 * Clients() };
    await Parallel.ForEachAsync(Enumerable.Range(0, Math.Min(instances, 2000)), options, OneAsync);
    var watch = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, instances), options, OneAsync);
    return watch.Elapsed.TotalSeconds;
}

// Starters and caseworkers working at once, each (RATHAUS_BENCH_CLIENTS, default 8).
static int Clients() => int.TryParse(Environment.GetEnvironmentVariable("RATHAUS_BENCH_CLIENTS"), out var c) && c > 0 ? c : 8;
