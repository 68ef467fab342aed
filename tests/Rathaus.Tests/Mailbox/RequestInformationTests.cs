using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Platform.Admin;
using Rathaus.Processes;
using Rathaus.Tests.Catalog;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Portal;

namespace Rathaus.Tests.Mailbox;

/// <summary>
/// The request-more-information loop end to end, with the test clock: the caseworker asks, the citizen reads the
/// request in the mailbox, a reminder comes after 7 days, the citizen answers in the portal and the process goes on;
/// without an answer the escalation timer hands the case back to the caseworker.
/// </summary>
public sealed class RequestInformationTests(MailboxApp app) : IClassFixture<MailboxApp>
{
    private const string ServiceId = "nachforderung-test";

    private static readonly SemaphoreSlim Installed = new(1, 1);

    private ProcessService Processes => app.Services.GetRequiredService<ProcessService>();

    /// <summary>A test service whose process is <see cref="RequestInformationProcess"/>, installed once in Musterstadt.</summary>
    private async Task InstallAsync()
    {
        await Installed.WaitAsync();
        try
        {
            if (await app.QueryAsync<int>("SELECT count(*)::int FROM service_packages WHERE service_id = @ServiceId", new { ServiceId }) > 0)
            {
                return;
            }
            var package = new TestPackage(ServiceId);
            package.Files["process.bpmn"] = RequestInformationProcess.Xml;
            var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Database:ConnectionString", app.ConnectionString)]).Build();
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await CommandLine.RunAsync(["admin", "service", "install", package.WriteFolder(), "--tenant", "musterstadt"], output, error,
                configuration, new StringReader(""));
            Assert.True(exit == 0, error.ToString());
        }
        finally
        {
            Installed.Release();
        }
    }

    /// <summary>Max applies for the test service in the portal's API; the case's process waits for the check.</summary>
    private async Task<(HttpClient Citizen, Guid CaseId, string Reference, string InstanceId)> ApplyAsync()
    {
        await InstallAsync();
        var citizen = await Applicants.SignedInAsync(app, "sperrmuell");
        var response = await citizen.PostAsJsonAsync($"/api/v1/services/{ServiceId}/submissions",
            new JsonObject { ["data"] = new JsonObject { ["person"] = new JsonObject { ["name"] = "Max Mustermann" } } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var reference = (await response.Content.ReadFromJsonAsync<JsonObject>())!["reference"]!.GetValue<string>();
        var (caseId, instanceId) = await app.QueryAsync<(Guid, string)>("SELECT id, process_instance_id FROM cases WHERE reference = @reference", new { reference });
        return (citizen, caseId, reference, instanceId);
    }

    private async Task<string> OpenTaskAsync(string instanceId, string elementId) => await app.QueryAsync<string>(
        "SELECT id FROM process_user_tasks WHERE instance_id = @instanceId AND element_id = @elementId AND status = 'open'", new { instanceId, elementId });

    /// <summary>The caseworker finds documents missing and asks for them (the task form's variables).</summary>
    private async Task RequestAsync(string instanceId)
    {
        await Processes.CompleteTaskAsync(await app.TenantIdAsync(), await OpenTaskAsync(instanceId, "Task_Pruefen"), new JsonObject
        {
            ["vollstaendig"] = false,
            ["nachforderungText"] = "Bitte reichen Sie den Nachweis Ihrer Vertretungsbefugnis nach.",
            ["nachforderungFristTage"] = 14,
        }, TaskActor.System);
        await app.RunJobsAsync();
    }

    private static async Task<string> StatusAsync(HttpClient citizen, Guid caseId) =>
        (await citizen.GetPageAsync($"/konto/antraege/{caseId}")).Text("#status");

    private Task<int> TimersAsync(string instanceId) =>
        app.QueryAsync<int>("SELECT count(*)::int FROM process_jobs WHERE instance_id = @instanceId AND kind = 'timer'", new { instanceId });

    [Fact]
    public async Task The_citizen_is_asked_reminded_after_seven_days_answers_in_the_portal_and_the_process_goes_on()
    {
        var (citizen, caseId, reference, instanceId) = await ApplyAsync();

        await RequestAsync(instanceId);
        var mailbox = await citizen.GetPageAsync("/konto/postfach");
        var request = mailbox.QuerySelectorAll("#nachrichten tbody tr").Single(r => r.TextContent.Contains(reference, StringComparison.Ordinal));
        Assert.Contains($"Rückfrage zu Ihrem Antrag {reference}", request.TextContent);
        Assert.Contains("Antwort bis zum 15.12.2026", request.TextContent);
        Assert.Equal("Rückfrage offen – bitte antworten Sie bis zum 15.12.2026", await StatusAsync(citizen, caseId));

        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await app.RunJobsAsync();
        var requests = await app.QueryAsync<int>("SELECT count(*)::int FROM mailbox_messages WHERE case_id = @caseId AND kind = 'information_request'", new { caseId });
        var reminderId = await app.QueryAsync<Guid>("""
            SELECT id FROM mailbox_messages WHERE case_id = @caseId AND subject LIKE 'Erinnerung:%' AND reply_due = DATE '2026-12-15'
            """, new { caseId });
        Assert.Equal(2, requests);

        // A week later the citizen signs in again (the session of last week has expired).
        citizen = await Applicants.SignedInAsync(app, "sperrmuell");
        var reminderUrl = $"/konto/postfach/{reminderId}";
        var reminder = await citizen.GetPageAsync(reminderUrl);
        Assert.Contains("Bitte reichen Sie den Nachweis Ihrer Vertretungsbefugnis nach.", reminder.Text("#nachricht"));
        var answered = await citizen.PostAsync(reminderUrl, reminder, [FormPost.Value("antwort", "Die Vollmacht liegt bei.")],
            [new UploadFile("anhaenge", "vollmacht.pdf", SampleFiles.Pdf("vollmacht"), "application/pdf")]);
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);

        // The process took the answer: the check is open again, both timers are gone, the answer is a variable.
        Assert.NotNull(await OpenTaskAsync(instanceId, "Task_Pruefen"));
        Assert.Equal(0, await TimersAsync(instanceId));
        var instance = (await Processes.GetInstanceAsync(await app.TenantIdAsync(), instanceId))!;
        var antwort = instance.Variables["antwort"]!.AsObject();
        Assert.Equal("Die Vollmacht liegt bei.", antwort["text"]!.GetValue<string>());
        var documentId = Guid.Parse(Assert.Single(antwort["documentIds"]!.AsArray())!.GetValue<string>());
        Assert.Equal("vollmacht.pdf", await app.QueryAsync<string>("SELECT file_name FROM case_documents WHERE id = @documentId AND kind = 'reply'", new { documentId }));
        Assert.Equal("Eingegangen", await StatusAsync(citizen, caseId));

        await Processes.CompleteTaskAsync(await app.TenantIdAsync(), await OpenTaskAsync(instanceId, "Task_Pruefen"),
            new JsonObject { ["vollstaendig"] = true }, TaskActor.System);
        Assert.Equal("Abgeschlossen: Antrag bearbeitet", await StatusAsync(citizen, caseId));
    }

    [Fact]
    public async Task Without_an_answer_the_case_goes_back_to_the_caseworker_after_three_weeks_and_a_late_answer_is_still_kept()
    {
        var (citizen, caseId, _, instanceId) = await ApplyAsync();
        await RequestAsync(instanceId);
        var requestId = await app.QueryAsync<Guid>("SELECT id FROM mailbox_messages WHERE case_id = @caseId AND kind = 'information_request'", new { caseId });

        app.Clock.Advance(TimeSpan.FromDays(21) + TimeSpan.FromMinutes(1));
        await app.RunJobsAsync();

        Assert.NotNull(await OpenTaskAsync(instanceId, "Task_Eskalation"));
        Assert.Equal(0, await TimersAsync(instanceId));
        citizen = await Applicants.SignedInAsync(app, "sperrmuell");
        var url = $"/konto/postfach/{requestId}";
        var late = await citizen.PostAsync(url, await citizen.GetPageAsync(url), [FormPost.Value("antwort", "Entschuldigung, hier die Vollmacht.")]);
        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        Assert.Equal(1, await app.QueryAsync<int>("SELECT count(*)::int FROM mailbox_messages WHERE case_id = @caseId AND direction = 'from_citizen'", new { caseId }));
        Assert.NotNull(await OpenTaskAsync(instanceId, "Task_Eskalation"));
    }
}
