using System.Globalization;

namespace Rathaus.CatalogModule;

/// <summary>A package version <c>MAJOR.MINOR.PATCH</c> (semantic versioning without pre-release or build parts).</summary>
public readonly record struct PackageVersion(int Major, int Minor, int Patch) : IComparable<PackageVersion>
{
    public static bool TryParse(string? text, out PackageVersion version)
    {
        version = default;
        var parts = text?.Split('.');
        if (parts is not { Length: 3 })
        {
            return false;
        }
        var numbers = new int[3];
        for (var i = 0; i < 3; i++)
        {
            var part = parts[i];
            // "01" is no semantic version; a leading zero would also make "1.01.0" and "1.1.0" two names of one version.
            if (part.Length == 0 || part.Length > 9 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit))
            {
                return false;
            }
            numbers[i] = int.Parse(part, CultureInfo.InvariantCulture);
        }
        version = new PackageVersion(numbers[0], numbers[1], numbers[2]);
        return true;
    }

    public static PackageVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is no version MAJOR.MINOR.PATCH.");

    public int CompareTo(PackageVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor != other.Minor ? Minor.CompareTo(other.Minor) : Patch.CompareTo(other.Patch);

    public static bool operator <(PackageVersion left, PackageVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(PackageVersion left, PackageVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(PackageVersion left, PackageVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(PackageVersion left, PackageVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
}
