using System.Globalization;
using System.Net;
using Rathaus.Forms;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Portal;

namespace Rathaus.Tests.EndToEnd;

/// <summary>
/// Trade registration from the portal: the completeness check asks for missing details through the mailbox, the
/// process waits for the answer with a reminder and a deadline (the test clock moves), the Ordnungsamt registers the
/// business and the certificate of receipt reaches the mailbox as a PDF.
/// </summary>
public sealed class TradeRegistrationFlowTests(FlowsApp app) : IClassFixture<FlowsApp>
{
    private readonly Flow _flow = new(app);

    private static string German(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    private async Task<(HttpClient Citizen, string Reference, DateOnly Due)> RequestMissingDetailsAsync()
    {
        var (citizen, reference) = await _flow.ApplyAsync("gewerbeanmeldung", ShippedServices.Valid("gewerbeanmeldung"));
        var ordnungsamt = await _flow.StaffAsync("ordnungsamt@musterstadt.example");
        var due = FormClock.Today(app.Clock).AddDays(14);
        await _flow.CompleteAsync(ordnungsamt, reference, "Task_Vollstaendigkeit", ("pruefung.vollstaendig", "false"),
            ("pruefung.fehlendeAngaben", "Bitte reichen Sie die Gesellschafterliste der UG nach."), ("pruefung.fristTage", "14"));
        return (citizen, reference, due);
    }

    private Task<int> MessagesAsync(string reference, string subjectLike) => app.QueryAsync<int>("""
        SELECT count(*)::int FROM mailbox_messages m JOIN cases c ON c.id = m.case_id
        WHERE c.reference = @reference AND m.subject LIKE @subjectLike
        """, new { reference, subjectLike });

    [Fact]
    public async Task Missing_details_are_requested_reminded_answered_and_the_certificate_reaches_the_mailbox()
    {
        var (citizen, reference, due) = await RequestMissingDetailsAsync();

        var (request, _) = await Flow.MessageAsync(citizen, reference, "Rückfrage", "information_request");
        Assert.Contains("Bitte reichen Sie die Gesellschafterliste der UG nach.", request.Text("#nachricht"), StringComparison.Ordinal);
        Assert.Equal(German(due), request.Text("#antwortfrist"));
        Assert.Equal($"Rückfrage offen – bitte antworten Sie bis zum {German(due)}", await _flow.StatusAsync(citizen, reference));
        var instance = await _flow.InstanceOfAsync(reference);
        Assert.Contains("Milestone_Nachgefordert", await _flow.PassedAsync(instance));

        // Seven days before the deadline the process reminds the citizen; the request stays open.
        app.Clock.Advance(TimeSpan.FromDays(8));
        await FlowsApp.WaitUntilAsync(async () => await MessagesAsync(reference, "Erinnerung:%") == 1, "the reminder is delivered");
        citizen = await Applicants.SignedInAsync(app, "gewerbeanmeldung");
        var (reminder, url) = await Flow.MessageAsync(citizen, reference, "Erinnerung", "information_request");
        Assert.Contains("Bitte reichen Sie die Gesellschafterliste der UG nach.", reminder.Text("#nachricht"), StringComparison.Ordinal);
        Assert.Equal(German(due), reminder.Text("#antwortfrist"));
        Assert.NotNull(await app.QueryAsync<string?>(
            "SELECT (SELECT id FROM process_jobs WHERE instance_id = @instance AND element_id = 'Timer_Frist')", new { instance }));

        // The citizen answers in the mailbox: the message continues the process, the check comes back.
        var answered = await citizen.PostAsync(url, reminder, [FormPost.Value("antwort", "Die Gesellschafterliste liegt bei.")],
            [new UploadFile("anhaenge", "gesellschafterliste.pdf", SampleFiles.Pdf("gesellschafterliste"), "application/pdf")]);
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        var ordnungsamt = await _flow.StaffAsync("ordnungsamt@musterstadt.example");
        await _flow.CompleteAsync(ordnungsamt, reference, "Task_Vollstaendigkeit", ("pruefung.vollstaendig", "true"));
        Assert.Equal(0, await app.QueryAsync<int>("SELECT count(*)::int FROM process_jobs WHERE instance_id = @instance AND kind = 'timer'", new { instance }));
        await _flow.CompleteAsync(ordnungsamt, reference, "Task_Erfassen", ("kommentar", "Im Gewerberegister erfasst."));

        var certificate = await Flow.NoticeTextAsync(citizen, reference, "Gewerbeanmeldung – Bescheinigung");
        Assert.Contains("Deniz Yılmaz", certificate, StringComparison.Ordinal);
        Assert.Contains("Rosengasse 3", certificate, StringComparison.Ordinal);
        Assert.Contains(reference, certificate, StringComparison.Ordinal);
        Assert.Contains("Radwerk Musterstadt UG (haftungsbeschränkt)", certificate, StringComparison.Ordinal);
        Assert.Contains("Einzelhandel mit Fahrrädern", certificate, StringComparison.Ordinal);
        Assert.Contains("Beginn der Tätigkeit 01.01.2027", certificate, StringComparison.Ordinal);
        Assert.Contains("§ 15 Abs. 1 der Gewerbeordnung", certificate, StringComparison.Ordinal);
        Assert.Equal(["Milestone_InPruefung", "Milestone_Nachgefordert", "Milestone_InPruefung", "Milestone_Angemeldet"],
            (await _flow.PassedAsync(instance)).Where(e => e.StartsWith("Milestone_", StringComparison.Ordinal)).Take(4));
        Assert.Equal(0, await _flow.PrintsAsync(reference));
    }

    [Fact]
    public async Task Without_an_answer_the_deadline_gives_the_case_back_to_the_Ordnungsamt_which_checks_it_again()
    {
        var (citizen, reference, due) = await RequestMissingDetailsAsync();
        var instance = await _flow.InstanceOfAsync(reference);

        app.Clock.Advance(TimeSpan.FromDays(8));
        await FlowsApp.WaitUntilAsync(async () => await MessagesAsync(reference, "Erinnerung:%") == 1, "the reminder is delivered");
        app.Clock.Advance(TimeSpan.FromDays(8));
        await FlowsApp.WaitUntilAsync(async () => await app.QueryAsync<int>(
            "SELECT count(*)::int FROM process_user_tasks WHERE instance_id = @instance AND element_id = 'Task_Frist' AND status = 'open'", new { instance }) == 1,
            "the task \"Frist abgelaufen\" is open");

        Assert.Equal(0, await app.QueryAsync<int>("SELECT count(*)::int FROM process_jobs WHERE instance_id = @instance AND kind = 'timer'", new { instance }));
        var ordnungsamt = await _flow.StaffAsync("ordnungsamt@musterstadt.example");
        await _flow.CompleteAsync(ordnungsamt, reference, "Task_Frist", ("fristablauf.fristVermerk", $"Bis {German(due)} keine Antwort; telefonisch nachgefragt."));
        await FlowsApp.WaitUntilAsync(async () => await app.QueryAsync<int>(
            "SELECT count(*)::int FROM process_user_tasks WHERE instance_id = @instance AND element_id = 'Task_Vollstaendigkeit' AND status = 'open'", new { instance }) == 1,
            "the completeness check is open again");
        // For the citizen the request stays open: a late answer is still taken and reaches the case.
        citizen = await Applicants.SignedInAsync(app, "gewerbeanmeldung");
        Assert.Equal($"Rückfrage offen – bitte antworten Sie bis zum {German(due)}", await _flow.StatusAsync(citizen, reference));
    }
}
