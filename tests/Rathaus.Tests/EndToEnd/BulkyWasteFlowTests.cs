using System.Globalization;
using System.Text.Json.Nodes;
using Rathaus.Forms;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Portal;

namespace Rathaus.Tests.EndToEnd;

/// <summary>
/// Bulky waste from the portal: the pickup date comes from the calendar without anyone's task and reaches the mailbox
/// as a notice; an unknown street goes to the waste department, whose date is then sent.
/// </summary>
public sealed class BulkyWasteFlowTests(FlowsApp app) : IClassFixture<FlowsApp>
{
    private readonly Flow _flow = new(app);

    private JsonObject Application(string street)
    {
        var data = ShippedServices.Valid("sperrmuell");
        var today = FormClock.Today(app.Clock);
        data["abholort"]!["anschrift"]!["street"] = street;
        data["zeitraum"] = new JsonObject
        {
            ["von"] = today.AddDays(8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["bis"] = today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        return data;
    }

    private static string German(string isoDate) =>
        DateOnly.ParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_pickup_date_of_the_streets_district_reaches_the_mailbox_without_a_human_task()
    {
        var tenant = await app.TenantAsync();
        var (citizen, reference) = await _flow.ApplyAsync("sperrmuell", Application("Schulstraße"));
        var instance = await _flow.InstanceOfAsync(reference);

        var notice = await Flow.NoticeTextAsync(citizen, reference, "Ihr Abholtermin für Sperrmüll");

        var waiting = await app.WaitForAsync(tenant.Id, instance, i => i.Variables["noticeDocumentId"] is not null, "the notice's job is committed");
        var pickup = waiting.Variables["pickup"]!;
        var date = DateOnly.ParseExact(pickup["date"]!.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(DayOfWeek.Tuesday, date.DayOfWeek);
        Assert.InRange(date, FormClock.Today(app.Clock).AddDays(8), FormClock.Today(app.Clock).AddDays(30));
        Assert.Contains("Monika Becker", notice, StringComparison.Ordinal);
        Assert.Contains("Schulstraße 18", notice, StringComparison.Ordinal);
        Assert.Contains(reference, notice, StringComparison.Ordinal);
        Assert.Contains("wir holen Ihren Sperrmüll am " + German(pickup["date"]!.GetValue<string>()) + " ab.", notice, StringComparison.Ordinal);
        Assert.Contains("Bezirk 1 – Altstadt", notice, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync<int>("SELECT count(*)::int FROM process_user_tasks WHERE instance_id = @instance", new { instance }));
        Assert.Equal(["Milestone_Termin", "Milestone_Mitgeteilt"],
            (await _flow.PassedAsync(instance)).Where(e => e.StartsWith("Milestone_", StringComparison.Ordinal)));
        Assert.Equal("Termin mitgeteilt", await _flow.StatusAsync(citizen, reference));
        Assert.Equal(0, await _flow.PrintsAsync(reference));
    }

    [Fact]
    public async Task An_unknown_street_becomes_a_task_of_the_waste_department_whose_date_is_then_sent()
    {
        var (citizen, reference) = await _flow.ApplyAsync("sperrmuell", Application("Neubaugebiet Am Weiher"));
        var abfall = await _flow.StaffAsync("abfallwirtschaft@musterstadt.example");
        var date = FormClock.Today(app.Clock).AddDays(12).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await _flow.CompleteAsync(abfall, reference, "Task_Manuell", ("abfuhr.abfuhrtermin", date), ("abfuhr.abfuhrhinweis", "Bitte an der Einfahrt bereitstellen."));

        var notice = await Flow.NoticeTextAsync(citizen, reference, "Ihr Abholtermin für Sperrmüll");
        Assert.Contains("wir holen Ihren Sperrmüll am " + German(date) + " ab.", notice, StringComparison.Ordinal);
        Assert.Contains("Bitte an der Einfahrt bereitstellen.", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("Abfuhrbezirk", notice, StringComparison.Ordinal);
        Assert.Equal("unknown-street", (await _flow.InstanceAsync((await app.TenantAsync()).Id, await _flow.InstanceOfAsync(reference)))!
            .Variables["pickupProblem"]!["reason"]!.GetValue<string>());
    }
}
