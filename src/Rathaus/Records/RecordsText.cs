using System.Globalization;

namespace Rathaus.Records;

/// <summary>
/// Messages of the records module in the current UI language: German by default, English when the request (or
/// the command line) asks for it. Records messages are operator and records-office texts with numbers and names in
/// them, so they are written here in pairs rather than as resource keys.
/// </summary>
internal static class RecordsText
{
    public static string Text(string german, string english) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? english : german;
}

/// <summary>An error the user caused (a bad CSV, a broken xdomea message, an unknown file); nothing was changed.</summary>
public sealed class RecordsException(string code, string message, IReadOnlyList<string>? details = null) : Exception(message)
{
    /// <summary>Stable code for API clients (<c>csv-invalid</c>, <c>zip-unsafe</c>, <c>xml-invalid</c>, <c>not-found</c>, …).</summary>
    public string Code { get; } = code;

    /// <summary>Each single problem, e.g. one per wrong CSV cell.</summary>
    public IReadOnlyList<string> Details { get; } = details ?? [];
}
