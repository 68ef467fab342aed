namespace Rathaus.Wohngeld;

/// <summary>Rounding rules the WoGG prescribes.</summary>
internal static class FixedPoint
{
    /// <summary>
    /// Anlage 3 Nr. 2 WoGG: z1 … z4 are "Festkommazahlen mit zehn Nachkommastellen". The law does not say whether
    /// the eleventh place is cut or rounded; we round half away from zero (see docs/wohngeld.md).
    /// </summary>
    public static decimal TenPlaces(decimal value) => Math.Round(value, 10, MidpointRounding.AwayFromZero);

    /// <summary>Anlage 3 Nr. 3 WoGG: below 0.50 € round down, from 0.50 € round up to whole euros.</summary>
    public static decimal WholeEuros(decimal value) => Math.Round(value, 0, MidpointRounding.AwayFromZero);
}
