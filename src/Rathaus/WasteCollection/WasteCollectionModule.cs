using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Rathaus.Forms;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Web;
using Rathaus.Processes;

namespace Rathaus.WasteCollection;

/// <summary>
/// Bulky-waste collection (Sperrmüll): the tenant's calendar of districts, streets and dates, the job handler
/// <c>rathaus:pickup-date</c> and the API under <c>/api/v1/waste-calendar</c>.
/// </summary>
public static class WasteCollectionModule
{
    public static IServiceCollection AddWasteCollection(this IServiceCollection services)
    {
        services.AddSingleton<CollectionCalendar>();
        services.AddJobHandler(PickupDateJobHandler.TaskType, sp => new PickupDateJobHandler(sp.GetRequiredService<CollectionCalendar>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<Platform.Database.IDatabaseSeeder, CollectionCalendarDemoSeeder>();
        return services;
    }

    public static IEndpointRouteBuilder MapWasteCollectionApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/waste-calendar").WithTags("WasteCollection").DisableAntiforgery();
        api.MapGet("/", ListAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("GetWasteCalendar")
            .WithSummary("The collection districts with their streets and their bulky-waste dates from a day on (default today), with capacity and bookings.");
        api.MapPost("/", ImportAsync)
            .RequireAuthorization(Policies.TenantAdmin)
            .Accepts<string>("application/json", "text/csv")
            .WithName("ImportWasteCalendar")
            .WithSummary("Imports districts, streets and dates (JSON, or CSV with the header bezirk;name;strasse or bezirk;datum;kapazitaet). A refused file lists every problem and changes nothing.");
        return endpoints;
    }

    internal static async Task<Results<Ok<IReadOnlyList<StoredDistrict>>, ProblemHttpResult>> ListAsync(
        string? from, CurrentTenant tenant, CollectionCalendar calendar, TimeProvider time, CancellationToken ct)
    {
        if (tenant.Tenant is not { } t)
        {
            return ImportProblems.NoTenant();
        }
        var day = DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : FormClock.Today(time);
        return TypedResults.Ok(await calendar.ListAsync(t.Id, day, ct));
    }

    internal static async Task<Results<Ok<CalendarImportResult>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, CurrentTenant tenant, CollectionCalendar calendar, CancellationToken ct)
    {
        if (tenant.Tenant is not { } t)
        {
            return ImportProblems.NoTenant();
        }
        var (body, problem) = await ImportProblems.ReadBodyAsync(request, ct);
        if (body is null)
        {
            return ImportProblems.Refused("abfuhrkalender", [problem!]);
        }
        var csv = request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true;
        try
        {
            var districts = csv ? WasteCalendarReader.ReadCsv(body) : WasteCalendarReader.ReadJson(body);
            return TypedResults.Ok(await calendar.ImportAsync(t.Id, districts, ct));
        }
        catch (WasteCalendarException e)
        {
            return ImportProblems.Refused("abfuhrkalender", e.Problems);
        }
    }
}
