using System.Text.Json;
using System.Text.Json.Nodes;
using Rathaus.Forms;

namespace Rathaus.Portal.Applications;

/// <summary>Cleans what a form page posted before it is kept in a draft.</summary>
internal static class DraftText
{
    /// <summary>
    /// A copy of <paramref name="node"/> whose strings have none of the <see cref="ForbiddenCharacters"/> (line breaks
    /// and tabs stay): what the form check refuses as <c>controlCharacters</c>.
    /// </summary>
    public static JsonNode? WithoutControlCharacters(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, WithoutControlCharacters(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(WithoutControlCharacters)]),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(WithoutControlCharacters(v.GetValue<string>())),
        _ => node?.DeepClone(),
    };

    /// <summary>Whether <paramref name="text"/> has control characters other than line breaks and tabs, or half a surrogate pair.</summary>
    public static bool HasControlCharacters(string text) => ForbiddenCharacters.Has(text, allowLineBreaks: true);

    /// <summary><paramref name="text"/> without control characters other than line breaks and tabs and without half surrogate pairs.</summary>
    public static string WithoutControlCharacters(string text) =>
        HasControlCharacters(text) ? ForbiddenCharacters.Remove(text, allowLineBreaks: true) : text;
}
