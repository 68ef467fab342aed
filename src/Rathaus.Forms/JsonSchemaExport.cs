using System.Text.Json.Nodes;

namespace Rathaus.Forms;

/// <summary>
/// The JSON Schema (draft 2020-12) of a form's data, for API clients. It describes the stored (normalised) form of
/// each value; what depends on other values (<c>show</c>, <c>require</c>, <c>validate</c>) cannot be said in plain
/// JSON Schema without duplicating FEEL, so it is listed in <c>x-rathaus-rules</c> and checked by the server.
/// </summary>
public static class JsonSchemaExport
{
    /// <summary>The schema dialect written.</summary>
    public const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>Writes the schema of the form's data.</summary>
    public static JsonObject Export(FormDefinition form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var group in form.Groups)
        {
            properties[group.Id] = GroupSchema(group);
            if (group.Show is null && (group.Repeatable ? group.MinItems > 0 : group.Fields.Any(IsAlwaysRequired)))
            {
                required.Add(group.Id);
            }
        }

        var schema = new JsonObject
        {
            ["$schema"] = Dialect,
            ["$id"] = "urn:rathaus:form:" + form.Id + ":" + form.Version,
            ["title"] = form.Title.De,
            ["x-rathaus-title"] = Text(form.Title),
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        if (required.Count > 0)
        {
            schema["required"] = required;
        }

        schema["x-rathaus-rules"] = Rules(form);
        return schema;
    }

    /// <summary>Required whatever the other values are: <c>required</c> and no <c>show</c>.</summary>
    private static bool IsAlwaysRequired(FormField field) => field.Required && field.Show is null;

    private static JsonObject GroupSchema(FormGroup group)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var field in group.Fields)
        {
            properties[field.Id] = FieldSchema(field);
            if (IsAlwaysRequired(field))
            {
                required.Add(field.Id);
            }
        }

        var item = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        if (required.Count > 0)
        {
            item["required"] = required;
        }

        if (!group.Repeatable)
        {
            item["title"] = group.Title.De;
            item["x-rathaus-title"] = Text(group.Title);
            return item;
        }

        var list = new JsonObject
        {
            ["title"] = group.Title.De,
            ["x-rathaus-title"] = Text(group.Title),
            ["type"] = "array",
            ["items"] = item,
            ["maxItems"] = group.MaxItems,
        };
        if (group.MinItems > 0)
        {
            list["minItems"] = group.MinItems;
        }

        return list;
    }

    private static JsonObject FieldSchema(FormField field)
    {
        var schema = new JsonObject { ["title"] = field.Label.De };
        if (field.Hint is not null)
        {
            schema["description"] = field.Hint.De;
        }

        schema["x-rathaus-kind"] = DefinitionReader.Kinds.First(k => k.Value == field.Kind).Key;
        schema["x-rathaus-label"] = Text(field.Label);
        switch (field.Kind)
        {
            case FormFieldKind.Text or FormFieldKind.Multiline:
                schema["type"] = "string";
                StringLimits(schema, field);
                break;
            case FormFieldKind.Email:
                schema["type"] = "string";
                schema["format"] = "email";
                StringLimits(schema, field);
                break;
            case FormFieldKind.Phone:
                schema["type"] = "string";
                schema["pattern"] = @"^\+?[0-9 ()/-]+$";
                StringLimits(schema, field);
                break;
            case FormFieldKind.Iban:
                schema["type"] = "string";
                schema["pattern"] = "^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$";
                schema["maxLength"] = 34;
                break;
            case FormFieldKind.Plate:
                schema["type"] = "string";
                schema["pattern"] = "^[A-ZÄÖÜ]{1,3}-[A-Z]{1,2} [1-9][0-9]{0,3}[EH]?$";
                break;
            case FormFieldKind.Chip:
                schema["type"] = "string";
                schema["pattern"] = "^[0-9]{15}$";
                break;
            case FormFieldKind.Select or FormFieldKind.Radio:
                schema["type"] = "string";
                schema["enum"] = OptionValues(field);
                break;
            case FormFieldKind.Number or FormFieldKind.Amount:
                schema["type"] = field.DataType == FormDataType.Integer ? "integer" : "number";
                if (field.Kind == FormFieldKind.Amount)
                {
                    schema["multipleOf"] = 0.01m;
                }

                if (field.MinNumber is decimal min)
                {
                    schema["minimum"] = min;
                }

                if (field.MaxNumber is decimal max)
                {
                    schema["maximum"] = max;
                }

                break;
            case FormFieldKind.Date:
                schema["type"] = "string";
                schema["format"] = "date";
                schema["pattern"] = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
                if (field.MinDate is not null)
                {
                    schema["x-rathaus-minimum"] = field.MinDate.Text;
                }

                if (field.MaxDate is not null)
                {
                    schema["x-rathaus-maximum"] = field.MaxDate.Text;
                }

                break;
            case FormFieldKind.Checkbox when field.IsSingleCheckbox:
                schema["type"] = "boolean";
                if (IsAlwaysRequired(field))
                {
                    schema["const"] = true;
                }

                break;
            case FormFieldKind.Checkbox:
                schema["type"] = "array";
                schema["items"] = new JsonObject { ["type"] = "string", ["enum"] = OptionValues(field) };
                schema["uniqueItems"] = true;
                if (IsAlwaysRequired(field))
                {
                    schema["minItems"] = 1;
                }

                break;
            case FormFieldKind.YesNo:
                schema["type"] = "boolean";
                break;
            case FormFieldKind.File:
                schema["type"] = "array";
                schema["items"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        ["id"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 100 },
                        ["name"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 255 },
                        ["contentType"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 100 },
                        ["size"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 },
                    },
                    ["required"] = new JsonArray("id", "name", "contentType", "size"),
                    ["additionalProperties"] = false,
                };
                schema["maxItems"] = field.MaxFiles;
                if (IsAlwaysRequired(field))
                {
                    schema["minItems"] = 1;
                }

                break;
            case FormFieldKind.Address:
                schema["type"] = "object";
                schema["properties"] = new JsonObject
                {
                    ["street"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 100 },
                    ["houseNumber"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 20 },
                    ["postalCode"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[0-9]{5}$" },
                    ["city"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 100 },
                };

                // An address is complete or absent, so each part is required whenever the address is given.
                schema["required"] = new JsonArray(FieldValueChecks.AddressParts.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
                schema["additionalProperties"] = false;
                break;
        }

        if (field.Options.Count > 0)
        {
            schema["x-rathaus-options"] = new JsonArray(field.Options
                .Select(o => (JsonNode?)new JsonObject { ["value"] = o.Value, ["label"] = Text(o.Label) }).ToArray());
        }

        if (field.CodeList is not null)
        {
            schema["x-rathaus-codeList"] = field.CodeList;
        }

        if (field.Fim is not null)
        {
            schema["x-rathaus-fim"] = field.Fim;
        }

        return schema;
    }

    private static void StringLimits(JsonObject schema, FormField field)
    {
        var minLength = Math.Max(field.MinLength ?? 0, IsAlwaysRequired(field) ? 1 : 0);
        if (minLength > 0)
        {
            schema["minLength"] = minLength;
        }

        if (field.MaxLength is int max)
        {
            schema["maxLength"] = max;
        }

        if (field.Pattern is not null && field.Kind is FormFieldKind.Text or FormFieldKind.Multiline)
        {
            schema["pattern"] = "^(?:" + field.Pattern + ")$";
        }
        else if (field.Pattern is not null)
        {
            schema["x-rathaus-pattern"] = field.Pattern;
        }
    }

    private static JsonArray OptionValues(FormField field) =>
        new(field.Options.Select(o => (JsonNode?)JsonValue.Create(o.Value)).ToArray());

    private static JsonObject Text(LocalizedText text) => new() { ["de"] = text.De, ["en"] = text.En };

    private static JsonArray Rules(FormDefinition form)
    {
        var rules = new JsonArray();
        foreach (var group in form.Groups)
        {
            var scope = group.Repeatable ? group.Id + "[]" : group.Id;
            if (group.Show is not null)
            {
                rules.Add(Rule("show", group.Repeatable ? group.Id : scope, group.Show.Text));
            }

            foreach (var field in group.Fields)
            {
                if (field.Show is not null)
                {
                    rules.Add(Rule("show", scope + "." + field.Id, field.Show.Text));
                }

                if (field.Require is not null)
                {
                    rules.Add(Rule("require", scope + "." + field.Id, field.Require.Text));
                }
                else if (field.Required && field.Show is not null)
                {
                    rules.Add(Rule("require", scope + "." + field.Id, "true"));
                }
            }
        }

        foreach (var rule in form.AllRules)
        {
            var scope = rule.Group is null ? string.Empty : rule.Group.Repeatable ? rule.Group.Id + "[]" : rule.Group.Id;
            var path = rule.Field is null ? scope : scope + "." + rule.Field.Id;
            var entry = Rule("validate", path, rule.Validate.Text);
            entry["id"] = rule.Id;
            entry["message"] = Text(rule.Message);
            rules.Add(entry);
        }

        return rules;
    }

    private static JsonObject Rule(string kind, string path, string expression) =>
        new() { ["kind"] = kind, ["path"] = path, ["expression"] = expression };
}
