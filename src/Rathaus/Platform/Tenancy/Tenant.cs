namespace Rathaus.Platform.Tenancy;

/// <summary>What kind of authority a tenant is.</summary>
public enum TenantKind
{
    /// <summary>Gemeinde</summary>
    Municipality,

    /// <summary>Stadt</summary>
    Town,

    /// <summary>Kreis (Landkreis)</summary>
    County,
}

/// <summary>A municipality, town or county using this installation (Mandant), with its letterhead data.</summary>
public sealed record Tenant(
    Guid Id,
    string Slug,
    TenantKind Kind,
    string Ags,
    string Name,
    Guid? CountyId,
    string Street,
    string PostalCode,
    string City,
    string Phone,
    string Email,
    string Website,
    string BankName,
    string Iban,
    string Bic,
    IReadOnlyList<string> HostNames)
{
    public static string KindToDb(TenantKind kind) => kind switch
    {
        TenantKind.Municipality => "gemeinde",
        TenantKind.Town => "stadt",
        TenantKind.County => "kreis",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static TenantKind KindFromDb(string kind) => kind switch
    {
        "gemeinde" => TenantKind.Municipality,
        "stadt" => TenantKind.Town,
        "kreis" => TenantKind.County,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown tenant kind"),
    };
}
