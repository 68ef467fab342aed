using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Rathaus.Platform.Web;

/// <summary>Problem details and body reading of the APIs that import a tenant's rules (dog tax statute, collection calendar).</summary>
internal static class ImportProblems
{
    private const string ProblemType = "https://rathaus.example/probleme/regeln/";

    public const int MaxBodyBytes = 1024 * 1024;

    public static ProblemHttpResult NoTenant() => TypedResults.Problem(
        title: Text("Keine Kommune angegeben.", "No municipality given."), statusCode: StatusCodes.Status404NotFound, type: ProblemType + "mandant");

    /// <summary>A refused import: nothing was stored; <c>problems</c> lists every reason.</summary>
    public static ProblemHttpResult Refused(string slug, IReadOnlyList<string> problems) => TypedResults.Problem(
        title: Text("Die Datei kann nicht übernommen werden; es wurde nichts geändert.", "The file cannot be imported; nothing was changed."),
        detail: string.Join(Environment.NewLine, problems),
        statusCode: StatusCodes.Status400BadRequest,
        type: ProblemType + slug,
        extensions: new Dictionary<string, object?> { ["problems"] = problems });

    /// <summary>
    /// The body as UTF-8 text; null with a translated problem when it is larger than <see cref="MaxBodyBytes"/> or not
    /// valid UTF-8 (a byte sequence that is no character is refused, not silently replaced).
    /// </summary>
    public static async Task<(string? Text, string? Problem)> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var tooLarge = Text($"Die Datei ist größer als {MaxBodyBytes / 1024 / 1024} MB.", $"The file is larger than {MaxBodyBytes / 1024 / 1024} MB.");
        var (outcome, text) = await StrictUtf8.ReadBodyAsync(request, MaxBodyBytes, ct);
        return outcome switch
        {
            BodyText.Read => (text, null),
            BodyText.TooLarge => (null, tooLarge),
            _ => (null, Text("Die Datei ist kein gültiger UTF-8-Text.", "The file is not valid UTF-8 text.")),
        };
    }

    private static string Text(string german, string english) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? english : german;
}
