using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Processes;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Processes;
using static Rathaus.Tests.Infrastructure.FormPost;

namespace Rathaus.Tests.Workbench;

/// <summary>The inbox and the task pages: whose tasks, claiming and handing over, completing task forms.</summary>
public sealed class TaskWorkTests(RathausApp app) : IClassFixture<RathausApp>
{
    private const string Ordnungsamt = "ordnungsamt@musterstadt.example";
    private const string Buergerbuero = "buergerbuero@musterstadt.example";
    private const string Kollegin = "kollegin.ordnungsamt@musterstadt.example";
    private const string Teamleitung = "leitung.ordnungsamt@musterstadt.example";

    private Task ColleaguesAsync() => Task.WhenAll(
        Casework.EnsureStaffAsync(app, Kollegin, "Karla Kollegin", [], ["ordnungsamt"]),
        Casework.EnsureStaffAsync(app, Teamleitung, "Tina Teamleitung", [Roles.TeamLead], ["ordnungsamt"]));

    private static string[] References(AngleSharp.Html.Dom.IHtmlDocument inbox) =>
        inbox.QuerySelectorAll("#aufgaben tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToArray();

    [Fact]
    public async Task The_inbox_shows_only_tasks_of_my_departments_and_another_departments_task_and_case_do_not_exist_for_me()
    {
        var parking = await Casework.SubmitAsync(app, "handwerkerparkausweis");
        var certificate = await Casework.SubmitAsync(app, "meldebescheinigung");
        var parkingTask = (await Casework.OpenTaskAsync(app, parking, "Task_Pruefen"))!;
        var ordnungsamt = await Casework.SignInAsync(app, Ordnungsamt);
        var buergerbuero = await Casework.SignInAsync(app, Buergerbuero);

        var mine = await ordnungsamt.GetPageAsync("/verwaltung/aufgaben");
        var theirs = await buergerbuero.GetPageAsync("/verwaltung/aufgaben");

        Assert.Contains(parking.Reference, References(mine));
        Assert.DoesNotContain(certificate.Reference, References(mine));
        Assert.Contains(certificate.Reference, References(theirs));
        Assert.DoesNotContain(parking.Reference, References(theirs));
        foreach (var row in theirs.QuerySelectorAll("#aufgaben tbody tr"))
        {
            var groups = await app.QueryAsync<string[]>("SELECT candidate_groups FROM process_user_tasks WHERE id = @id", new { id = row.GetAttribute("data-aufgabe") });
            Assert.Contains("buergerbuero", groups);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await buergerbuero.GetAsync($"/verwaltung/aufgaben/{parkingTask}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await buergerbuero.GetAsync($"/verwaltung/vorgaenge/{parking.Id}")).StatusCode);
        var token = await buergerbuero.TokenAsync();
        var claimForeign = await buergerbuero.PostAsync($"/verwaltung/aufgaben/{parkingTask}?handler=Claim",
            new FormUrlEncodedContent([Value("__RequestVerificationToken", token)]));
        var completeForeign = await buergerbuero.PostAsync($"/verwaltung/aufgaben/{parkingTask}?handler=Complete",
            new FormUrlEncodedContent([Value("__RequestVerificationToken", token), Value("pruefung.voraussetzungenErfuellt", "true")]));
        Assert.Equal(HttpStatusCode.NotFound, claimForeign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, completeForeign.StatusCode);
        Assert.Equal(("open", (string?)null), await app.QueryAsync<(string, string?)>(
            "SELECT status, assignee FROM process_user_tasks WHERE id = @parkingTask", new { parkingTask }));
    }

    [Fact]
    public async Task Claiming_handing_over_and_releasing_change_who_works_on_a_task_and_others_are_refused_without_a_change()
    {
        await ColleaguesAsync();
        var parking = await Casework.SubmitAsync(app, "handwerkerparkausweis");
        var taskId = (await Casework.OpenTaskAsync(app, parking, "Task_Pruefen"))!;
        var me = await Casework.SignInAsync(app, Ordnungsamt);
        var colleague = await Casework.SignInAsync(app, Kollegin);
        var lead = await Casework.SignInAsync(app, Teamleitung);
        var myId = await Casework.StaffIdAsync(app, Ordnungsamt);
        var colleagueId = await Casework.StaffIdAsync(app, Kollegin);
        Task<string?> AssigneeAsync() => app.QueryAsync<string?>("SELECT assignee FROM process_user_tasks WHERE id = @taskId", new { taskId });

        // Claim from the inbox row.
        var inbox = await me.GetPageAsync("/verwaltung/aufgaben?status=offen");
        var row = inbox.QuerySelector($"tr[data-aufgabe='{taskId}'] form")!;
        var claim = await me.PostAsync(row.GetAttribute("action")!, new FormUrlEncodedContent(
            row.QuerySelectorAll("input[type=hidden]").Select(i => Value(i.GetAttribute("name")!, i.GetAttribute("value")!))));
        Assert.Equal(HttpStatusCode.Redirect, claim.StatusCode);
        Assert.Equal(myId.ToString(), await AssigneeAsync());
        var claimed = await me.GetPageAsync(claim.Headers.Location!.OriginalString);
        Assert.Equal("Sie haben die Aufgabe übernommen.", claimed.Text("#bestaetigung"));
        var mineOnly = await me.GetPageAsync("/verwaltung/aufgaben?status=meine");
        Assert.Contains(parking.Reference, References(mineOnly));
        Assert.DoesNotContain(parking.Reference, References(await me.GetPageAsync("/verwaltung/aufgaben?status=offen")));

        // A colleague can neither claim nor complete it now.
        var colleaguePage = await colleague.GetPageAsync($"/verwaltung/aufgaben/{taskId}");
        Assert.Null(colleaguePage.QuerySelector("#aufgabenformular"));
        var token = await colleague.TokenAsync();
        var stolen = await colleague.PostAsync($"/verwaltung/aufgaben/{taskId}?handler=Claim", new FormUrlEncodedContent([Value("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Conflict, stolen.StatusCode);
        Assert.Contains("bearbeitet diese Aufgabe bereits; es wurde nichts geändert", (await Html.ParseAsync(stolen)).Text("#hinweis"));
        var completedByOther = await colleague.PostAsync($"/verwaltung/aufgaben/{taskId}?handler=Complete", new FormUrlEncodedContent(
            [Value("__RequestVerificationToken", token), Value("pruefung.voraussetzungenErfuellt", "true")]));
        Assert.Equal(HttpStatusCode.Conflict, completedByOther.StatusCode);
        Assert.Equal(myId.ToString(), await AssigneeAsync());

        // Hand over to the colleague; a member of another department is refused.
        var buergerbueroId = await Casework.StaffIdAsync(app, Buergerbuero);
        var taskPage = await me.GetPageAsync($"/verwaltung/aufgaben/{taskId}");
        Assert.Equal(HttpStatusCode.Conflict, (await me.PostFormAsync(taskPage, "handler=HandOver", [Value("an", buergerbueroId.ToString())])).StatusCode);
        Assert.Equal(myId.ToString(), await AssigneeAsync());
        var handedOver = await me.PostFormAsync(taskPage, "handler=HandOver", [Value("an", colleagueId.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, handedOver.StatusCode);
        Assert.Equal(colleagueId.ToString(), await AssigneeAsync());

        // Now I may not release it, but the team lead may.
        var notMine = await me.GetPageAsync($"/verwaltung/aufgaben/{taskId}");
        Assert.Null(notMine.QuerySelector("form[action*='handler=Release']"));
        var notMineToken = await me.TokenAsync();
        var release = await me.PostAsync($"/verwaltung/aufgaben/{taskId}?handler=Release", new FormUrlEncodedContent([Value("__RequestVerificationToken", notMineToken)]));
        Assert.Equal(HttpStatusCode.Conflict, release.StatusCode);
        Assert.Equal(colleagueId.ToString(), await AssigneeAsync());
        var leadPage = await lead.GetPageAsync($"/verwaltung/aufgaben/{taskId}");
        var released = await lead.PostFormAsync(leadPage, "handler=Release");
        Assert.Equal(HttpStatusCode.Redirect, released.StatusCode);
        Assert.Null(await AssigneeAsync());
    }

    [Fact]
    public async Task Two_claims_on_the_same_reading_give_the_task_to_one_person_only()
    {
        await ColleaguesAsync();
        var parking = await Casework.SubmitAsync(app, "handwerkerparkausweis");
        var taskId = (await Casework.OpenTaskAsync(app, parking, "Task_Pruefen"))!;
        var processes = app.Services.GetRequiredService<ProcessService>();
        var tenant = await app.QueryAsync<Guid>("SELECT id FROM tenants WHERE slug = 'musterstadt'");
        var (me, colleague) = ((await Casework.StaffIdAsync(app, Ordnungsamt)).ToString(), (await Casework.StaffIdAsync(app, Kollegin)).ToString());

        var results = await Task.WhenAll(
            Attempt(() => processes.AssignTaskAsync(tenant, taskId, me, expectedAssignee: null, me)),
            Attempt(() => processes.AssignTaskAsync(tenant, taskId, colleague, expectedAssignee: null, colleague)));

        Assert.Single(results, ok => ok);
        var assignee = await app.QueryAsync<string>("SELECT assignee FROM process_user_tasks WHERE id = @taskId", new { taskId });
        Assert.Contains(assignee, new[] { me, colleague });
        var state = await processes.GetInstanceAsync(tenant, parking.InstanceId);
        Assert.Equal(assignee, Assert.Single(state!.OpenTasks).Assignee);

        static async Task<bool> Attempt(Func<Task> assign)
        {
            try
            {
                await assign();
                return true;
            }
            catch (ProcessCommandException e) when (e.Kind == ProcessErrorKind.Conflict)
            {
                return false;
            }
        }
    }

    [Fact]
    public async Task Completing_the_check_form_sets_its_variables_and_moves_the_process_to_the_next_task_until_it_completes()
    {
        var parking = await Casework.SubmitAsync(app, "handwerkerparkausweis");
        var check = (await Casework.OpenTaskAsync(app, parking, "Task_Pruefen"))!;
        var me = await Casework.SignInAsync(app, Ordnungsamt);

        var page = await me.GetPageAsync($"/verwaltung/aufgaben/{check}");
        Assert.NotNull(page.QuerySelector("input[name='pruefung.voraussetzungenErfuellt'][value=true]"));
        var done = await me.PostFormAsync(page, "handler=Complete", [Value("pruefung.voraussetzungenErfuellt", "true"), Value("aktion", "erledigen")]);

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var inbox = await me.GetPageAsync(done.Headers.Location!.OriginalString);
        Assert.Equal($"Die Aufgabe „Antrag und Nachweise prüfen“ zum Vorgang {parking.Reference} ist erledigt.", inbox.Text("#bestaetigung"));
        Assert.Equal("completed", await app.QueryAsync<string>("SELECT status FROM process_user_tasks WHERE id = @check", new { check }));
        var issue = await Casework.OpenTaskAsync(app, parking, "Task_Ausstellen");
        Assert.NotNull(issue);
        Assert.Equal("true", await app.QueryAsync<string>(
            "SELECT state #>> '{executions,0,variables,voraussetzungenErfuellt}' FROM process_instances WHERE id = @id", new { id = parking.InstanceId }));

        var issuePage = await me.GetPageAsync($"/verwaltung/aufgaben/{issue}");
        var issued = await me.PostFormAsync(issuePage, "handler=Complete",
            [Value("ausweis.ausweisnummer", "HWP-2026-0042"), Value("ausweis.gueltigBis", "31.12.2099"), Value("aktion", "erledigen")]);

        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        Assert.Equal("completed", await app.QueryAsync<string>("SELECT status FROM process_instances WHERE id = @id", new { id = parking.InstanceId }));
        Assert.Equal("HWP-2026-0042", await app.QueryAsync<string>(
            "SELECT state #>> '{executions,0,variables,ausweisnummer}' FROM process_instances WHERE id = @id", new { id = parking.InstanceId }));
    }

    [Fact]
    public async Task A_no_in_the_check_form_takes_the_refusal_path()
    {
        var parking = await Casework.SubmitAsync(app, "handwerkerparkausweis");
        var check = (await Casework.OpenTaskAsync(app, parking, "Task_Pruefen"))!;
        var me = await Casework.SignInAsync(app, Ordnungsamt);

        var page = await me.GetPageAsync($"/verwaltung/aufgaben/{check}");
        var done = await me.PostFormAsync(page, "handler=Complete",
            [Value("pruefung.voraussetzungenErfuellt", "false"), Value("pruefung.pruefvermerk", "Die Fahrzeuge sind nicht beschriftet."), Value("aktion", "erledigen")]);

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.NotNull(await Casework.OpenTaskAsync(app, parking, "Task_Ablehnen"));
        Assert.Null(await Casework.OpenTaskAsync(app, parking, "Task_Ausstellen"));
    }

    [Fact]
    public async Task Invalid_task_form_data_is_refused_with_the_error_summary_and_changes_nothing()
    {
        var parking = await Casework.SubmitAsync(app, "handwerkerparkausweis");
        var check = (await Casework.OpenTaskAsync(app, parking, "Task_Pruefen"))!;
        var me = await Casework.SignInAsync(app, Ordnungsamt);
        var revision = await app.QueryAsync<long>("SELECT revision FROM process_instances WHERE id = @id", new { id = parking.InstanceId });

        var page = await me.GetPageAsync($"/verwaltung/aufgaben/{check}");
        var refused = await me.PostFormAsync(page, "handler=Complete", [Value("pruefung.voraussetzungenErfuellt", "false"), Value("aktion", "erledigen")]);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var shown = await Html.ParseAsync(refused);
        Assert.StartsWith("Fehler:", shown.Title, StringComparison.Ordinal);
        var link = Assert.Single(shown.QuerySelectorAll("#fehlerzusammenfassung a"));
        Assert.Equal("Geben Sie „Prüfvermerk“ an.", link.TextContent.Trim());
        Assert.NotNull(shown.GetElementById(link.GetAttribute("href")!.TrimStart('#')));
        Assert.NotNull(shown.QuerySelector("input[name='pruefung.voraussetzungenErfuellt'][value=false][checked]"));
        Assert.Equal("open", await app.QueryAsync<string>("SELECT status FROM process_user_tasks WHERE id = @check", new { check }));
        Assert.Equal(revision, await app.QueryAsync<long>("SELECT revision FROM process_instances WHERE id = @id", new { id = parking.InstanceId }));
    }

    [Fact]
    public async Task Completing_a_task_that_was_completed_meanwhile_says_so_and_changes_nothing()
    {
        var parking = await Casework.SubmitAsync(app, "handwerkerparkausweis");
        var check = (await Casework.OpenTaskAsync(app, parking, "Task_Pruefen"))!;
        var me = await Casework.SignInAsync(app, Ordnungsamt);
        var page = await me.GetPageAsync($"/verwaltung/aufgaben/{check}");
        Assert.Equal(HttpStatusCode.Redirect, (await me.PostFormAsync(page, "handler=Complete", [Value("pruefung.voraussetzungenErfuellt", "true")])).StatusCode);
        var revision = await app.QueryAsync<long>("SELECT revision FROM process_instances WHERE id = @id", new { id = parking.InstanceId });

        var again = await me.PostFormAsync(page, "handler=Complete", [Value("pruefung.voraussetzungenErfuellt", "false"), Value("pruefung.pruefvermerk", "x")]);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Die Aufgabe „Antrag und Nachweise prüfen“ ist bereits erledigt; es wurde nichts geändert.", (await Html.ParseAsync(again)).Text("#hinweis"));
        Assert.Equal(revision, await app.QueryAsync<long>("SELECT revision FROM process_instances WHERE id = @id", new { id = parking.InstanceId }));
        Assert.NotNull(await Casework.OpenTaskAsync(app, parking, "Task_Ausstellen"));
        Assert.Null(await Casework.OpenTaskAsync(app, parking, "Task_Ablehnen"));
    }

    [Fact]
    public async Task A_task_without_a_form_is_done_with_an_optional_comment_kept_as_an_internal_note()
    {
        var certificate = await Casework.SubmitAsync(app, "meldebescheinigung");
        var issue = (await Casework.OpenTaskAsync(app, certificate, "Task_Ausstellen"))!;
        var me = await Casework.SignInAsync(app, Buergerbuero);

        var page = await me.GetPageAsync($"/verwaltung/aufgaben/{issue}");
        Assert.NotNull(page.QuerySelector("textarea[name=kommentar]"));
        var done = await me.PostFormAsync(page, "handler=Complete", [Value("kommentar", "Bescheinigung mit Zusatzangaben erstellt.")]);

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.NotNull(await Casework.OpenTaskAsync(app, certificate, "Task_Post")); // the example asks for delivery by post
        Assert.Equal("Meldebescheinigung ausstellen: Bescheinigung mit Zusatzangaben erstellt.",
            await app.QueryAsync<string>("SELECT body FROM case_notes WHERE case_id = @id", new { id = certificate.Id }));
    }

    [Fact]
    public async Task The_inbox_pages_oldest_first_and_counts_by_filter()
    {
        var admin = app.Services.GetRequiredService<TenantAdministration>();
        if (await app.QueryAsync<int>("SELECT count(*)::int FROM departments WHERE key = 'poststelle'") == 0)
        {
            await admin.AddDepartmentAsync("musterstadt", "poststelle", "Poststelle", "poststelle", "post@musterstadt.example", "+49 9999 200-9");
        }
        await Casework.EnsureStaffAsync(app, "post@musterstadt.example", "Paula Post", [], ["poststelle"]);
        var tenant = await app.QueryAsync<Guid>("SELECT id FROM tenants WHERE slug = 'musterstadt'");
        var processes = app.Services.GetRequiredService<ProcessService>();
        await processes.DeployAsync(tenant, ProcessModels.OneUserTask("posteingang", "poststelle"), "test");
        var started = new List<string>();
        for (var i = 0; i < 27; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            started.Add((await processes.StartAsync(tenant, new StartRequest { ProcessId = "posteingang" })).OpenTasks[0].Id);
        }
        var post = await Casework.SignInAsync(app, "post@musterstadt.example");

        var first = await post.GetPageAsync("/verwaltung/aufgaben");
        var second = await post.GetPageAsync(first.QuerySelector("a[rel=next]")!.GetAttribute("href")!);

        var listed = first.QuerySelectorAll("#aufgaben tbody tr").Concat(second.QuerySelectorAll("#aufgaben tbody tr"))
            .Select(r => r.GetAttribute("data-aufgabe")!).ToList();
        Assert.Equal(25, first.QuerySelectorAll("#aufgaben tbody tr").Length);
        Assert.Equal(started, listed);
        Assert.Null(second.QuerySelector("a[rel=next]"));
        Assert.Contains("(27)", first.QuerySelector("#status option[value=offen]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("(0)", first.QuerySelector("#status option[value=meine]")!.TextContent, StringComparison.Ordinal);
    }
}
