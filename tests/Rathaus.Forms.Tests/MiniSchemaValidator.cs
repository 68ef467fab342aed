using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Rathaus.Forms.Tests;

/// <summary>
/// A JSON Schema validator for the keywords the export writes (JsonSchema.Net is not served). It refuses any
/// keyword it does not know, so the export cannot start using one without a test noticing.
/// </summary>
internal static class MiniSchemaValidator
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "title", "description"];

    private static readonly HashSet<string> Assertions =
    [
        "type", "properties", "required", "additionalProperties", "items", "enum", "const", "minLength", "maxLength",
        "pattern", "minimum", "maximum", "minItems", "maxItems", "uniqueItems", "multipleOf", "format",
    ];

    /// <summary>The problems of an instance, as "path: keyword"; empty when valid.</summary>
    public static List<string> Validate(JsonObject schema, JsonNode? instance)
    {
        var problems = new List<string>();
        Check(schema, instance, "$", problems);
        return problems;
    }

    private static void Check(JsonObject schema, JsonNode? instance, string path, List<string> problems)
    {
        foreach (var (keyword, _) in schema)
        {
            if (!Annotations.Contains(keyword) && !Assertions.Contains(keyword) && !keyword.StartsWith("x-rathaus-", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"unknown schema keyword {keyword} at {path}");
            }
        }

        if (schema["type"] is JsonValue type && !HasType(instance, type.GetValue<string>()))
        {
            problems.Add(path + ": type");
            return;
        }

        if (schema["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(v, instance)))
        {
            problems.Add(path + ": enum");
        }

        if (schema.TryGetPropertyValue("const", out var constant) && !JsonNode.DeepEquals(constant, instance))
        {
            problems.Add(path + ": const");
        }

        switch (instance)
        {
            case JsonObject obj:
                var properties = schema["properties"] as JsonObject ?? [];
                foreach (var (key, value) in obj)
                {
                    if (properties[key] is JsonObject propertySchema)
                    {
                        Check(propertySchema, value, path + "." + key, problems);
                    }
                    else if (schema["additionalProperties"] is JsonValue additional && !additional.GetValue<bool>())
                    {
                        problems.Add(path + "." + key + ": additionalProperties");
                    }
                }

                foreach (var required in schema["required"] as JsonArray ?? [])
                {
                    if (!obj.ContainsKey(required!.GetValue<string>()))
                    {
                        problems.Add(path + "." + required + ": required");
                    }
                }

                break;
            case JsonArray array:
                if (schema["minItems"] is JsonValue minItems && array.Count < minItems.GetValue<int>())
                {
                    problems.Add(path + ": minItems");
                }

                if (schema["maxItems"] is JsonValue maxItems && array.Count > maxItems.GetValue<int>())
                {
                    problems.Add(path + ": maxItems");
                }

                if (schema["uniqueItems"] is JsonValue unique && unique.GetValue<bool>()
                    && array.Select(i => i?.ToJsonString()).Distinct().Count() != array.Count)
                {
                    problems.Add(path + ": uniqueItems");
                }

                if (schema["items"] is JsonObject itemSchema)
                {
                    for (var i = 0; i < array.Count; i++)
                    {
                        Check(itemSchema, array[i], path + "[" + i + "]", problems);
                    }
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                var length = new StringInfo(text).LengthInTextElements;
                if (schema["minLength"] is JsonValue minLength && length < minLength.GetValue<int>())
                {
                    problems.Add(path + ": minLength");
                }

                if (schema["maxLength"] is JsonValue maxLength && length > maxLength.GetValue<int>())
                {
                    problems.Add(path + ": maxLength");
                }

                if (schema["pattern"] is JsonValue pattern && !Regex.IsMatch(text, pattern.GetValue<string>()))
                {
                    problems.Add(path + ": pattern");
                }

                if (schema["format"] is JsonValue format && format.GetValue<string>() == "date"
                    && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    problems.Add(path + ": format");
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                var number = Number(value);
                if (schema["minimum"] is JsonValue minimum && number < Number(minimum))
                {
                    problems.Add(path + ": minimum");
                }

                if (schema["maximum"] is JsonValue maximum && number > Number(maximum))
                {
                    problems.Add(path + ": maximum");
                }

                if (schema["multipleOf"] is JsonValue multipleOf && number % Number(multipleOf) != 0)
                {
                    problems.Add(path + ": multipleOf");
                }

                break;
        }
    }

    private static decimal Number(JsonValue value) => decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static bool HasType(JsonNode? instance, string type) => (type, instance) switch
    {
        ("object", JsonObject) => true,
        ("array", JsonArray) => true,
        ("string", JsonValue v) => v.GetValueKind() == JsonValueKind.String,
        ("boolean", JsonValue v) => v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        ("number", JsonValue v) => v.GetValueKind() == JsonValueKind.Number,
        ("integer", JsonValue v) => v.GetValueKind() == JsonValueKind.Number && decimal.Truncate(Number(v)) == Number(v),
        _ => false,
    };
}
