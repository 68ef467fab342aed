using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Rathaus.Bpmn.Execution;
using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;
using Rathaus.Processes;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Portal;

namespace Rathaus.Tests.Mailbox;

/// <summary>
/// The application for notice and mailbox tests: the clock on 1 December 2026 (the day the shipped examples are
/// written for), no job executor of its own — a test runs due jobs with <see cref="RunJobsAsync"/> after moving the
/// clock — and small upload limits.
/// </summary>
public class MailboxApp : RathausApp
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Largest upload in these tests.</summary>
    public const int MaxFileBytes = 100_000;

    public MailboxApp()
    {
        Clock.Advance(Start - Clock.GetUtcNow());
    }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Processes:JobExecutor:Enabled"] = "false",
        ["Uploads:MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public async Task<Guid> TenantIdAsync(string slug = "musterstadt") =>
        (await Services.GetRequiredService<TenantDirectory>().FindBySlugAsync(slug))!.Id;

    /// <summary>Runs every due job and timer as a node of the cluster would, until none is left.</summary>
    public async Task RunJobsAsync()
    {
        var node = new JobExecutor(
            new JobExecutorOptions { NodeId = "test-" + Guid.NewGuid().ToString("N")[..8] },
            Services.GetRequiredService<ProcessRuntime>(),
            Services.GetRequiredService<RathausDataSources>(),
            database: null,
            Services.GetRequiredService<JobHandlers>(),
            NullLogger<JobExecutor>.Instance);
        for (var round = 0; round < 20 && await node.RunOnceAsync() > 0; round++)
        {
        }
    }

    /// <summary>Submits a shipped service's valid example as the signed-in citizen; returns the case.</summary>
    public async Task<SubmittedApplication> SubmitAsync(HttpClient citizen, string serviceId, string language = "de")
    {
        var (data, files) = ShippedServices.WithUploads(ShippedServices.Valid(serviceId));
        using var content = new MultipartFormDataContent
        {
            { new StringContent(new JsonObject { ["data"] = data }.ToJsonString(), Encoding.UTF8, "application/json"), "data" },
        };
        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            content.Add(part, file.Field, file.FileName);
        }
        var response = await citizen.PostAsync($"/api/v1/services/{serviceId}/submissions?culture={language}", content);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var reference = (await response.Content.ReadFromJsonAsync<JsonObject>())!["reference"]!.GetValue<string>();
        var (id, instance) = await QueryAsync<(Guid, string)>("SELECT id, process_instance_id FROM cases WHERE reference = @reference", new { reference });
        return new SubmittedApplication(id, reference, instance, data);
    }

    /// <summary>Runs a job of the given task type through the application's own handler, as the job executor would.</summary>
    public async Task<JsonObject?> RunHandlerAsync(string taskType, Guid tenantId, SubmittedApplication application, JsonObject variables,
        IDictionary<string, string>? headers = null, string? jobId = null)
    {
        Assert.True(Services.GetRequiredService<JobHandlers>().TryGet(taskType, out var handler), $"no handler for {taskType}");
        variables["case"] ??= new JsonObject { ["id"] = application.CaseId.ToString(), ["reference"] = application.Reference };
        variables["application"] ??= application.Data.DeepClone();
        var job = new JobState
        {
            Id = jobId ?? "job-" + Guid.NewGuid().ToString("N"),
            Type = taskType,
            Variables = variables,
            Headers = new Dictionary<string, string>(headers ?? new Dictionary<string, string>()),
        };
        return await handler.HandleAsync(new TenantJobContext(tenantId, application.InstanceId, job), CancellationToken.None);
    }
}

/// <summary>A case made from a shipped example.</summary>
public sealed record SubmittedApplication(Guid CaseId, string Reference, string InstanceId, JsonObject Data);
