using System.Globalization;
using System.Text.Json;
using Rathaus.DogTax;
using Rathaus.Forms;
using Rathaus.Platform.Tenancy;
using Rathaus.WasteCollection;

namespace Rathaus.Platform.Admin;

/// <summary>
/// <c>rathaus admin dog-tax import|list</c> and <c>rathaus admin waste-calendar import|list</c>: the tenant's dog tax
/// statute and bulky-waste calendar from JSON or CSV files (formats in docs/services.md). They run on the application's
/// role with the tenant set, like the tenant admin's API.
/// </summary>
internal static class RulesCommands
{
    public const string Usage = """
          rathaus admin dog-tax import FILE.json --tenant SLUG
          rathaus admin dog-tax list --tenant SLUG [--json]
          rathaus admin waste-calendar import FILE.json|FILE.csv --tenant SLUG
          rathaus admin waste-calendar list --tenant SLUG [--from YYYY-MM-DD]
        """;

    public static bool Handles(string? noun) => noun is "dog-tax" or "waste-calendar";

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error)
    {
        var verb = args.ElementAtOrDefault(2);
        var file = args.ElementAtOrDefault(3) is { } a && !a.StartsWith("--", StringComparison.Ordinal) ? a : null;
        var options = args.Skip(file is null ? 3 : 4).ToList();
        string? Option(string name) => options.IndexOf("--" + name) is var i and >= 0 && i + 1 < options.Count ? options[i + 1] : null;
        var slug = Option("tenant") ?? throw new AdministrationException("--tenant is required.\n" + Usage);
        var tenant = await services.GetRequiredService<TenantDirectory>().FindBySlugAsync(slug)
            ?? throw new AdministrationException($"There is no tenant '{slug}'.");
        var time = services.GetRequiredService<TimeProvider>();
        try
        {
            switch (args[1], verb)
            {
                case ("dog-tax", "import") when file is not null:
                {
                    var statute = DogTaxStatuteReader.Read(await File.ReadAllTextAsync(FullPath(file)));
                    await services.GetRequiredService<DogTaxRegister>().ImportAsync(tenant.Id, statute, "operator:" + Environment.UserName);
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"Dog tax statute valid from {statute.ValidFrom:yyyy-MM-dd} stored for {slug}: first {statute.RateFirst} €, second {statute.RateSecond} €, further {statute.RateFurther} €, listed {statute.RateListed} €, {statute.Exemptions.Count} exemptions."));
                    return 0;
                }
                case ("dog-tax", "list"):
                {
                    var statutes = await services.GetRequiredService<DogTaxRegister>().ListAsync(tenant.Id);
                    if (options.Contains("--json"))
                    {
                        foreach (var s in statutes)
                        {
                            await output.WriteLineAsync(s.Statute.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                        }
                        return 0;
                    }
                    if (statutes.Count == 0)
                    {
                        await output.WriteLineAsync($"No dog tax statute stored for {slug}.");
                    }
                    foreach (var s in statutes.Select(s => s.Statute))
                    {
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"{s.ValidFrom:yyyy-MM-dd} – {(s.ValidUntil is { } u ? u.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "          ")}  first {s.RateFirst,7} €  second {s.RateSecond,7} €  further {s.RateFurther,7} €  listed {s.RateListed,7} €  due {string.Join(", ", s.DueDates)}  {DogTaxStatute.LiabilityStartToText(s.LiabilityStart)}  {s.Title}"));
                        foreach (var e in s.Exemptions)
                        {
                            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                                $"    {e.Code,-16} {e.Percent,3} %{(e.Months is { } m ? $" for {m} months" : ""),-15} {e.Label.De}"));
                        }
                    }
                    return 0;
                }
                case ("waste-calendar", "import") when file is not null:
                {
                    var path = FullPath(file);
                    var districts = WasteCalendarReader.Read(path, await File.ReadAllTextAsync(path));
                    var result = await services.GetRequiredService<CollectionCalendar>().ImportAsync(tenant.Id, districts);
                    await output.WriteLineAsync($"Collection calendar of {slug}: {result.Districts} districts, {result.Streets} streets and {result.Dates} dates imported.");
                    return 0;
                }
                case ("waste-calendar", "list"):
                {
                    var from = Option("from") is { } f ? DateOnly.ParseExact(f, "yyyy-MM-dd", CultureInfo.InvariantCulture) : FormClock.Today(time);
                    var districts = await services.GetRequiredService<CollectionCalendar>().ListAsync(tenant.Id, from);
                    if (districts.Count == 0)
                    {
                        await output.WriteLineAsync($"No collection calendar stored for {slug}.");
                    }
                    foreach (var d in districts)
                    {
                        await output.WriteLineAsync($"{d.Key,-6} {d.Name}");
                        await output.WriteLineAsync("       streets: " + string.Join(", ", d.Streets));
                        await output.WriteLineAsync("       dates:   " + string.Join(", ", d.Dates.Take(12).Select(x => string.Create(CultureInfo.InvariantCulture,
                            $"{x.Date:yyyy-MM-dd} ({x.Booked}/{(x.Capacity is { } c ? c.ToString(CultureInfo.InvariantCulture) : "∞")})")))
                            + (d.Dates.Count > 12 ? string.Create(CultureInfo.InvariantCulture, $" … {d.Dates.Count - 12} more") : ""));
                    }
                    return 0;
                }
                default:
                    await error.WriteLineAsync("Usage:\n" + Usage);
                    return 2;
            }
        }
        catch (DogTaxStatuteException e)
        {
            await error.WriteLineAsync("Error: " + e.Message);
            return 1;
        }
        catch (WasteCalendarException e)
        {
            await error.WriteLineAsync("Error: " + e.Message);
            return 1;
        }
        catch (IOException e)
        {
            await error.WriteLineAsync("Error: " + e.Message);
            return 1;
        }
    }

    private static string FullPath(string file) =>
        Path.GetFullPath(file, Environment.GetEnvironmentVariable("RATHAUS_WORKDIR") ?? Directory.GetCurrentDirectory());
}
