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

/// <summary>The runtime's promises on PostgreSQL: one transaction per command, call activities, back-off, timers as rows.</summary>
public sealed class DurableRuntimeTests(ClusterApp app) : IClassFixture<ClusterApp>
{
    private ProcessService Processes => app.Services.GetRequiredService<ProcessService>();

    private async Task<Guid> MusterstadtAsync() =>
        (await app.Services.GetRequiredService<TenantDirectory>().FindBySlugAsync("musterstadt"))!.Id;

    private JobExecutor Node(string nodeId, string taskType, Func<JobContext, JsonObject?> handler) => new(
        new JobExecutorOptions { NodeId = nodeId, BackoffBase = TimeSpan.FromSeconds(10), BackoffMax = TimeSpan.FromMinutes(30) },
        app.Services.GetRequiredService<ProcessRuntime>(),
        app.Services.GetRequiredService<RathausDataSources>(),
        database: null,
        new JobHandlers(new Dictionary<string, IJobHandler> { [taskType] = new DelegateJobHandler(handler) }),
        NullLogger<JobExecutor>.Instance);

    [Fact]
    public async Task A_call_activity_starts_its_child_in_the_same_transaction_and_the_completed_child_continues_the_parent()
    {
        var tenant = await MusterstadtAsync();
        await Processes.DeployAsync(tenant, ProcessModels.OneUserTask("gebuehr", "steueramt"), "test");
        await Processes.DeployAsync(tenant, ProcessModels.Definitions("antrag", $"""
            <bpmn:startEvent id="start" />
            <bpmn:callActivity id="call"><bpmn:extensionElements>
              <zeebe:calledElement processId="gebuehr" />
              <zeebe:ioMapping><zeebe:input source="=fee * 2" target="amount" /><zeebe:output source="=paid" target="feePaid" /></zeebe:ioMapping>
            </bpmn:extensionElements></bpmn:callActivity>
            <bpmn:endEvent id="end" />
            {ProcessModels.Flow("f1", "start", "call")}
            {ProcessModels.Flow("f2", "call", "end")}
            """), "test");

        var parent = await Processes.StartAsync(tenant, new StartRequest { ProcessId = "antrag", Variables = new JsonObject { ["fee"] = 30 } });
        var child = await app.QueryAsync<string>("SELECT id FROM process_instances WHERE parent_instance_id = @id", new { id = parent.Id });
        var childView = await Processes.GetInstanceAsync(tenant, child);
        var task = Assert.Single(childView!.OpenTasks);
        await Processes.CompleteTaskAsync(tenant, task.Id, new JsonObject { ["paid"] = true }, TaskActor.System);

        var parentAfter = await Processes.GetInstanceAsync(tenant, parent.Id);
        var childAfter = await Processes.GetInstanceAsync(tenant, child);
        Assert.Equal("active", parent.Status);
        Assert.Equal(60, childView.Variables["amount"]!.GetValue<int>());
        Assert.Equal("completed", childAfter!.Status);
        Assert.Equal("completed", parentAfter!.Status);
        Assert.True(parentAfter.Variables["feePaid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_failing_job_is_retried_with_exponential_back_off_and_raises_an_incident_after_its_last_retry()
    {
        var tenant = await MusterstadtAsync();
        await Processes.DeployAsync(tenant, ProcessModels.Definitions("melderegister", $"""
            <bpmn:startEvent id="start" />
            {ProcessModels.ServiceTask("lookup", "test:down", retries: 3)}
            <bpmn:endEvent id="end" />
            {ProcessModels.Flow("f1", "start", "lookup")}
            {ProcessModels.Flow("f2", "lookup", "end")}
            """), "test");
        var instance = await Processes.StartAsync(tenant, new StartRequest { ProcessId = "melderegister" });
        var node = Node("node-backoff", "test:down", _ => throw new HttpRequestException("Melderegister antwortet nicht"));
        var job = new { instance = instance.Id };
        const string dueIn = "SELECT extract(epoch FROM due_at - @now)::int FROM process_jobs WHERE instance_id = @instance";

        var first = await node.RunOnceAsync();
        var firstDelay = await app.QueryAsync<int>(dueIn, new { job.instance, now = app.Clock.GetUtcNow() });
        var tooEarly = await node.RunOnceAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        var second = await node.RunOnceAsync();
        var secondDelay = await app.QueryAsync<int>(dueIn, new { job.instance, now = app.Clock.GetUtcNow() });
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        var third = await node.RunOnceAsync();
        app.Clock.Advance(TimeSpan.FromHours(1));
        var afterIncident = await node.RunOnceAsync();

        Assert.Equal((1, 0, 1, 1, 0), (first, tooEarly, second, third, afterIncident));
        Assert.Equal(10, firstDelay);
        Assert.Equal(20, secondDelay);
        var incident = Assert.Single(await Processes.ListIncidentsAsync(tenant), i => i.InstanceId == instance.Id);
        Assert.Equal("JobFailed", incident.Kind);
        Assert.Contains("Melderegister antwortet nicht", incident.Message);
        Assert.Equal((0, "Melderegister antwortet nicht"),
            await app.QueryAsync<(int, string)>("SELECT retries, last_error FROM process_jobs WHERE instance_id = @instance", new { job.instance }));
        Assert.Equal("active", (await Processes.GetInstanceAsync(tenant, instance.Id))!.Status);
    }

    [Fact]
    public async Task A_timer_survives_a_restart_because_it_is_a_row_and_fires_on_the_next_node()
    {
        var tenant = await MusterstadtAsync();
        await Processes.DeployAsync(tenant, ProcessModels.Definitions("frist", $"""
            <bpmn:startEvent id="start" />
            {ProcessModels.Timer("wait", "P14D")}
            <bpmn:endEvent id="end" />
            {ProcessModels.Flow("f1", "start", "wait")}
            {ProcessModels.Flow("f2", "wait", "end")}
            """), "test");
        var instance = await Processes.StartAsync(tenant, new StartRequest { ProcessId = "frist" });
        var before = Node("node-before-restart", "test:unused", _ => null);
        var beforeDue = await before.RunOnceAsync();

        app.Clock.Advance(TimeSpan.FromDays(14));
        var after = Node("node-after-restart", "test:unused", _ => null);
        var fired = await after.RunOnceAsync();

        Assert.Equal(0, beforeDue);
        Assert.Equal(1, fired);
        Assert.Equal("completed", (await Processes.GetInstanceAsync(tenant, instance.Id))!.Status);
    }

    [Fact]
    public async Task An_instance_started_inside_a_callers_transaction_is_rolled_back_with_it()
    {
        var tenant = await MusterstadtAsync();
        await Processes.DeployAsync(tenant, ProcessModels.OneUserTask("mitrollback", "bauamt"), "test");
        var db = app.Services.GetRequiredService<Db>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.InTenantAsync(tenant, async (c, tx) =>
        {
            await Processes.StartInTransactionAsync(c, tx, tenant, new StartRequest { ProcessId = "mitrollback" });
            throw new InvalidOperationException("the case row could not be written");
        }));

        Assert.Equal(0L, await app.QueryAsync<long>("SELECT count(*) FROM process_instances WHERE process_id = 'mitrollback'"));
        Assert.Equal(0L, await app.QueryAsync<long>("SELECT count(*) FROM process_user_tasks t JOIN process_instances i ON i.id = t.instance_id WHERE i.process_id = 'mitrollback'"));
    }

    [Fact]
    public async Task A_process_starts_by_its_start_message_with_the_correlation_key_as_business_key()
    {
        var tenant = await MusterstadtAsync();
        await Processes.DeployAsync(tenant, ProcessModels.Definitions("meldung", $"""
            <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
            {ProcessModels.UserTask("pruefen", "ordnungsamt")}
            <bpmn:endEvent id="end" />
            {ProcessModels.Flow("f1", "start", "pruefen")}
            {ProcessModels.Flow("f2", "pruefen", "end")}
            """, """<bpmn:message id="m" name="laerm-gemeldet" />"""), "test");

        var result = await Processes.CorrelateMessageAsync(tenant, "laerm-gemeldet", "M-17", new JsonObject { ["ort"] = "Marktplatz" });
        var instance = await Processes.GetInstanceAsync(tenant, result.InstanceId);

        Assert.True(result.StartedInstance);
        Assert.Equal("M-17", instance!.BusinessKey);
        Assert.Equal("Marktplatz", instance.Variables["ort"]!.GetValue<string>());
        Assert.Single(instance.OpenTasks);
    }

    [Fact]
    public async Task A_node_that_knew_an_older_version_starts_the_version_another_node_deployed_since()
    {
        var tenant = await MusterstadtAsync();
        // A second node: its own runtime and cache of definitions, the same database.
        var otherNode = new ProcessService(new ProcessRuntime(app.Services.GetRequiredService<RathausDataSources>(), new ProcessDefinitions(),
            TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new JobExecutorOptions()), NullLogger<ProcessRuntime>.Instance, []));
        await Processes.DeployAsync(tenant, ProcessModels.OneUserTask("versioniert", "ordnungsamt"), "test");
        var first = await Processes.StartAsync(tenant, new StartRequest { ProcessId = "versioniert" });

        await otherNode.DeployAsync(tenant, ProcessModels.OneUserTask("versioniert", "steueramt"), "test");
        var second = await Processes.StartAsync(tenant, new StartRequest { ProcessId = "versioniert" });
        var third = await Processes.StartAsync(tenant, new StartRequest { ProcessId = "versioniert" });

        Assert.Equal(1, first.Version);
        Assert.Equal(2, second.Version);
        Assert.Equal(2, third.Version);
        var task = Assert.Single((await Processes.GetInstanceAsync(tenant, second.Id))!.OpenTasks);
        Assert.Equal(["steueramt"], task.CandidateGroups);
    }

    [Fact]
    public async Task Results_committed_together_keep_each_instance_whole_also_two_results_of_one_instance()
    {
        var tenant = await MusterstadtAsync();
        await Processes.DeployAsync(tenant, ProcessModels.Definitions("doppelt", $"""
            <bpmn:startEvent id="start" />
            <bpmn:parallelGateway id="split" />
            {ProcessModels.ServiceTask("left", "test:both")}
            {ProcessModels.ServiceTask("right", "test:both")}
            <bpmn:parallelGateway id="join" />
            {ProcessModels.UserTask("decide", "ordnungsamt")}
            <bpmn:endEvent id="end" />
            {ProcessModels.Flow("f1", "start", "split")}
            {ProcessModels.Flow("f2", "split", "left")}
            {ProcessModels.Flow("f3", "split", "right")}
            {ProcessModels.Flow("f4", "left", "join")}
            {ProcessModels.Flow("f5", "right", "join")}
            {ProcessModels.Flow("f6", "join", "decide")}
            {ProcessModels.Flow("f7", "decide", "end")}
            """), "test");
        var instances = new List<string>();
        long startRevision = 0;
        for (var i = 0; i < 5; i++)
        {
            var started = await Processes.StartAsync(tenant, new StartRequest { ProcessId = "doppelt" });
            instances.Add(started.Id);
            startRevision = started.Revision;
        }
        var node = Node("node-group", "test:both", context => new JsonObject { [context.Job.ElementId] = true });

        // One acquisition takes all ten jobs; their results are committed in one transaction.
        Assert.Equal(10, await node.RunOnceAsync());

        foreach (var id in instances)
        {
            var instance = await Processes.GetInstanceAsync(tenant, id);
            Assert.Equal("active", instance!.Status);
            Assert.True(instance.Variables["left"]!.GetValue<bool>());
            Assert.True(instance.Variables["right"]!.GetValue<bool>());
            Assert.Equal("decide", Assert.Single(instance.OpenTasks).ElementId);
            Assert.Equal("left,right", await app.QueryAsync<string>(
                "SELECT string_agg(element_id, ',' ORDER BY element_id) FROM process_history WHERE instance_id = @id AND event = 'left' AND element_type = 'serviceTask'",
                new { id }));
            // Two results after the start: the stored revision counts both.
            Assert.Equal(startRevision + 2, await app.QueryAsync<long>("SELECT revision FROM process_instances WHERE id = @id", new { id }));
        }
        Assert.Equal(0L, await app.QueryAsync<long>("SELECT count(*) FROM process_jobs WHERE instance_id = ANY (@ids)", new { ids = instances.ToArray() }));
    }
}
