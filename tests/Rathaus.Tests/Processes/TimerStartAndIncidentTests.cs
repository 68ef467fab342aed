using System.Globalization;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Rathaus.Bpmn.Runtime;
using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;
using Rathaus.Processes;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Processes;

/// <summary>
/// Timer start events on PostgreSQL (dates, durations, cycles, new versions, restarts) and incidents for every kind
/// of job that keeps failing. The test clock is moved by hand; each step runs on a fresh node, as after a restart.
/// </summary>
public sealed class TimerStartAndIncidentTests(ClusterApp app) : IClassFixture<ClusterApp>
{
    private ProcessService Processes => app.Services.GetRequiredService<ProcessService>();

    private async Task<Guid> MusterstadtAsync() =>
        (await app.Services.GetRequiredService<TenantDirectory>().FindBySlugAsync("musterstadt"))!.Id;

    /// <summary>A node started anew: nothing in memory carries over from the node before.</summary>
    private JobExecutor FreshNode() => new(
        new JobExecutorOptions { NodeId = "node-" + Guid.NewGuid().ToString("N")[..8], BackoffBase = TimeSpan.FromSeconds(10), BackoffMax = TimeSpan.FromMinutes(30) },
        app.Services.GetRequiredService<ProcessRuntime>(),
        app.Services.GetRequiredService<RathausDataSources>(),
        database: null,
        new JobHandlers(new Dictionary<string, IJobHandler>()),
        NullLogger<JobExecutor>.Instance);

    private Task<long> InstancesAsync(string processId) =>
        app.QueryAsync<long>("SELECT count(*) FROM process_instances WHERE process_id = @processId", new { processId });

    private Task<long> StartTimersAsync(string processId) => app.QueryAsync<long>("""
        SELECT count(*) FROM process_jobs j JOIN process_definitions d ON d.id = j.definition_id
        WHERE j.kind = 'start_timer' AND d.process_id = @processId
        """, new { processId });

    private static string StartsWithTimer(string processId, string kind, string value, string firstStep) => ProcessModels.Definitions(processId, $"""
        {ProcessModels.TimerStart("tick", kind, value)}
        {firstStep}
        <bpmn:endEvent id="end" />
        {ProcessModels.Flow("f1", "tick", "step")}
        {ProcessModels.Flow("f2", "step", "end")}
        """);

    private static string Review(string group = "ordnungsamt") => ProcessModels.UserTask("step", group);

    /// <summary>Moves the clock and lets a fresh node run whatever is due.</summary>
    private async Task AfterAsync(TimeSpan time)
    {
        app.Clock.Advance(time);
        await FreshNode().RunOnceAsync();
    }

    [Fact]
    public async Task A_timer_cycle_starts_an_instance_at_each_occurrence_until_its_repetitions_are_used_up()
    {
        var tenant = await MusterstadtAsync();
        await Processes.DeployAsync(tenant, StartsWithTimer("stundenbericht", "timeCycle", "R3/PT1H", Review()), "test");

        await AfterAsync(TimeSpan.FromMinutes(59));
        var beforeFirst = await InstancesAsync("stundenbericht");
        await AfterAsync(TimeSpan.FromMinutes(1));
        var afterFirst = await InstancesAsync("stundenbericht");
        await AfterAsync(TimeSpan.FromHours(1));
        await AfterAsync(TimeSpan.FromHours(1));
        var afterThird = await InstancesAsync("stundenbericht");
        await AfterAsync(TimeSpan.FromHours(5));

        Assert.Equal((0, 1, 3), (beforeFirst, afterFirst, afterThird));
        Assert.Equal(3, await InstancesAsync("stundenbericht"));
        Assert.Equal(0, await StartTimersAsync("stundenbericht"));
        // Each started instance runs like one started by hand: it waits in the inbox.
        Assert.Equal(3, await app.QueryAsync<long>("""
            SELECT count(*) FROM process_user_tasks t JOIN process_instances i ON i.id = t.instance_id
            WHERE i.process_id = 'stundenbericht' AND t.status = 'open'
            """));
    }

    [Fact]
    public async Task A_timer_date_starts_one_instance_on_that_date_and_a_duration_one_after_deployment()
    {
        var tenant = await MusterstadtAsync();
        var date = (app.Clock.GetUtcNow() + TimeSpan.FromDays(2)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        await Processes.DeployAsync(tenant, StartsWithTimer("stichtag", "timeDate", date, Review()), "test");
        await Processes.DeployAsync(tenant, StartsWithTimer("nachlauf", "timeDuration", "PT30M", Review()), "test");

        await AfterAsync(TimeSpan.FromMinutes(30));
        var afterHalfAnHour = (await InstancesAsync("stichtag"), await InstancesAsync("nachlauf"));
        await AfterAsync(TimeSpan.FromDays(2));
        await AfterAsync(TimeSpan.FromDays(30));

        Assert.Equal((0L, 1L), afterHalfAnHour);
        Assert.Equal((1L, 1L), (await InstancesAsync("stichtag"), await InstancesAsync("nachlauf")));
        Assert.Equal((0L, 0L), (await StartTimersAsync("stichtag"), await StartTimersAsync("nachlauf")));
    }

    [Fact]
    public async Task Deploying_a_new_version_replaces_the_timer_start_events_of_the_older_version()
    {
        var tenant = await MusterstadtAsync();
        await Processes.DeployAsync(tenant, StartsWithTimer("wochenliste", "timeCycle", "R/PT1H", Review()), "test");
        var first = await StartTimersAsync("wochenliste");
        await Processes.DeployAsync(tenant, StartsWithTimer("wochenliste", "timeCycle", "R/PT2H", Review("bauamt")), "test");

        await AfterAsync(TimeSpan.FromHours(1));
        var afterOneHour = await InstancesAsync("wochenliste");
        await AfterAsync(TimeSpan.FromHours(1));
        await AfterAsync(TimeSpan.FromHours(2));

        Assert.Equal(1, first);
        Assert.Equal(0, afterOneHour);
        Assert.Equal(1, await StartTimersAsync("wochenliste"));
        Assert.Equal(2, await InstancesAsync("wochenliste"));
        Assert.Equal(0, await app.QueryAsync<long>("SELECT count(*) FROM process_instances WHERE process_id = 'wochenliste' AND process_version <> 2"));
        // An unbounded cycle stays scheduled at its next occurrence.
        Assert.Equal(2 * 3600, await app.QueryAsync<int>("""
            SELECT extract(epoch FROM j.due_at - @now)::int FROM process_jobs j JOIN process_definitions d ON d.id = j.definition_id
            WHERE j.kind = 'start_timer' AND d.process_id = 'wochenliste'
            """, new { now = app.Clock.GetUtcNow() }));
    }

    [Fact]
    public async Task A_timer_start_event_that_gives_no_time_refuses_the_deployment_and_stores_nothing()
    {
        var tenant = await MusterstadtAsync();

        var refused = await Assert.ThrowsAsync<DeploymentRefusedException>(() =>
            Processes.DeployAsync(tenant, StartsWithTimer("ohnezeit", "timeDate", "=null", Review()), "test"));

        Assert.Contains(refused.Problems, p => p.ElementId == "tick");
        Assert.Equal(0, await app.QueryAsync<long>("SELECT count(*) FROM process_definitions WHERE process_id = 'ohnezeit'"));
    }

    [Fact]
    public async Task A_timer_that_cannot_fire_raises_an_incident_after_its_last_retry_and_fires_once_resolved()
    {
        var tenant = await MusterstadtAsync();
        await Processes.DeployAsync(tenant, ProcessModels.Definitions("mahnung", $"""
            <bpmn:startEvent id="start" />
            {ProcessModels.Timer("wait", "P14D")}
            {ProcessModels.CallActivity("call", "mahngebuehr")}
            <bpmn:endEvent id="end" />
            {ProcessModels.Flow("f1", "start", "wait")}
            {ProcessModels.Flow("f2", "wait", "call")}
            {ProcessModels.Flow("f3", "call", "end")}
            """), "test");
        var instance = await Processes.StartAsync(tenant, new StartRequest { ProcessId = "mahnung" });

        await AfterAsync(TimeSpan.FromDays(14));
        await AfterAsync(TimeSpan.FromSeconds(10));
        var beforeLast = (await Processes.ListIncidentsAsync(tenant)).Count(i => i.InstanceId == instance.Id);
        await AfterAsync(TimeSpan.FromSeconds(20));
        await AfterAsync(TimeSpan.FromHours(1));
        var incident = Assert.Single(await Processes.ListIncidentsAsync(tenant), i => i.InstanceId == instance.Id);
        var timerRow = await app.QueryAsync<(int, string)>("SELECT retries, last_error FROM process_jobs WHERE id = @id", new { id = incident.JobId });

        await Processes.DeployAsync(tenant, ProcessModels.OneUserTask("mahngebuehr", "steueramt"), "test");
        await Processes.ResolveIncidentAsync(tenant, incident.Id);
        await FreshNode().RunOnceAsync();

        Assert.Equal(0, beforeLast);
        Assert.Equal("TimerFailed", incident.Kind);
        Assert.Equal("wait", incident.ElementId);
        Assert.Contains("mahngebuehr", incident.Message);
        Assert.Equal(0, timerRow.Item1);
        Assert.Contains("mahngebuehr", timerRow.Item2);
        Assert.DoesNotContain(await Processes.ListIncidentsAsync(tenant), i => i.InstanceId == instance.Id);
        Assert.Equal(1, await app.QueryAsync<long>("SELECT count(*) FROM process_instances WHERE parent_instance_id = @id", new { id = instance.Id }));
        Assert.Equal(0, await app.QueryAsync<long>("SELECT count(*) FROM process_jobs WHERE instance_id = @id", new { id = instance.Id }));
    }

    [Fact]
    public async Task A_timer_start_event_that_cannot_start_its_process_raises_an_incident_and_starts_it_when_the_job_is_retried()
    {
        var tenant = await MusterstadtAsync();
        await Processes.DeployAsync(tenant, StartsWithTimer("tagesabschluss", "timeCycle", "R/P1D", ProcessModels.CallActivity("step", "kassenabschluss")), "test");

        await AfterAsync(TimeSpan.FromDays(1));
        await AfterAsync(TimeSpan.FromSeconds(10));
        await AfterAsync(TimeSpan.FromSeconds(20));
        await AfterAsync(TimeSpan.FromHours(1));
        var incident = Assert.Single(await Processes.ListIncidentsAsync(tenant), i => i.ElementId == "tick");
        var startedMeanwhile = await InstancesAsync("tagesabschluss");

        await Processes.DeployAsync(tenant, ProcessModels.OneUserTask("kassenabschluss", "steueramt"), "test");
        var retried = await Processes.RetryJobAsync(tenant, incident.JobId!, retries: 2);
        await FreshNode().RunOnceAsync();

        Assert.Equal("TimerFailed", incident.Kind);
        Assert.Null(incident.InstanceId);
        Assert.Contains("kassenabschluss", incident.Message);
        Assert.Equal(0, startedMeanwhile);
        Assert.Equal(2, retried.Retries);
        Assert.Equal(1, await InstancesAsync("tagesabschluss"));
        Assert.Equal(1, await InstancesAsync("kassenabschluss"));
        Assert.DoesNotContain(await Processes.ListIncidentsAsync(tenant), i => i.Id == incident.Id);
        // The cycle goes on from the next day.
        Assert.Equal(1, await StartTimersAsync("tagesabschluss"));
    }

    [Fact]
    public async Task A_job_whose_result_cannot_be_committed_raises_an_incident_after_its_last_retry()
    {
        var tenant = await MusterstadtAsync();
        await Processes.DeployAsync(tenant, ProcessModels.OneUserTask("verwaist", "bauamt"), "test");
        var instance = await Processes.StartAsync(tenant, new StartRequest { ProcessId = "verwaist" });
        // A job row the instance's state does not know (as after a lost write): no result for it can be applied.
        await using (var c = await app.Services.GetRequiredService<RathausDataSources>().Owner.OpenConnectionAsync())
        {
            await c.ExecuteAsync("""
                INSERT INTO process_jobs (id, tenant_id, instance_id, kind, element_id, due_at, retries, created_at)
                VALUES ('fremder-timer', @tenant, @instance, 'timer', 'decide', @now, 2, @now)
                """, new { tenant, instance = instance.Id, now = app.Clock.GetUtcNow() });
        }

        await AfterAsync(TimeSpan.Zero);
        await AfterAsync(TimeSpan.FromSeconds(10));
        await AfterAsync(TimeSpan.FromHours(1));

        var incident = Assert.Single(await Processes.ListIncidentsAsync(tenant), i => i.JobId == "fremder-timer");
        Assert.Equal(instance.Id, incident.InstanceId);
        Assert.Equal("TimerFailed", incident.Kind);
        Assert.Equal(0, await app.QueryAsync<int>("SELECT retries FROM process_jobs WHERE id = 'fremder-timer'"));
        Assert.Equal("active", (await Processes.GetInstanceAsync(tenant, instance.Id))!.Status);
    }
}
