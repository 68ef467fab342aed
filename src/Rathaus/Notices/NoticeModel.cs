using System.Globalization;
using System.Text.Json.Nodes;
using Rathaus.Cases;
using Rathaus.CatalogModule;
using Rathaus.Forms;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Notices;

/// <summary>Everything a notice or message of a case is made from.</summary>
/// <param name="Department">The department whose procedure the case is; null when the tenant has no department with its key.</param>
public sealed record CaseLetterSource(Tenant Tenant, CaseFacts Case, InstalledService Service, Department? Department);

/// <summary>
/// The model a template is rendered with (docs/notices.md): every process variable at the top level, and over them
/// <c>tenant</c> (letterhead and bank details), <c>department</c>, <c>service</c>, <c>case</c> (reference, dates,
/// service name), <c>application</c> (the form data) and <c>today</c> (the date in Germany, ISO 8601).
/// </summary>
public static class NoticeModel
{
    public static Dictionary<string, object?> Build(CaseLetterSource source, JsonObject variables, string language, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(variables);
        var culture = NoticeTemplates.CultureFor(language);
        var model = FromJson(variables) as Dictionary<string, object?> ?? [];
        var tenant = source.Tenant;
        model["tenant"] = new Dictionary<string, object?>
        {
            ["name"] = tenant.Name,
            ["street"] = tenant.Street,
            ["postalCode"] = tenant.PostalCode,
            ["city"] = tenant.City,
            ["phone"] = tenant.Phone,
            ["email"] = tenant.Email,
            ["website"] = tenant.Website,
            ["bankName"] = tenant.BankName,
            ["iban"] = tenant.Iban,
            ["bic"] = tenant.Bic,
        };
        model["department"] = new Dictionary<string, object?>
        {
            ["key"] = source.Case.DepartmentKey,
            ["name"] = source.Department?.Name ?? "",
            ["email"] = source.Department?.Email ?? "",
            ["phone"] = source.Department?.Phone ?? "",
        };
        var serviceName = source.Service.Service.Name.In(culture);
        model["service"] = new Dictionary<string, object?> { ["id"] = source.Service.Service.Id, ["name"] = serviceName };
        var @case = model.GetValueOrDefault("case") as Dictionary<string, object?> ?? [];
        @case["id"] = source.Case.Id.ToString();
        @case["reference"] = source.Case.Reference;
        @case["serviceId"] = source.Case.ServiceId;
        @case["serviceName"] = serviceName;
        @case["submittedAt"] = FormClock.InGermany(source.Case.SubmittedAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        model["case"] = @case;
        if (model.GetValueOrDefault("application") is null)
        {
            model["application"] = FromJson(source.Case.Data);
        }
        model["today"] = FormClock.Today(time).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return model;
    }

    /// <summary>JSON as the template engine reads it: dictionaries, lists, strings, decimals and booleans.</summary>
    public static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => FromJson(p.Value), StringComparer.Ordinal),
        JsonArray a => a.Select(FromJson).ToList(),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<decimal>(out var d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
