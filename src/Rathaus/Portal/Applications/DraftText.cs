using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rathaus.Portal.Applications;

/// <summary>Cleans what a form page posted before it is kept in a draft.</summary>
internal static class DraftText
{
    /// <summary>
    /// A copy of <paramref name="node"/> whose strings have no control characters other than line breaks and tabs and no
    /// half surrogate pairs (what the form check refuses as <c>controlCharacters</c>).
    /// </summary>
    public static JsonNode? WithoutControlCharacters(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, WithoutControlCharacters(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(WithoutControlCharacters)]),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(WithoutControlCharacters(v.GetValue<string>())),
        _ => node?.DeepClone(),
    };

    /// <summary>Whether <paramref name="text"/> has control characters other than line breaks and tabs, or half a surrogate pair.</summary>
    public static bool HasControlCharacters(string text) => WithoutControlCharacters(text).Length != text.Length;

    /// <summary><paramref name="text"/> without control characters other than line breaks and tabs and without half surrogate pairs.</summary>
    public static string WithoutControlCharacters(string text)
    {
        if (!text.Any(c => char.IsSurrogate(c) || (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))))
        {
            return text;
        }
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
            }
            else if (!char.IsSurrogate(c) && !(char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            {
                clean.Append(c);
            }
        }
        return clean.ToString();
    }
}
