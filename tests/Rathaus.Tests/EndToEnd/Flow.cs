using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Platform.Database;
using Rathaus.Processes;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Portal;

namespace Rathaus.Tests.EndToEnd;

/// <summary>
/// The steps of an end-to-end flow as people take them: a signed-in citizen submits in the portal, caseworkers of the
/// departments complete their tasks, the job executor runs the service tasks in between.
/// </summary>
internal sealed class Flow(FlowsApp app)
{
    private const string Password = Rathaus.Platform.Demo.DemoSeeder.Password;

    /// <summary>Max Mustermann (eID-verified) submits the application in the portal; returns the case reference.</summary>
    public async Task<string> SubmitAsync(string serviceId, JsonObject data)
    {
        var browser = new ApplicantBrowser(await Applicants.SignedInAsync(app, serviceId));
        var (withoutFiles, files) = ShippedServices.WithUploads(data);
        var review = await browser.FillAsync(await browser.StartAsync(serviceId), withoutFiles,
            files.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.First()));
        var submitted = await browser.Client.PostAsync(review, await browser.Client.GetPageAsync(review), []);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var receipt = await browser.Client.GetPageAsync(submitted.Headers.Location!.OriginalString);
        return receipt.Text("#aktenzeichen");
    }

    public async Task<HttpClient> StaffAsync(string email)
    {
        var client = app.ClientFor();
        var response = await client.SubmitAsync("/verwaltung/anmelden", new Dictionary<string, string> { ["Email"] = email, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public Task<string> InstanceOfAsync(string reference) =>
        app.QueryAsync<string>("SELECT process_instance_id FROM cases WHERE reference = @reference", new { reference });

    /// <summary>Waits for the open task at the element in the caseworker's task list and completes it with the form's data.</summary>
    public static async Task CompleteAsync(HttpClient caseworker, string instanceId, string elementId, JsonObject variables)
    {
        JsonNode? task = null;
        await FlowsApp.WaitUntilAsync(async () =>
        {
            var tasks = await caseworker.GetFromJsonAsync<JsonArray>("/api/v1/processes/tasks");
            task = tasks!.FirstOrDefault(t => t!["instanceId"]!.GetValue<string>() == instanceId && t["elementId"]!.GetValue<string>() == elementId);
            return task is not null;
        }, $"task {elementId} of {instanceId} is in the caseworker's list");
        var response = await caseworker.PostAsJsonAsync($"/api/v1/processes/tasks/{task!["id"]!.GetValue<string>()}/complete", new { variables });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The elements the instance has passed, in order (milestones are intermediate throw events).</summary>
    public async Task<IReadOnlyList<string>> PassedAsync(string instanceId)
    {
        await using var c = await app.Services.GetRequiredService<RathausDataSources>().Owner.OpenConnectionAsync();
        return (await c.QueryAsync<string>(
            "SELECT element_id FROM process_history WHERE instance_id = @instanceId AND event = 'left' ORDER BY id", new { instanceId })).ToList();
    }

    /// <summary>Waits until the instance waits for a job of the type (the service task before it has run).</summary>
    public Task WaitForJobAsync(string instanceId, string type) =>
        FlowsApp.WaitUntilAsync(async () => await app.QueryAsync<int>(
            "SELECT count(*)::int FROM process_jobs WHERE instance_id = @instanceId AND type = @type", new { instanceId, type }) > 0,
            $"{instanceId} waits for a {type} job");

    public Task<InstanceView?> InstanceAsync(Guid tenantId, string instanceId) => app.Processes.GetInstanceAsync(tenantId, instanceId);
}
