namespace Rathaus.Platform.Tenancy;

/// <summary>
/// Amtlicher Gemeindeschlüssel: eight digits, Land (2) + Regierungsbezirk (1) + Kreis (2) + Gemeinde (3).
/// </summary>
public static class Ags
{
    /// <summary>Returns null when valid, otherwise the reason in plain words.</summary>
    public static string? Validate(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length != 8 || !value.All(char.IsAsciiDigit))
        {
            return "must be exactly 8 digits";
        }
        var land = int.Parse(value.AsSpan(0, 2), System.Globalization.CultureInfo.InvariantCulture);
        if (land is < 1 or > 16)
        {
            return $"starts with Land code {value[..2]}, but Land codes run from 01 to 16";
        }
        return null;
    }

    /// <summary>The five-digit key of the county (Kreisschlüssel) an AGS lies in.</summary>
    public static string CountyKey(string ags) => ags[..5];
}
