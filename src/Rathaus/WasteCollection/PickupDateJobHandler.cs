using System.Globalization;
using System.Text.Json.Nodes;
using Rathaus.Bpmn.Runtime;
using Rathaus.Forms;
using Rathaus.Processes;

namespace Rathaus.WasteCollection;

/// <summary>
/// <c>rathaus:pickup-date</c>: books the next free bulky-waste collection date of the street's district. Reads the
/// variables <c>street</c>, <c>earliest</c> and <c>latest</c> (the preferred period, <c>YYYY-MM-DD</c>; map them with
/// <c>zeebe:ioMapping</c>) and the header <c>leadDays</c> (the date lies at least that many days after today,
/// default 2). Sets <c>pickup</c> { date, districtKey, districtName, withinPreferredPeriod }. An unknown street ends
/// in the BPMN error <c>unknown-street</c>, a district without free date in <c>no-pickup-date</c>, each with the
/// variable <c>pickupProblem</c> { reason, street }, so the process can give the case to a person.
/// </summary>
public sealed class PickupDateJobHandler(CollectionCalendar calendar, TimeProvider time) : ITenantJobHandler
{
    public const string TaskType = "rathaus:pickup-date";

    public const string UnknownStreet = "unknown-street";

    public const string NoPickupDate = "no-pickup-date";

    public async Task<JsonObject?> HandleAsync(TenantJobContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var street = Text(context.Variables, "street") ?? "";
        var leadDays = context.Headers.GetValueOrDefault("leadDays") is { } h && int.TryParse(h, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 2;
        var earliest = FormClock.Today(time).AddDays(leadDays);
        if (Date(context.Variables, "earliest") is { } wished && wished > earliest)
        {
            earliest = wished;
        }
        var latest = Date(context.Variables, "latest");
        Guid? caseId = (context.Variables["case"] as JsonObject)?["id"] is JsonValue id && Guid.TryParse(id.ToString(), out var g) ? g : null;
        try
        {
            var booking = await calendar.BookAsync(context.TenantId, context.Job.Id, caseId, street, earliest, ct);
            return new JsonObject
            {
                ["pickup"] = new JsonObject
                {
                    ["date"] = booking.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["districtKey"] = booking.DistrictKey,
                    ["districtName"] = booking.DistrictName,
                    ["withinPreferredPeriod"] = latest is null || booking.Date <= latest,
                },
            };
        }
        catch (PickupRefusedException e)
        {
            var code = e.Reason == PickupRefusal.UnknownStreet ? UnknownStreet : NoPickupDate;
            throw new BpmnErrorException(code, e.Message, new JsonObject
            {
                ["pickupProblem"] = new JsonObject { ["reason"] = code, ["street"] = street, ["message"] = e.Message },
            });
        }
    }

    private static string? Text(JsonObject variables, string name) =>
        variables[name] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    private static DateOnly? Date(JsonObject variables, string name) =>
        Text(variables, name) is { } s && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
