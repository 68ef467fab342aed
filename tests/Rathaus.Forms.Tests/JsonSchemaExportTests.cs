using System.Text.Json.Nodes;

namespace Rathaus.Forms.Tests;

/// <summary>The exported JSON Schema says the same as the validator, as far as JSON Schema can say it.</summary>
public class JsonSchemaExportTests
{
    private static readonly FormDefinition Dogs = SampleForms.DogRegistration;
    private static readonly JsonObject DogSchema = JsonSchemaExport.Export(Dogs);

    private static JsonObject FieldSchema(JsonObject schema, FormField field)
    {
        var group = schema["properties"]![field.Group.Id]!.AsObject();
        var item = field.Group.Repeatable ? group["items"]!.AsObject() : group;
        return item["properties"]![field.Id]!.AsObject();
    }

    [Fact]
    public void The_schema_is_draft_2020_12_and_names_the_form_and_version()
    {
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", DogSchema["$schema"]!.GetValue<string>());
        Assert.Equal("urn:rathaus:form:hundeanmeldung:1.0.0", DogSchema["$id"]!.GetValue<string>());
        Assert.False(DogSchema["additionalProperties"]!.GetValue<bool>());
    }

    [Fact]
    public void A_valid_application_is_valid_against_the_schema()
    {
        var data = FormValidator.Validate(Dogs, SampleForms.ValidDogData(), time: SampleForms.Clock).Data;

        Assert.Empty(MiniSchemaValidator.Validate(DogSchema, data));
    }

    [Fact]
    public void Every_field_is_in_the_schema_with_its_kind_and_labels()
    {
        foreach (var form in new[] { Dogs, SampleForms.EveryKind })
        {
            var schema = JsonSchemaExport.Export(form);
            foreach (var field in form.Fields)
            {
                var fieldSchema = FieldSchema(schema, field);
                Assert.Equal(field.Label.De, fieldSchema["title"]!.GetValue<string>());
                Assert.Equal(field.Label.En, fieldSchema["x-rathaus-label"]!["en"]!.GetValue<string>());
                Assert.NotNull(fieldSchema["x-rathaus-kind"]);
                Assert.NotNull(fieldSchema["type"]);
            }

            Assert.Equal(form.Groups.Select(g => g.Id), schema["properties"]!.AsObject().Select(p => p.Key));
        }
    }

    [Fact]
    public void The_required_lists_are_the_fields_required_whatever_else_is_entered()
    {
        var halter = DogSchema["properties"]!["halter"]!["required"]!.AsArray().Select(n => n!.GetValue<string>());
        var hunde = DogSchema["properties"]!["hunde"]!["items"]!["required"]!.AsArray().Select(n => n!.GetValue<string>());

        Assert.Equal(["vorname", "nachname", "geburtsdatum", "anschrift"], halter);
        Assert.Equal(["name", "rasse", "geschlecht", "chipnummer", "listenhund", "haltungsbeginn"], hunde);
        Assert.Equal(["halter", "hunde", "zahlung"], DogSchema["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        foreach (var group in Dogs.Groups.Where(g => !g.Repeatable))
        {
            var required = DogSchema["properties"]![group.Id]!["required"]?.AsArray().Select(n => n!.GetValue<string>()) ?? [];
            Assert.Equal(group.Fields.Where(f => f.Required && f.Show is null).Select(f => f.Id), required);
        }
    }

    [Fact]
    public void A_repeatable_group_is_an_array_with_its_item_limits()
    {
        var hunde = DogSchema["properties"]!["hunde"]!.AsObject();

        Assert.Equal(("array", 1, 5), (hunde["type"]!.GetValue<string>(), hunde["minItems"]!.GetValue<int>(), hunde["maxItems"]!.GetValue<int>()));
    }

    [Fact]
    public void The_rules_are_listed_for_API_clients()
    {
        var rules = DogSchema["x-rathaus-rules"]!.AsArray().Select(r => (r!["kind"]!.GetValue<string>(), r["path"]!.GetValue<string>(), r["expression"]!.GetValue<string>())).ToList();

        Assert.Contains(("require", "hunde[].versicherungsnachweis", "listenhund = true"), rules);
        Assert.Contains(("show", "hunde[].versicherungsnachweis", "listenhund = true"), rules);
        Assert.Contains(("show", "zahlung.iban", "lastschrift = true"), rules);
        Assert.Contains(("validate", "hunde[].haltungsbeginn", "haltungsbeginn >= geburtsdatum"), rules);
        Assert.Contains(("validate", "zahlung.kontoinhaber", "kontoinhaber != null or halter.nachname != null"), rules);
    }

    [Theory]
    [InlineData("halter", "vorname", null, "$.halter.vorname: required")]
    [InlineData("hunde0", "geschlecht", "\"x\"", "$.hunde[0].geschlecht: enum")]
    [InlineData("hunde0", "chipnummer", "\"27609810612345\"", "$.hunde[0].chipnummer: pattern")]
    [InlineData("hunde0", "geburtsdatum", "\"2026-02-30\"", "$.hunde[0].geburtsdatum: format")]
    [InlineData("hunde0", "farbe", "\"braun\"", "$.hunde[0].farbe: additionalProperties")]
    [InlineData("halter", "anschrift", "{\"street\":\"A\",\"houseNumber\":\"1\",\"postalCode\":\"4814\",\"city\":\"M\"}", "$.halter.anschrift.postalCode: pattern")]
    [InlineData("hunde1", "versicherungsnachweis", "[{\"id\":\"a\",\"name\":\"b\",\"contentType\":\"c\",\"size\":1},{\"id\":\"a\",\"name\":\"b\",\"contentType\":\"c\",\"size\":2},{\"id\":\"a\",\"name\":\"b\",\"contentType\":\"c\",\"size\":3}]", "$.hunde[1].versicherungsnachweis: maxItems")]
    public void Data_the_validator_refuses_is_refused_by_the_schema_too(string where, string field, string? json, string problem)
    {
        var data = SampleForms.ValidDogData();
        var target = where switch
        {
            "hunde0" => data["hunde"]![0]!.AsObject(),
            "hunde1" => data["hunde"]![1]!.AsObject(),
            _ => data[where]!.AsObject(),
        };
        target[field] = json is null ? null : JsonNode.Parse(json);
        if (json is null)
        {
            target.Remove(field);
        }

        Assert.False(FormValidator.Validate(Dogs, data.DeepClone().AsObject(), time: SampleForms.Clock).IsValid);
        Assert.Contains(problem, MiniSchemaValidator.Validate(DogSchema, data));
    }

    [Fact]
    public void The_schema_describes_the_stored_form_which_the_validator_produces_from_what_people_type()
    {
        var data = SampleForms.ValidDogData();
        data["zahlung"]!["iban"] = "de89 3704 0044 0532 0130 00";

        var result = FormValidator.Validate(Dogs, data, time: SampleForms.Clock);

        Assert.Contains("$.zahlung.iban: pattern", MiniSchemaValidator.Validate(DogSchema, data));
        Assert.True(result.IsValid);
        Assert.Empty(MiniSchemaValidator.Validate(DogSchema, result.Data));
    }

    [Fact]
    public void The_normalised_data_of_every_kind_matches_the_schema()
    {
        var data = JsonNode.Parse("""
            { "a": { "text": "Erika", "kurz": "AB", "aktenzeichen": "AB-1234", "flurstueck": "12/3", "beschreibung": "Sofa\nSessel",
              "anzahl": 3, "abstand": 2.5, "betrag": 12.5, "datum": "2026-04-01", "stichtag": "2026-01-01", "art": "E", "zustellung": "post",
              "gegenstaende": ["holz"], "zustimmung": true, "eigentuemer": false,
              "fotos": [ { "id": "f1", "name": "a.jpg", "contentType": "image/jpeg", "size": 10 } ],
              "anschrift": { "street": "Hauptstraße", "houseNumber": "1", "postalCode": "48143", "city": "Münster" },
              "email": "a@example.org", "telefon": "0251 4920", "iban": "de89 3704 0044 0532 0130 00", "kennzeichen": "ms ab 123", "chip": "276 098 106 123 456" } }
            """)!.AsObject();

        var result = FormValidator.Validate(SampleForms.EveryKind, data, time: SampleForms.Clock);

        Assert.Empty(result.Errors);
        Assert.Empty(MiniSchemaValidator.Validate(JsonSchemaExport.Export(SampleForms.EveryKind), result.Data));
    }

    [Fact]
    public void A_required_consent_must_be_true_in_the_schema()
    {
        var schema = JsonSchemaExport.Export(SampleForms.EveryKind);

        Assert.True(FieldSchema(schema, SampleForms.EveryKind.FindField("a.zustimmung")!)["const"]!.GetValue<bool>());
        Assert.Contains("$.a.zustimmung: const", MiniSchemaValidator.Validate(schema, JsonNode.Parse("""{ "a": { "zustimmung": false } }""")));
    }
}
