using System.Globalization;
using System.Text.Json.Nodes;
using Rathaus.Forms;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Portal;

namespace Rathaus.Tests.EndToEnd;

/// <summary>Bulky waste from the portal: the pickup date comes from the calendar without anyone's task; an unknown street goes to a person.</summary>
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

    [Fact]
    public async Task The_pickup_date_of_the_streets_district_is_set_without_a_human_task()
    {
        var tenant = await app.TenantAsync();
        var reference = await _flow.SubmitAsync("sperrmuell", Application("Schulstraße"));
        var instance = await _flow.InstanceOfAsync(reference);

        await _flow.WaitForJobAsync(instance, "rathaus:notice");

        var state = (await _flow.InstanceAsync(tenant.Id, instance))!;
        Assert.Empty(state.OpenTasks);
        var date = DateOnly.ParseExact(state.Variables["pickup"]!["date"]!.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(DayOfWeek.Tuesday, date.DayOfWeek);
        Assert.InRange(date, FormClock.Today(app.Clock).AddDays(8), FormClock.Today(app.Clock).AddDays(30));
        Assert.Equal("Bezirk 1 – Altstadt", state.Variables["pickup"]!["districtName"]!.GetValue<string>());
        Assert.Contains("Milestone_Termin", await _flow.PassedAsync(instance));
        Assert.Equal(0, await app.QueryAsync<int>("SELECT count(*)::int FROM process_user_tasks WHERE instance_id = @instance", new { instance }));
    }

    [Fact]
    public async Task An_unknown_street_becomes_a_task_of_the_waste_department_whose_date_is_then_used()
    {
        var reference = await _flow.SubmitAsync("sperrmuell", Application("Neubaugebiet Am Weiher"));
        var instance = await _flow.InstanceOfAsync(reference);
        var abfall = await _flow.StaffAsync("abfallwirtschaft@musterstadt.example");
        var date = FormClock.Today(app.Clock).AddDays(12).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await _flow.CompleteAsync(abfall, reference, "Task_Manuell", ("abfuhr.abfuhrtermin", date));
        await _flow.WaitForJobAsync(instance, "rathaus:notice");

        var tenant = await app.TenantAsync();
        var state = (await _flow.InstanceAsync(tenant.Id, instance))!;
        Assert.Equal(date, state.Variables["pickup"]!["date"]!.GetValue<string>());
        Assert.Equal("unknown-street", state.Variables["pickupProblem"]!["reason"]!.GetValue<string>());
    }
}
