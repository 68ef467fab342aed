using System.Globalization;
using System.Text.RegularExpressions;

namespace Rathaus.Forms;

/// <summary>The checks of the special text kinds: IBAN, German plate, transponder number, e-mail, telephone.</summary>
internal static partial class Checks
{
    /// <summary>IBAN length per country, from the SWIFT IBAN registry.</summary>
    private static readonly Dictionary<string, int> IbanLengths = new(StringComparer.Ordinal)
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22,
        ["BH"] = 22, ["BI"] = 27, ["BR"] = 29, ["BY"] = 28, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24,
        ["DE"] = 22, ["DJ"] = 27, ["DK"] = 18, ["DO"] = 28, ["EE"] = 20, ["EG"] = 29, ["ES"] = 24, ["FI"] = 18,
        ["FK"] = 18, ["FO"] = 18, ["FR"] = 27, ["GB"] = 22, ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27,
        ["GT"] = 28, ["HN"] = 28, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IL"] = 23, ["IQ"] = 23, ["IS"] = 26,
        ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20, ["LB"] = 28, ["LC"] = 32, ["LI"] = 21, ["LT"] = 20,
        ["LU"] = 20, ["LV"] = 21, ["LY"] = 25, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22, ["MK"] = 19, ["MN"] = 20,
        ["MR"] = 27, ["MT"] = 31, ["MU"] = 30, ["NI"] = 28, ["NL"] = 18, ["NO"] = 15, ["OM"] = 23, ["PK"] = 24,
        ["PL"] = 28, ["PS"] = 29, ["PT"] = 25, ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["RU"] = 33, ["SA"] = 24,
        ["SC"] = 31, ["SD"] = 18, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["SO"] = 23, ["ST"] = 25,
        ["SV"] = 28, ["TL"] = 23, ["TN"] = 24, ["TR"] = 26, ["UA"] = 29, ["VA"] = 22, ["VG"] = 24, ["XK"] = 20,
        ["YE"] = 30,
    };

    /// <summary>The IBAN upper case without spaces when its length fits its country and its check digits are right; else null.</summary>
    public static string? NormaliseIban(string text)
    {
        var iban = text.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        if (iban.Length < 5 || !IbanLengths.TryGetValue(iban[..2], out var length) || iban.Length != length
            || !char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3]) || !iban.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }

        // ISO 13616: move the first four characters to the end, letters count A=10 … Z=35, the number mod 97 is 1.
        var remainder = 0;
        foreach (var c in iban[4..] + iban[..4])
        {
            var digits = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = digits >= 10 ? ((remainder * 100) + digits) % 97 : ((remainder * 10) + digits) % 97;
        }

        return remainder == 1 ? iban : null;
    }

    /// <summary>
    /// A German registration number normalised to <c>MS-AB 123</c> (<c>MS-AB 123E</c>): district 1–3 letters (umlauts
    /// occur: LÖ, TÖL), 1–2 letters, 1–4 digits without a leading zero, optional E (electric) or H (historic), at most
    /// 8 letters and digits without the suffix. Null when it is not one.
    /// </summary>
    public static string? NormalisePlate(string text)
    {
        var match = PlatePattern().Match(text.ToUpperInvariant());
        if (!match.Success)
        {
            return null;
        }

        var (district, letters, digits, suffix) = (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value, match.Groups[4].Value);
        return district.Length + letters.Length + digits.Length > 8 ? null : district + "-" + letters + " " + digits + suffix;
    }

    /// <summary>A transponder number of 15 digits (spaces removed), else null.</summary>
    public static string? NormaliseChip(string text)
    {
        var chip = text.Replace(" ", string.Empty, StringComparison.Ordinal);
        return chip.Length == 15 && chip.All(char.IsAsciiDigit) ? chip : null;
    }

    /// <summary>One @, a local part, a domain of at least two labels with a top-level domain of two letters or more.</summary>
    public static bool IsEmail(string text)
    {
        if (text.Length > 254)
        {
            return false;
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at > 64 || at != text.LastIndexOf('@') || text.Any(c => char.IsWhiteSpace(c) || "<>()[]\\,;:\"".Contains(c, StringComparison.Ordinal)))
        {
            return false;
        }

        var labels = text[(at + 1)..].Split('.');
        return labels.Length >= 2
            && labels.All(l => l.Length is > 0 and <= 63 && l[0] != '-' && l[^1] != '-' && l.All(c => char.IsLetterOrDigit(c) || c == '-'))
            && labels[^1].Length >= 2 && labels[^1].All(char.IsLetter);
    }

    /// <summary>Digits, spaces and + ( ) / -, a + only at the start, 6 to 20 digits.</summary>
    public static bool IsPhone(string text)
    {
        var digits = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (!(c is ' ' or '(' or ')' or '/' or '-' || (c == '+' && i == 0)))
            {
                return false;
            }
        }

        return digits is >= 6 and <= 20;
    }

    /// <summary>Removes trailing zeros so that 12.50 is stored as 12.5.</summary>
    public static decimal Normalise(decimal d) => d / 1.000000000000000000000000000000000m;

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^([A-ZÄÖÜ]{1,3})(?:\s*[-:]\s*|\s+)([A-Z]{1,2})[\s-]*([1-9][0-9]{0,3})\s*([EH])?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlatePattern();
}
