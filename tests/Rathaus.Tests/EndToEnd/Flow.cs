using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Platform.Database;
using Rathaus.Processes;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Portal;
using Rathaus.Tests.Workbench;

namespace Rathaus.Tests.EndToEnd;

/// <summary>
/// The steps of an end-to-end flow as people take them: a signed-in citizen submits in the portal, caseworkers of the
/// departments complete their tasks, the job executor runs the service tasks in between.
/// </summary>
internal sealed class Flow(FlowsApp app)
{
    private const string Password = Rathaus.Platform.Demo.DemoSeeder.Password;

    /// <summary>Max Mustermann (eID-verified) submits the application in the portal; returns the case reference.</summary>
    public async Task<string> SubmitAsync(string serviceId, JsonObject data) => (await ApplyAsync(serviceId, data)).Reference;

    /// <summary>Max Mustermann submits in the portal; returns his signed-in browser and the case reference.</summary>
    public async Task<(HttpClient Citizen, string Reference)> ApplyAsync(string serviceId, JsonObject data)
    {
        var browser = new ApplicantBrowser(await Applicants.SignedInAsync(app, serviceId));
        var (withoutFiles, files) = ShippedServices.WithUploads(data);
        var review = await browser.FillAsync(await browser.StartAsync(serviceId), withoutFiles,
            files.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.First()));
        var submitted = await browser.Client.PostAsync(review, await browser.Client.GetPageAsync(review), []);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var receipt = await browser.Client.GetPageAsync(submitted.Headers.Location!.OriginalString);
        return (browser.Client, receipt.Text("#aktenzeichen"));
    }

    /// <summary>Max Mustermann submits through the submissions API in a language (<c>?culture=</c>); returns his client and the reference.</summary>
    public async Task<(HttpClient Citizen, string Reference)> ApplyByApiAsync(string serviceId, JsonObject data, string language)
    {
        var citizen = await Applicants.SignedInAsync(app, serviceId);
        var (withoutFiles, files) = ShippedServices.WithUploads(data);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(new JsonObject { ["data"] = withoutFiles }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), "data" },
        };
        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(file.ContentType);
            content.Add(part, file.Field, file.FileName);
        }
        var response = await citizen.PostAsync($"/api/v1/services/{serviceId}/submissions?culture={language}", content);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (citizen, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["reference"]!.GetValue<string>());
    }

    /// <summary>
    /// The citizen's mailbox: waits for the message of the case whose subject starts so, opens it and returns its page and address.
    /// </summary>
    public static async Task<(AngleSharp.Html.Dom.IHtmlDocument Page, string Url)> MessageAsync(HttpClient citizen, string reference, string subjectStart, string kind)
    {
        string? href = null;
        await FlowsApp.WaitUntilAsync(async () =>
        {
            var mailbox = await citizen.GetPageAsync("/konto/postfach");
            href = mailbox.QuerySelectorAll("#nachrichten tbody tr")
                .Where(r => r.GetAttribute("data-kind") == kind && r.TextContent.Contains(reference, StringComparison.Ordinal)
                    && r.TextContent.Contains(subjectStart, StringComparison.Ordinal))
                .Select(r => r.QuerySelector("a[href*='/konto/postfach/']")?.GetAttribute("href")).FirstOrDefault();
            return href is not null;
        }, $"a message \"{subjectStart}\" about {reference} is in the citizen's mailbox");
        return (await citizen.GetPageAsync(href!), href!);
    }

    /// <summary>The notice of the case in the citizen's mailbox, opened from the message as a PDF and read with pdftotext.</summary>
    public static async Task<string> NoticeTextAsync(HttpClient citizen, string reference, string subjectStart)
    {
        var (message, _) = await MessageAsync(citizen, reference, subjectStart, "notice");
        var pdf = await citizen.GetAsync(message.QuerySelector("#anlagen a")!.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var text = Poppler.Text(await pdf.Content.ReadAsByteArrayAsync(), layout: true).Replace('\u00A0', ' ');
        return System.Text.RegularExpressions.Regex.Replace(text, "[ \t]+", " ");
    }

    /// <summary>The case's status as the citizen sees it on the application's page.</summary>
    public async Task<string> StatusAsync(HttpClient citizen, string reference)
    {
        var caseId = await app.QueryAsync<Guid>("SELECT id FROM cases WHERE reference = @reference", new { reference });
        return (await citizen.GetPageAsync($"/konto/antraege/{caseId}")).Text("#status");
    }

    public Task<int> PrintsAsync(string reference) => app.QueryAsync<int>(
        "SELECT count(*)::int FROM print_actions p JOIN cases c ON c.id = p.case_id WHERE c.reference = @reference", new { reference });

    public Task<HttpClient> StaffAsync(string email) => app.StaffClientAsync(email);

    public Task<string> InstanceOfAsync(string reference) =>
        app.QueryAsync<string>("SELECT process_instance_id FROM cases WHERE reference = @reference", new { reference });

    /// <summary>
    /// Waits for the case's open task at the element, finds it in the caseworker's inbox, opens its page in the
    /// workbench and completes the task form with the values (input names are the form's paths, e.g.
    /// <c>pruefung.entscheidung</c>), as a caseworker does.
    /// </summary>
    public async Task CompleteAsync(HttpClient caseworker, string reference, string elementId, params (string Name, string Value)[] values)
    {
        var instanceId = await InstanceOfAsync(reference);
        string? taskId = null;
        await FlowsApp.WaitUntilAsync(async () => (taskId = await app.QueryAsync<string?>(
            "SELECT (SELECT id FROM process_user_tasks WHERE instance_id = @instanceId AND element_id = @elementId AND status = 'open')",
            new { instanceId, elementId })) is not null, $"task {elementId} of {reference} is open");
        var inbox = await caseworker.GetPageAsync("/verwaltung/aufgaben");
        var link = inbox.QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? "").FirstOrDefault(h => h.EndsWith("/aufgaben/" + taskId, StringComparison.Ordinal));
        Assert.True(link is not null, $"The task {elementId} of {reference} is not in the caseworker's inbox.");
        var page = await caseworker.GetPageAsync(link);
        var done = await caseworker.PostFormAsync(page, "handler=Complete",
            [.. values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)), new KeyValuePair<string, string>("aktion", "erledigen")]);
        Assert.True(done.StatusCode == HttpStatusCode.Redirect,
            $"The task form of {elementId} was not accepted: {string.Join(" | ", await ApplicantBrowser.ErrorsAsync(done))}");
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
