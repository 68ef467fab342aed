using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Platform.Tenancy;
using Rathaus.Processes;

namespace Rathaus.Tests.Infrastructure;

/// <summary>The application with a fast-polling job executor, for tests that run processes with service tasks and timers.</summary>
public class FlowsApp : RathausApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Processes:JobExecutor:PollInterval"] = "00:00:00.050",
    };

    public ProcessService Processes => Services.GetRequiredService<ProcessService>();

    public async Task<Tenant> TenantAsync(string slug = "musterstadt") =>
        (await Services.GetRequiredService<TenantDirectory>().FindBySlugAsync(slug))!;

    /// <summary>Waits until the instance satisfies the condition (the job executor works in the background); fails after a minute.</summary>
    public async Task<InstanceView> WaitForAsync(Guid tenantId, string instanceId, Func<InstanceView, bool> condition, string what)
    {
        InstanceView? last = null;
        for (var i = 0; i < 1200; i++)
        {
            last = await Processes.GetInstanceAsync(tenantId, instanceId);
            if (last is not null && condition(last))
            {
                return last;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"The instance {instanceId} did not reach: {what}. Last state: {last?.Status}, tasks [{string.Join(", ", last?.OpenTasks.Select(t => t.ElementId) ?? [])}], variables {last?.Variables.ToJsonString()}");
    }

    /// <summary>Waits until a query answers true.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 1200; i++)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException("Timed out waiting until " + what);
    }

    public static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();
}
