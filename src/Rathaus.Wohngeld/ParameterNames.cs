namespace Rathaus.Wohngeld;

/// <summary>
/// Input names as the web API spells them; validation errors use these so the API can name the field in its
/// problem details without a mapping table.
/// </summary>
public static class ParameterNames
{
    /// <summary>Number of household members to be considered (Haushaltsmitglieder).</summary>
    public const string HouseholdMembers = "haushaltsmitglieder";

    /// <summary>Monthly rent incl. service charges, without heating (Bruttokaltmiete) or the owner's burden.</summary>
    public const string Rent = "miete";

    /// <summary>Rent level 1..7 (Mietstufe I–VII).</summary>
    public const string RentLevel = "mietstufe";

    /// <summary>Monthly total income Y (monatliches Gesamteinkommen).</summary>
    public const string MonthlyIncome = "einkommen";

    /// <summary>The date the calculation is for (Stichtag).</summary>
    public const string ReferenceDate = "stichtag";

    /// <summary>The list of household members with their incomes.</summary>
    public const string Members = "mitglieder";

    /// <summary>Annual maintenance deduction of the household (§ 18 WoGG).</summary>
    public const string MaintenanceDeduction = "unterhaltsabzug";

    /// <summary>Official municipality key (Amtlicher Gemeindeschlüssel).</summary>
    public const string Ags = "ags";

    /// <summary>Name of one field of one member, e.g. <c>mitglieder[0].bruttoeinkommen</c>.</summary>
    public static string Member(int index, string field) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Members}[{index}].{field}");
}
