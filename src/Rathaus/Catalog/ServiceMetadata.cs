using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rathaus.CatalogModule;

/// <summary>A text in German (the default) and English.</summary>
public sealed record LocalizedText
{
    public string De { get; init; } = "";

    public string En { get; init; } = "";

    /// <summary>The English text for an English culture, the German one otherwise.</summary>
    public string In(CultureInfo culture) => IsEnglish(culture) && En.Length > 0 ? En : De;

    internal static bool IsEnglish(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en";
}

/// <summary>A fee (Gebühr) of a service.</summary>
public sealed record ServiceFee
{
    public LocalizedText Label { get; init; } = new();

    /// <summary>In euros, at most two decimals; 0 for a free service.</summary>
    public decimal Amount { get; init; }

    public LocalizedText? Note { get; init; }
}

/// <summary>A document the applicant hands in (Nachweis).</summary>
public sealed record ServiceEvidence
{
    public LocalizedText Label { get; init; } = new();

    public bool Required { get; init; }
}

/// <summary>A legal basis (Rechtsgrundlage) with an optional link to its text.</summary>
public sealed record LegalReference
{
    public string De { get; init; } = "";

    public string En { get; init; } = "";

    public string? Url { get; init; }

    public string In(CultureInfo culture) => LocalizedText.IsEnglish(culture) && En.Length > 0 ? En : De;
}

/// <summary>The authority that handles the service when it is not the tenant itself (Zuständige Stelle).</summary>
public sealed record ResponsibleAuthority
{
    public string De { get; init; } = "";

    public string En { get; init; } = "";

    public string? Url { get; init; }

    public string In(CultureInfo culture) => LocalizedText.IsEnglish(culture) && En.Length > 0 ? En : De;
}

/// <summary>Search words per language.</summary>
public sealed record ServiceKeywords
{
    public IReadOnlyList<string> De { get; init; } = [];

    public IReadOnlyList<string> En { get; init; } = [];

    public IReadOnlyList<string> In(CultureInfo culture) => LocalizedText.IsEnglish(culture) ? En : De;
}

/// <summary>
/// The metadata of a service (Leistung) as its package's <c>service.json</c> states it; see docs/services.md.
/// Read from the stored JSON, which <see cref="ServiceJsonValidator"/> checked when the package was installed.
/// </summary>
public sealed record ServiceMetadata
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Id { get; init; } = "";

    public string Version { get; init; } = "";

    /// <summary>Leistungsschlüssel of the LeiKa, 14 digits.</summary>
    public string LeikaKey { get; init; } = "";

    public LocalizedText Name { get; init; } = new();

    public LocalizedText Summary { get; init; } = new();

    public LocalizedText Description { get; init; } = new();

    /// <summary>One of the OZG topic fields, <see cref="ServiceTopics.All"/>.</summary>
    public string Topic { get; init; } = "";

    public ServiceKeywords Keywords { get; init; } = new();

    /// <summary>Key of the responsible department in the tenant that handles the service.</summary>
    public string Department { get; init; } = "";

    /// <summary><c>gemeinde</c>, <c>kreis</c>, <c>land</c> or <c>bund</c>.</summary>
    public string Jurisdiction { get; init; } = "";

    /// <summary><c>none</c>, <c>basic</c>, <c>substantial</c> or <c>high</c> (eIDAS).</summary>
    public string AssuranceLevel { get; init; } = "";

    public IReadOnlyList<ServiceFee> Fees { get; init; } = [];

    public IReadOnlyList<ServiceEvidence> Evidence { get; init; } = [];

    /// <summary>Statutory or usual processing time in days; null when the package states none.</summary>
    public int? ProcessingDays { get; init; }

    public IReadOnlyList<LegalReference> LegalBasis { get; init; } = [];

    public int? RetentionYears { get; init; }

    /// <summary>The service part of a case reference, e.g. <c>HUND</c> in <c>MST-HUND-2026-000123</c>.</summary>
    public string? CaseReferenceCode { get; init; }

    /// <summary>False: an information-only entry that says where to apply.</summary>
    public bool OnlineApplication { get; init; }

    public ResponsibleAuthority? ResponsibleAuthority { get; init; }

    /// <summary>
    /// True for a department's internal procedure: not in the citizens' catalog, no application; its cases come from
    /// transfers of other services (<see cref="Transfers"/>), its form describes the data transferred to it.
    /// </summary>
    public bool Internal { get; init; }

    /// <summary>The data this service passes on to other departments' procedures, field by field, with the legal basis.</summary>
    public IReadOnlyList<ServiceTransfer> Transfers { get; init; } = [];

    /// <summary>True when another authority handles the service and this entry only says where to apply.</summary>
    [JsonIgnore]
    public bool HandledElsewhere => !OnlineApplication && !Internal && ResponsibleAuthority is not null;

    /// <summary>True when the package has a form and a process: an online application or an internal procedure.</summary>
    [JsonIgnore]
    public bool HasProcedure => OnlineApplication || Internal;

    public static ServiceMetadata FromJson(string json) =>
        JsonSerializer.Deserialize<ServiceMetadata>(json, Json) ?? throw new JsonException("service.json is null.");
}

/// <summary>
/// A transfer of data to another department's procedure (Datenübermittlung), as the sending package declares it:
/// exactly these fields of the application, to a new case of <see cref="Service"/> in department <see cref="To"/>.
/// </summary>
public sealed record ServiceTransfer
{
    /// <summary>Key of the receiving department (e.g. <c>steueramt</c>).</summary>
    public string To { get; init; } = "";

    /// <summary>The receiving department's service (an internal procedure, e.g. <c>hundesteuer</c>).</summary>
    public string Service { get; init; } = "";

    /// <summary>Paths of the form fields passed on: <c>group.field</c>; in a repeatable group the field of every item.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>Why the data may be passed on (legal basis), as logged with every transfer.</summary>
    public LocalizedText LegalBasis { get; init; } = new();
}

/// <summary>The OZG's 14 topic fields (Themenfelder), in the order the catalog shows them.</summary>
public static class ServiceTopics
{
    public static IReadOnlyList<string> All { get; } =
    [
        "arbeit-und-ruhestand", "bauen-und-wohnen", "bildung", "ein-und-auswanderung", "engagement-und-hobby",
        "familie-und-kind", "forschung-und-foerderung", "gesundheit", "mobilitaet-und-reisen", "querschnittsleistungen",
        "recht-und-ordnung", "steuern-und-zoll", "umwelt", "unternehmensfuehrung",
    ];
}
