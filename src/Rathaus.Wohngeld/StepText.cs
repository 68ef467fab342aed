using System.Globalization;

namespace Rathaus.Wohngeld;

/// <summary>Number formatting for the explanation steps, independent of the machine's culture data.</summary>
internal static class StepText
{
    private static readonly NumberFormatInfo GermanNumbers = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = ".",
        NegativeSign = "−",
    };

    /// <summary>German number, e.g. <c>1.234,56</c>; ten-place values keep all their places.</summary>
    public static string De(decimal value) => value.ToString(Pattern(value), GermanNumbers);

    /// <summary>English number, e.g. <c>1,234.56</c>.</summary>
    public static string En(decimal value) => value.ToString(Pattern(value), CultureInfo.InvariantCulture);

    /// <summary>German coefficient with only the places it has, e.g. <c>0,0004797</c>.</summary>
    public static string CoefficientDe(decimal value) => value.ToString("0.##########", GermanNumbers);

    /// <summary>English coefficient with only the places it has, e.g. <c>0.0004797</c>.</summary>
    public static string CoefficientEn(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    private static string Pattern(decimal value) => value.Scale <= 2 ? "#,##0.00" : "#,##0.0000000000";
}
