using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Rathaus.Bpmn.Runtime;
using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;
using Rathaus.Processes;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Processes;

/// <summary>The application without its own job executor: the tests run the nodes.</summary>
public sealed class ClusterApp : RathausApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Processes:JobExecutor:Enabled"] = "false",
    };
}

/// <summary>Several job executors (engine nodes) over one database, as on a cluster of identical nodes.</summary>
public sealed class MultiNodeJobExecutorTests(ClusterApp app) : IClassFixture<ClusterApp>
{
    private ProcessService Processes => app.Services.GetRequiredService<ProcessService>();

    private NpgsqlDataSource Owner => app.Services.GetRequiredService<RathausDataSources>().Owner;

    private async Task<Guid> TenantAsync(string slug) =>
        (await app.Services.GetRequiredService<TenantDirectory>().FindBySlugAsync(slug))!.Id;

    private JobExecutor Node(string nodeId, IReadOnlyDictionary<string, IJobHandler> handlers, TimeSpan lockDuration) => new(
        new JobExecutorOptions
        {
            NodeId = nodeId,
            BatchSize = 40,
            MaxConcurrency = 4,
            PollInterval = TimeSpan.FromMilliseconds(20),
            LockDuration = lockDuration,
        },
        app.Services.GetRequiredService<ProcessRuntime>(),
        app.Services.GetRequiredService<RathausDataSources>(),
        database: null,
        new JobHandlers(handlers),
        NullLogger<JobExecutor>.Instance);

    private static DelegateJobHandler Counting(ConcurrentDictionary<string, int> runs, string result) =>
        new DelegateJobHandler(context =>
        {
            runs.AddOrUpdate(context.Job.Id, 1, (_, n) => n + 1);
            return new JsonObject { [result] = true };
        });

    private async Task<long> CountAsync(string sql)
    {
        await using var c = await Owner.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>(sql);
    }

    private async Task WaitUntilAsync(string sql, long expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        long actual;
        while ((actual = await CountAsync(sql)) != expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {timeout} for '{sql}' to be {expected}; it is {actual}.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Three_nodes_run_every_job_of_2000_instances_exactly_once_and_lose_none()
    {
        const int perTenant = 1000;
        var tenants = new[] { await TenantAsync("musterstadt"), await TenantAsync("beispielheim") };
        var model = ProcessModels.ServiceTimerService("cluster", "cluster:first", "cluster:second", "PT5M");
        foreach (var tenant in tenants)
        {
            await Processes.DeployAsync(tenant, model, "test");
        }
        var runs = new ConcurrentDictionary<string, int>();
        var handlers = new Dictionary<string, IJobHandler>
        {
            ["cluster:first"] = Counting(runs, "firstDone"),
            ["cluster:second"] = Counting(runs, "secondDone"),
        };
        var nodes = new[] { "node-1", "node-2", "node-3" }.Select(id => Node(id, handlers, TimeSpan.FromMinutes(5))).ToList();
        foreach (var node in nodes)
        {
            await node.StartAsync(CancellationToken.None);
        }

        try
        {
            // Instances are started while the nodes already run, as in production.
            await Parallel.ForEachAsync(Enumerable.Range(0, 2 * perTenant), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (i, ct) =>
                await Processes.StartAsync(tenants[i % 2], new StartRequest { ProcessId = "cluster", BusinessKey = $"K-{i}" }, ct));

            await WaitUntilAsync("SELECT count(*) FROM process_jobs WHERE kind = 'timer'", 2 * perTenant, TimeSpan.FromSeconds(90));
            await WaitUntilAsync("SELECT count(*) FROM process_jobs WHERE kind = 'job'", 0, TimeSpan.FromSeconds(30));
            app.Clock.Advance(TimeSpan.FromMinutes(6));
            await WaitUntilAsync("SELECT count(*) FROM process_instances WHERE process_id = 'cluster' AND status = 'completed'", 2 * perTenant, TimeSpan.FromSeconds(90));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.StopAsync(CancellationToken.None);
            }
        }

        Assert.Equal(4 * perTenant, runs.Count);
        Assert.All(runs, r => Assert.Equal(1, r.Value));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM process_jobs"));
        // Every node took part: 2000 first jobs, 2000 timers and 2000 second jobs between them.
        Assert.Equal(6 * perTenant, nodes.Sum(n => n.Committed));
        Assert.All(nodes, n => Assert.True(n.Committed > 0, $"{n.NodeId} ran no job"));
        // Each instance passed the timer and both tasks exactly once.
        Assert.Equal(0, await CountAsync("""
            SELECT count(*) FROM (
                SELECT instance_id FROM process_history WHERE element_id IN ('first', 'wait', 'second') AND event = 'left'
                GROUP BY instance_id HAVING count(*) <> 3) wrong
            """));
    }

    [Fact]
    public async Task Jobs_abandoned_by_a_crashed_node_are_finished_by_another_node_after_the_lock_expires()
    {
        var tenant = await TenantAsync("musterstadt");
        await Processes.DeployAsync(tenant, ProcessModels.Definitions("crash", $"""
            <bpmn:startEvent id="start" />
            {ProcessModels.ServiceTask("work", "crash:work")}
            <bpmn:endEvent id="end" />
            {ProcessModels.Flow("f1", "start", "work")}
            {ProcessModels.Flow("f2", "work", "end")}
            """), "test");
        var instances = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            instances.Add((await Processes.StartAsync(tenant, new StartRequest { ProcessId = "crash" })).Id);
        }
        var crashedRuns = new ConcurrentDictionary<string, int>();
        var survivorRuns = new ConcurrentDictionary<string, int>();
        var crashed = Node("node-crashed", new Dictionary<string, IJobHandler> { ["crash:work"] = Counting(crashedRuns, "done") }, TimeSpan.FromMinutes(1));
        var survivor = Node("node-survivor", new Dictionary<string, IJobHandler> { ["crash:work"] = Counting(survivorRuns, "done") }, TimeSpan.FromMinutes(1));

        // The node locks the jobs and dies before running them.
        var abandoned = await crashed.AcquireAsync();
        var whileLocked = await survivor.RunOnceAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var afterExpiry = await survivor.RunOnceAsync();
        // The crashed node comes back and finishes its old work late: the result is dropped.
        await crashed.ExecuteAsync(abandoned[0]);

        Assert.Equal(20, abandoned.Count);
        Assert.Equal(0, whileLocked);
        Assert.Equal(20, afterExpiry);
        Assert.Equal(abandoned.Select(j => j.Id).Order(), survivorRuns.Keys.Order());
        Assert.Equal(0, crashed.Committed);
        foreach (var id in instances)
        {
            var instance = await Processes.GetInstanceAsync(tenant, id);
            Assert.Equal("completed", instance!.Status);
            Assert.True(instance.Variables["done"]!.GetValue<bool>());
        }
        Assert.Equal(20, await CountAsync("SELECT count(*) FROM process_history WHERE element_id = 'work' AND event = 'left'"));
    }
}
