using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Forms;
using Rathaus.Processes;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Processes;
using Rathaus.WasteCollection;

namespace Rathaus.Tests.WasteCollection;

/// <summary><c>rathaus:pickup-date</c>: the next free date of the street's district, capacity per date, and a person when the street is unknown.</summary>
public sealed class PickupDateTests(FlowsApp app) : IClassFixture<FlowsApp>
{
    private CollectionCalendar Calendar => app.Services.GetRequiredService<CollectionCalendar>();

    private DateOnly Today => FormClock.Today(app.Clock);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>start → pickup date (errors: to a person) → end, as the sperrmüll process uses it.</summary>
    private static string Process(string id) => ProcessModels.Definitions(id, """
        <bpmn:startEvent id="start" />
        <bpmn:serviceTask id="termin">
          <bpmn:extensionElements>
            <zeebe:taskDefinition type="rathaus:pickup-date" />
            <zeebe:ioMapping>
              <zeebe:input source="=application.abholort.anschrift.street" target="street" />
              <zeebe:input source="=application.zeitraum.von" target="earliest" />
              <zeebe:input source="=application.zeitraum.bis" target="latest" />
            </zeebe:ioMapping>
          </bpmn:extensionElements>
        </bpmn:serviceTask>
        <bpmn:boundaryEvent id="keinTermin" attachedToRef="termin"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
        <bpmn:userTask id="manuell"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="abfallwirtschaft" /></bpmn:extensionElements></bpmn:userTask>
        <bpmn:endEvent id="end" />
        <bpmn:endEvent id="endManuell" />
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="termin" />
        <bpmn:sequenceFlow id="f2" sourceRef="termin" targetRef="end" />
        <bpmn:sequenceFlow id="f3" sourceRef="keinTermin" targetRef="manuell" />
        <bpmn:sequenceFlow id="f4" sourceRef="manuell" targetRef="endManuell" />
        """);

    private async Task<Guid> CalendarAsync(string district, string street, params (int Days, int? Capacity)[] dates)
    {
        var tenant = await app.TenantAsync();
        await Calendar.ImportAsync(tenant.Id, [new CollectionDistrict(district, "Testbezirk " + district, [street],
            dates.Select(d => new CollectionDate(Today.AddDays(d.Days), d.Capacity)).ToList())]);
        return tenant.Id;
    }

    private async Task<InstanceView> BookByProcessAsync(Guid tenantId, string processId, string street, DateOnly from, DateOnly until)
    {
        await app.Processes.DeployAsync(tenantId, Process(processId), "test");
        var instance = await app.Processes.StartAsync(tenantId, new StartRequest
        {
            ProcessId = processId,
            Variables = new JsonObject
            {
                ["application"] = new JsonObject
                {
                    ["abholort"] = new JsonObject { ["anschrift"] = new JsonObject { ["street"] = street, ["houseNumber"] = "1", ["postalCode"] = "99991", ["city"] = "Musterstadt" } },
                    ["zeitraum"] = new JsonObject { ["von"] = Iso(from), ["bis"] = Iso(until) },
                },
            },
        });
        return await app.WaitForAsync(tenantId, instance.Id, i => i.Status != "active" || i.OpenTasks.Count > 0, "the pickup date is booked or a person is asked");
    }

    [Fact]
    public async Task The_street_gets_the_first_date_of_its_district_in_the_preferred_period_however_it_is_spelt()
    {
        var tenant = await CalendarAsync("t-a", "Buchenstraße", (3, 10), (10, 10), (17, 10));

        var done = await BookByProcessAsync(tenant, "abholung-a", "buchenstr.", Today.AddDays(5), Today.AddDays(30));

        Assert.Equal("completed", done.Status);
        var pickup = done.Variables["pickup"]!;
        Assert.Equal(Iso(Today.AddDays(10)), pickup["date"]!.GetValue<string>());
        Assert.Equal(("t-a", "Testbezirk t-a", true),
            (pickup["districtKey"]!.GetValue<string>(), pickup["districtName"]!.GetValue<string>(), pickup["withinPreferredPeriod"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task A_date_whose_capacity_is_used_up_is_skipped()
    {
        var tenant = await CalendarAsync("t-b", "Ahornweg", (10, 1), (17, 2), (24, null));

        var dates = new List<string>();
        foreach (var i in Enumerable.Range(0, 4))
        {
            var done = await BookByProcessAsync(tenant, "abholung-b", "Ahornweg", Today.AddDays(5), Today.AddDays(30));
            dates.Add(done.Variables["pickup"]!["date"]!.GetValue<string>());
        }

        Assert.Equal([Iso(Today.AddDays(10)), Iso(Today.AddDays(17)), Iso(Today.AddDays(17)), Iso(Today.AddDays(24))], dates);
    }

    [Fact]
    public async Task Concurrent_bookings_never_exceed_the_capacity_of_a_date()
    {
        var tenant = await CalendarAsync("t-c", "Eschenweg", (10, 2), (17, 3), (24, 100));

        var bookings = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Calendar.BookAsync(tenant, $"job-parallel-{i}", null, "Eschenweg", Today.AddDays(5))));

        var perDate = bookings.GroupBy(b => b.Date).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(2, perDate[Today.AddDays(10)]);
        Assert.Equal(3, perDate[Today.AddDays(17)]);
        Assert.Equal(7, perDate[Today.AddDays(24)]);
    }

    [Fact]
    public async Task A_job_that_runs_again_gets_its_booking_back_instead_of_a_second_one()
    {
        var tenant = await CalendarAsync("t-d", "Erlenweg", (10, 5));

        var first = await Calendar.BookAsync(tenant, "job-wieder", null, "Erlenweg", Today.AddDays(5));
        var again = await Calendar.BookAsync(tenant, "job-wieder", null, "Erlenweg", Today.AddDays(5));

        Assert.Equal(first, again);
        Assert.Equal(1, await app.QueryAsync<int>("SELECT count(*)::int FROM bulky_waste_bookings WHERE job_id = 'job-wieder'"));
    }

    [Fact]
    public async Task When_the_preferred_period_is_booked_up_the_next_free_date_after_it_is_taken_and_said_so()
    {
        var tenant = await CalendarAsync("t-e", "Birkenweg", (10, 0), (40, null));

        var done = await BookByProcessAsync(tenant, "abholung-e", "Birkenweg", Today.AddDays(5), Today.AddDays(30));

        Assert.Equal(Iso(Today.AddDays(40)), done.Variables["pickup"]!["date"]!.GetValue<string>());
        Assert.False(done.Variables["pickup"]!["withinPreferredPeriod"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_unknown_street_ends_in_a_BPMN_error_that_gives_the_case_to_the_waste_department()
    {
        var tenant = await CalendarAsync("t-f", "Kastanienweg", (10, null));

        var waiting = await BookByProcessAsync(tenant, "abholung-f", "Gibtesnichtweg", Today.AddDays(5), Today.AddDays(30));

        var task = Assert.Single(waiting.OpenTasks);
        Assert.Equal(("manuell", "abfallwirtschaft"), (task.ElementId, Assert.Single(task.CandidateGroups)));
        Assert.Equal((PickupDateJobHandler.UnknownStreet, "Gibtesnichtweg"),
            (waiting.Variables["pickupProblem"]!["reason"]!.GetValue<string>(), waiting.Variables["pickupProblem"]!["street"]!.GetValue<string>()));
        Assert.Null(waiting.Variables["pickup"]);
    }

    [Fact]
    public async Task A_district_without_a_free_date_ends_in_the_BPMN_error_no_pickup_date()
    {
        var tenant = await CalendarAsync("t-g", "Platanenweg", (10, 0));

        var waiting = await BookByProcessAsync(tenant, "abholung-g", "Platanenweg", Today.AddDays(5), Today.AddDays(30));

        Assert.Equal("manuell", Assert.Single(waiting.OpenTasks).ElementId);
        Assert.Equal(PickupDateJobHandler.NoPickupDate, waiting.Variables["pickupProblem"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_demo_calendar_of_Musterstadt_knows_the_streets_of_the_example_applications()
    {
        var tenant = await app.TenantAsync();

        var calendar = await Calendar.ListAsync(tenant.Id, Today);

        var altstadt = Assert.Single(calendar, d => d.Key == "1");
        Assert.Contains("Schulstraße", altstadt.Streets);
        Assert.True(altstadt.Dates.Count >= 50);
        Assert.All(altstadt.Dates, d => Assert.Equal(DayOfWeek.Tuesday, d.Date.DayOfWeek));
    }
}
