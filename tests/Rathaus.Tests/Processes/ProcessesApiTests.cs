using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Bpmn.Runtime;
using Rathaus.Platform.Database;
using Rathaus.Processes;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Processes;

/// <summary>The application with its job executor polling fast and the handlers the tests use.</summary>
public sealed class ProcessesApp : RathausApp
{
    /// <summary>Failed attempts of <c>test:flaky</c> per instance: it fails once per instance, then works.</summary>
    public ConcurrentDictionary<string, int> FlakyAttempts { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Processes:JobExecutor:PollInterval"] = "00:00:00.050",
        ["Processes:JobExecutor:NodeId"] = "api-test-node",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddJobHandler("test:check", _ => new DelegateJobHandler(_ => new JsonObject { ["checked"] = true }));
            services.AddJobHandler("test:flaky", _ => new DelegateJobHandler(context =>
                FlakyAttempts.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1) == 1
                    ? throw new InvalidOperationException("register not reachable")
                    : new JsonObject { ["registered"] = true }));
        });
    }
}

public sealed class ProcessesApiTests(ProcessesApp app) : IClassFixture<ProcessesApp>
{
    private const string Password = Rathaus.Platform.Demo.DemoSeeder.Password;

    private Task<HttpClient> SignedInAsync(string email, string host = "musterstadt.localhost") => app.StaffClientAsync(email, host);

    private Task<HttpClient> AdminAsync() => SignedInAsync("admin@musterstadt.example");

    private Task<HttpClient> CaseworkerAsync() => SignedInAsync("ordnungsamt@musterstadt.example");

    private static Task<HttpResponseMessage> DeployAsync(HttpClient client, string xml) =>
        client.PostAsync("/api/v1/processes/definitions", new StringContent(xml, Encoding.UTF8, "application/xml"));

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    private static async Task<JsonNode> StartAsync(HttpClient client, string processId, object? variables = null, string? businessKey = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/processes/instances", new { processId, businessKey, variables });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await JsonAsync(response);
    }

    /// <summary>Reads the instance until the job executor has brought it to the expected state.</summary>
    private static async Task<JsonNode> WaitForAsync(HttpClient client, string instanceId, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var instance = await JsonAsync(await client.GetAsync($"/api/v1/processes/instances/{instanceId}"));
            if (condition(instance))
            {
                return instance;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Instance never reached the expected state: {instance}");
            await Task.Delay(50);
        }
    }

    private async Task<long> CountAsync(string sql, object? parameters = null)
    {
        await using var c = await app.Services.GetRequiredService<RathausDataSources>().Owner.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>(sql, parameters);
    }

    [Fact]
    public async Task Staff_deploy_start_and_complete_a_process_through_the_api()
    {
        var admin = await AdminAsync();
        var caseworker = await CaseworkerAsync();

        var deployed = await DeployAsync(admin, ProcessModels.ServiceThenUserTask("api-pruefung", "test:check", "ordnungsamt"));
        var started = await StartAsync(caseworker, "api-pruefung", new { dog = "Bello" }, businessKey: "HS-2026-1");
        var id = started["id"]!.GetValue<string>();
        var waiting = await WaitForAsync(caseworker, id, i => i["openTasks"]!.AsArray().Count == 1);
        var taskId = waiting["openTasks"]![0]!["id"]!.GetValue<string>();
        var inbox = await JsonAsync(await caseworker.GetAsync("/api/v1/processes/tasks"));
        var completed = await caseworker.PostAsJsonAsync($"/api/v1/processes/tasks/{taskId}/complete", new { variables = new { approved = true } });

        Assert.Equal(HttpStatusCode.Created, deployed.StatusCode);
        Assert.Equal(1, (await JsonAsync(deployed))["definitions"]![0]!["version"]!.GetValue<int>());
        Assert.Contains(inbox.AsArray(), t => t!["id"]!.GetValue<string>() == taskId);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        var done = await JsonAsync(completed);
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("HS-2026-1", done["businessKey"]!.GetValue<string>());
        Assert.True(done["variables"]!["checked"]!.GetValue<bool>());
        Assert.True(done["variables"]!["approved"]!.GetValue<bool>());
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM process_user_tasks WHERE instance_id = @id AND status = 'open'", new { id }));
        Assert.Equal(["start", "check", "decide", "end"], (await CountElementsAsync(id)));
    }

    private async Task<string[]> CountElementsAsync(string instanceId)
    {
        await using var c = await app.Services.GetRequiredService<RathausDataSources>().Owner.OpenConnectionAsync();
        return (await c.QueryAsync<string>(
            "SELECT element_id FROM process_history WHERE instance_id = @instanceId AND event = 'left' AND element_type <> 'process' ORDER BY id",
            new { instanceId })).ToArray();
    }

    [Fact]
    public async Task Deploying_the_same_xml_again_returns_the_existing_version_and_a_changed_file_becomes_version_two()
    {
        var admin = await AdminAsync();
        var xml = ProcessModels.OneUserTask("versioniert", "bauamt");

        var first = await DeployAsync(admin, xml);
        var again = await DeployAsync(admin, xml);
        var changed = await DeployAsync(admin, ProcessModels.OneUserTask("versioniert", "ordnungsamt"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Created, changed.StatusCode);
        var a = (await JsonAsync(first))["definitions"]![0]!;
        var b = (await JsonAsync(again))["definitions"]![0]!;
        Assert.Equal(a["id"]!.GetValue<string>(), b["id"]!.GetValue<string>());
        Assert.Equal(2, (await JsonAsync(changed))["definitions"]![0]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_refused_deployment_lists_every_problem_with_its_element_id_and_stores_nothing()
    {
        var admin = await AdminAsync();
        var before = await CountAsync("SELECT count(*) FROM process_definitions");
        var xml = ProcessModels.Definitions("kaputt", $"""
            <bpmn:startEvent id="start" />
            <bpmn:scriptTask id="script"><bpmn:script>rm -rf /</bpmn:script></bpmn:scriptTask>
            <bpmn:exclusiveGateway id="gateway" />
            <bpmn:endEvent id="end" />
            {ProcessModels.Flow("f1", "start", "script")}
            {ProcessModels.Flow("f2", "script", "gateway")}
            <bpmn:sequenceFlow id="bad_condition" sourceRef="gateway" targetRef="end"><bpmn:conditionExpression>=amount &gt;&gt; 3</bpmn:conditionExpression></bpmn:sequenceFlow>
            {ProcessModels.Flow("dangling", "gateway", "nowhere")}
            """);

        var response = await DeployAsync(admin, xml);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problems = (await JsonAsync(response))["problems"]!.AsArray().Select(p => p!["elementId"]?.GetValue<string>()).ToList();
        Assert.Contains("script", problems);
        Assert.Contains("bad_condition", problems);
        Assert.Contains("dangling", problems);
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM process_definitions"));
    }

    [Fact]
    public async Task Hostile_or_oversized_xml_is_refused_with_problem_details()
    {
        var admin = await AdminAsync();
        const string xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">&xxe;</bpmn:definitions>
            """;
        var oversized = ProcessModels.OneUserTask("gross", "bauamt").Replace("<bpmn:startEvent", $"<!-- {new string('x', 11 * 1024 * 1024)} --><bpmn:startEvent", StringComparison.Ordinal);

        var hostile = await DeployAsync(admin, xxe);
        var large = await DeployAsync(admin, oversized);
        var notXml = await DeployAsync(admin, "{ \"this is\": \"json\" }");

        foreach (var response in new[] { hostile, large, notXml })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.NotEmpty((await JsonAsync(response))["problems"]!.AsArray());
        }
        Assert.DoesNotContain("root:", await hostile.Content.ReadAsStringAsync());
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM process_definitions WHERE process_id = 'gross'"));
    }

    [Fact]
    public async Task Another_tenants_task_is_not_found_and_stays_open()
    {
        var admin = await AdminAsync();
        await DeployAsync(admin, ProcessModels.OneUserTask("fremd", "ordnungsamt"));
        var started = await StartAsync(await CaseworkerAsync(), "fremd");
        var taskId = started["openTasks"]![0]!["id"]!.GetValue<string>();
        var stranger = await SignedInAsync("ordnungsamt@beispielheim.example", "beispielheim.localhost");

        var response = await stranger.PostAsJsonAsync($"/api/v1/processes/tasks/{taskId}/complete", new { variables = new { } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM process_user_tasks WHERE id = @taskId AND status = 'open'", new { taskId }));
    }

    [Fact]
    public async Task Completing_a_task_twice_is_a_conflict_and_changes_nothing()
    {
        var admin = await AdminAsync();
        await DeployAsync(admin, ProcessModels.OneUserTask("zweimal", "ordnungsamt"));
        var caseworker = await CaseworkerAsync();
        var started = await StartAsync(caseworker, "zweimal");
        var id = started["id"]!.GetValue<string>();
        var taskId = started["openTasks"]![0]!["id"]!.GetValue<string>();

        var first = await caseworker.PostAsJsonAsync($"/api/v1/processes/tasks/{taskId}/complete", new { variables = new { decision = "first" } });
        var afterFirst = await JsonAsync(await caseworker.GetAsync($"/api/v1/processes/instances/{id}"));
        var second = await caseworker.PostAsJsonAsync($"/api/v1/processes/tasks/{taskId}/complete", new { variables = new { decision = "second" } });
        var afterSecond = await JsonAsync(await caseworker.GetAsync($"/api/v1/processes/instances/{id}"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("already completed", (await JsonAsync(second))["detail"]!.GetValue<string>());
        Assert.Equal(afterFirst["revision"]!.GetValue<long>(), afterSecond["revision"]!.GetValue<long>());
        Assert.Equal("first", afterSecond["variables"]!["decision"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_task_of_another_department_may_not_be_completed()
    {
        var admin = await AdminAsync();
        await DeployAsync(admin, ProcessModels.OneUserTask("bauantrag", "bauamt"));
        var caseworker = await CaseworkerAsync();
        var started = await StartAsync(caseworker, "bauantrag");
        var taskId = started["openTasks"]![0]!["id"]!.GetValue<string>();

        var response = await caseworker.PostAsJsonAsync($"/api/v1/processes/tasks/{taskId}/complete", new { });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM process_user_tasks WHERE id = @taskId AND status = 'open'", new { taskId }));
    }

    [Fact]
    public async Task A_message_reaches_the_waiting_instance_once_and_an_ended_instance_refuses_it()
    {
        var admin = await AdminAsync();
        await DeployAsync(admin, ProcessModels.WaitForMessage("zahlung", "zahlung-eingegangen"));
        var caseworker = await CaseworkerAsync();
        var started = await StartAsync(caseworker, "zahlung", new { orderId = "R-4711" });
        var id = started["id"]!.GetValue<string>();

        var delivered = await caseworker.PostAsJsonAsync("/api/v1/processes/messages",
            new { name = "zahlung-eingegangen", correlationKey = "R-4711", variables = new { amount = 12.5 } });
        var instance = await JsonAsync(await caseworker.GetAsync($"/api/v1/processes/instances/{id}"));
        var again = await caseworker.PostAsJsonAsync("/api/v1/processes/messages", new { name = "zahlung-eingegangen", correlationKey = "R-4711" });
        var toEnded = await caseworker.PostAsJsonAsync("/api/v1/processes/messages", new { name = "zahlung-eingegangen", correlationKey = "R-4711", instanceId = id });
        var afterwards = await JsonAsync(await caseworker.GetAsync($"/api/v1/processes/instances/{id}"));

        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal(id, (await JsonAsync(delivered))["instanceId"]!.GetValue<string>());
        Assert.Equal("completed", instance["status"]!.GetValue<string>());
        Assert.Equal(12.5, instance["variables"]!["amount"]!.GetValue<double>());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, toEnded.StatusCode);
        Assert.Equal(instance["revision"]!.GetValue<long>(), afterwards["revision"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_job_failing_on_its_last_retry_raises_an_incident_and_resolving_it_runs_the_job_again()
    {
        var admin = await AdminAsync();
        await DeployAsync(admin, ProcessModels.Definitions("register", $"""
            <bpmn:startEvent id="start" />
            {ProcessModels.ServiceTask("lookup", "test:flaky", retries: 1)}
            <bpmn:endEvent id="end" />
            {ProcessModels.Flow("f1", "start", "lookup")}
            {ProcessModels.Flow("f2", "lookup", "end")}
            """));
        var byIncident = (await StartAsync(admin, "register"))["id"]!.GetValue<string>();
        var byJobRetry = (await StartAsync(admin, "register"))["id"]!.GetValue<string>();
        await WaitForAsync(admin, byIncident, i => i["openIncidents"]!.GetValue<int>() == 1);
        await WaitForAsync(admin, byJobRetry, i => i["openIncidents"]!.GetValue<int>() == 1);

        var incidents = (await JsonAsync(await admin.GetAsync("/api/v1/processes/incidents"))).AsArray();
        var incident = incidents.Single(i => i!["instanceId"]?.GetValue<string>() == byIncident)!;
        var jobId = incidents.Single(i => i!["instanceId"]?.GetValue<string>() == byJobRetry)!["jobId"]!.GetValue<string>();
        var resolved = await admin.PostAsJsonAsync($"/api/v1/processes/incidents/{incident["id"]}/resolve", new { retries = 1 });
        var resolvedAgain = await admin.PostAsJsonAsync($"/api/v1/processes/incidents/{incident["id"]}/resolve", new { retries = 1 });
        var retried = await admin.PostAsJsonAsync($"/api/v1/processes/jobs/{jobId}/retry", new { retries = 2 });

        Assert.Equal("JobFailed", incident["kind"]!.GetValue<string>());
        Assert.Contains("register not reachable", incident["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, resolvedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        foreach (var id in new[] { byIncident, byJobRetry })
        {
            var done = await WaitForAsync(admin, id, i => i["status"]!.GetValue<string>() == "completed");
            Assert.True(done["variables"]!["registered"]!.GetValue<bool>());
        }
        var stillOpen = (await JsonAsync(await admin.GetAsync("/api/v1/processes/incidents"))).AsArray()
            .Select(i => i!["instanceId"]?.GetValue<string>()).ToList();
        Assert.DoesNotContain(byIncident, stillOpen);
        Assert.DoesNotContain(byJobRetry, stillOpen);
    }

    [Fact]
    public async Task A_timer_start_event_that_keeps_failing_is_listed_as_incident_without_instance_and_starts_its_process_once_resolved()
    {
        var admin = await AdminAsync();
        await DeployAsync(admin, ProcessModels.Definitions("jahresabschluss", $"""
            {ProcessModels.TimerStart("tick", "timeDate", "2020-01-01T00:00:00Z")}
            {ProcessModels.CallActivity("call", "abschlussbericht")}
            <bpmn:endEvent id="end" />
            {ProcessModels.Flow("f1", "tick", "call")}
            {ProcessModels.Flow("f2", "call", "end")}
            """));
        JsonNode? incident = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (incident is null)
        {
            // The date has passed: the executor tries at once, then after each back-off, which the clock skips.
            Assert.True(DateTime.UtcNow < deadline, "The failing timer start event raised no incident.");
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(100);
            incident = (await JsonAsync(await admin.GetAsync("/api/v1/processes/incidents"))).AsArray()
                .FirstOrDefault(i => i!["elementId"]!.GetValue<string>() == "tick");
        }
        var startedMeanwhile = await CountAsync("SELECT count(*) FROM process_instances WHERE process_id = 'jahresabschluss'");

        await DeployAsync(admin, ProcessModels.OneUserTask("abschlussbericht", "steueramt"));
        var resolved = await admin.PostAsJsonAsync($"/api/v1/processes/incidents/{incident["id"]}/resolve", new { retries = 1 });
        while (await CountAsync("SELECT count(*) FROM process_instances WHERE process_id = 'abschlussbericht'") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The resolved timer start event started nothing.");
            await Task.Delay(50);
        }

        Assert.Equal("TimerFailed", incident["kind"]!.GetValue<string>());
        Assert.Null(incident["instanceId"]);
        Assert.Contains("abschlussbericht", incident["message"]!.GetValue<string>());
        Assert.Equal(0, startedMeanwhile);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM process_instances WHERE process_id = 'jahresabschluss'"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM process_jobs WHERE kind = 'start_timer'"));
    }

    [Fact]
    public async Task Cancelling_ends_the_instance_and_its_open_task()
    {
        var admin = await AdminAsync();
        await DeployAsync(admin, ProcessModels.OneUserTask("storno", "ordnungsamt"));
        var started = await StartAsync(admin, "storno");
        var id = started["id"]!.GetValue<string>();
        var taskId = started["openTasks"]![0]!["id"]!.GetValue<string>();

        var cancelled = await admin.PostAsJsonAsync($"/api/v1/processes/instances/{id}/cancel", new { });
        var twice = await admin.PostAsJsonAsync($"/api/v1/processes/instances/{id}/cancel", new { });
        var complete = await (await CaseworkerAsync()).PostAsJsonAsync($"/api/v1/processes/tasks/{taskId}/complete", new { });

        Assert.Equal("cancelled", (await JsonAsync(cancelled))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, complete.StatusCode);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM process_user_tasks WHERE id = @taskId AND status = 'cancelled'", new { taskId }));
    }

    [Fact]
    public async Task Only_tenant_admins_deploy_and_anonymous_callers_are_refused()
    {
        var xml = ProcessModels.OneUserTask("nurverwaltung", "bauamt");

        var anonymous = await DeployAsync(app.ClientFor(), xml);
        var caseworker = await DeployAsync(await CaseworkerAsync(), xml);
        var anonymousStart = await app.ClientFor().PostAsJsonAsync("/api/v1/processes/instances", new { processId = "nurverwaltung" });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, caseworker.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousStart.StatusCode);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM process_definitions WHERE process_id = 'nurverwaltung'"));
    }

    [Fact]
    public async Task The_process_api_is_described_in_the_openapi_document()
    {
        var document = JsonDocument.Parse(await app.ClientFor().GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        foreach (var path in new[]
                 {
                     "/api/v1/processes/definitions", "/api/v1/processes/instances", "/api/v1/processes/tasks/{id}/complete",
                     "/api/v1/processes/messages", "/api/v1/processes/instances/{id}/cancel", "/api/v1/processes/incidents",
                     "/api/v1/processes/incidents/{id}/resolve", "/api/v1/processes/jobs/{id}/retry",
                 })
        {
            Assert.Contains(path, paths);
        }
    }
}
