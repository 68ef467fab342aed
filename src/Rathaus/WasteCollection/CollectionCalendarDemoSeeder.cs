using Microsoft.Extensions.Options;
using Rathaus.Forms;
using Rathaus.Platform.Database;
using Rathaus.Platform.Demo;
using Rathaus.Platform.Tenancy;

namespace Rathaus.WasteCollection;

/// <summary>
/// The demo towns' collection calendars, seeded into a town that has none: the streets from WasteCollection/Demo/*.csv
/// and, so that the demo works whenever it is started, collection dates for the next 24 months — Musterstadt's three
/// districts every other Tuesday, Wednesday and Thursday (25 collections a day), Beispielheim on the first Monday of
/// the month (15 a day).
/// </summary>
public sealed class CollectionCalendarDemoSeeder(IOptions<DemoOptions> options, TenantDirectory tenants, Db db, TimeProvider time) : IDatabaseSeeder
{
    public async Task SeedAsync(CancellationToken ct)
    {
        if (!options.Value.Seed)
        {
            return;
        }
        var today = FormClock.Today(time);
        foreach (var slug in new[] { "musterstadt", "beispielheim" })
        {
            if (await tenants.FindBySlugAsync(slug, ct) is not { } tenant)
            {
                continue;
            }
            var streets = WasteCalendarReader.ReadCsv(DemoFiles.Read($"{slug}-strassen.csv"));
            var districts = streets.Select(d => d with { Dates = DemoDates(slug, d.Key, today) }).ToList();
            await db.InTenantAsync(tenant.Id, async (c, tx) =>
            {
                if (!await CollectionCalendar.AnyAsync(c, tx, ct))
                {
                    await CollectionCalendar.ImportAsync(c, tx, tenant.Id, districts, ct);
                }
            }, ct);
        }
    }

    internal static List<CollectionDate> DemoDates(string slug, string district, DateOnly today)
    {
        var end = today.AddMonths(24);
        var dates = new List<CollectionDate>();
        if (slug == "beispielheim")
        {
            for (var month = new DateOnly(today.Year, today.Month, 1); month <= end; month = month.AddMonths(1))
            {
                var day = month;
                while (day.DayOfWeek != DayOfWeek.Monday)
                {
                    day = day.AddDays(1);
                }
                dates.Add(new CollectionDate(day, 15));
            }
            return dates;
        }
        var weekday = district switch { "1" => DayOfWeek.Tuesday, "2" => DayOfWeek.Wednesday, _ => DayOfWeek.Thursday };
        var first = today;
        while (first.DayOfWeek != weekday)
        {
            first = first.AddDays(1);
        }
        for (var day = first; day <= end; day = day.AddDays(14))
        {
            dates.Add(new CollectionDate(day, 25));
        }
        return dates;
    }
}
