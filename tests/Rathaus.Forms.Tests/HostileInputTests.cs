using System.Globalization;
using System.Text.Json.Nodes;

namespace Rathaus.Forms.Tests;

/// <summary>What a person or an API client can send that we did not ask for: never an exception, always a clear error or plain data.</summary>
public class HostileInputTests
{
    private static readonly FormDefinition Kinds = SampleForms.EveryKind;
    private static readonly FormDefinition Dogs = SampleForms.DogRegistration;

    private static readonly string[] KnownCodes = typeof(FormErrorCodes).GetFields().Select(f => (string)f.GetValue(null)!).ToArray();

    private static FormValidationResult Validate(string field, JsonNode? value) =>
        FormValidator.Validate(Kinds, new JsonObject { ["a"] = new JsonObject { ["zustimmung"] = true, [field] = value } }, time: SampleForms.Clock);

    [Fact]
    public void A_script_tag_is_kept_as_data_for_escaping_on_output()
    {
        var result = Validate("beschreibung", "<script>alert('x')</script><img src=x onerror=alert(1)>");

        Assert.Empty(result.Errors);
        Assert.Equal("<script>alert('x')</script><img src=x onerror=alert(1)>", result.Data["a"]!["beschreibung"]!.GetValue<string>());
    }

    [Fact]
    public void A_megabyte_of_text_is_refused_by_the_length_limit_and_kept_for_the_page()
    {
        var megabyte = new string('A', 1024 * 1024);

        var result = Validate("beschreibung", megabyte);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("maxLength", "4000"), (error.Code, error.Arguments["maxLength"]));
        Assert.Equal("„Beschreibung“ darf höchstens 4.000 Zeichen lang sein.", error.Message(CultureInfo.GetCultureInfo("de")));
        Assert.Equal(megabyte.Length, result.Data["a"]!["beschreibung"]!.GetValue<string>().Length);
    }

    [Fact]
    public void A_megabyte_against_a_pattern_cannot_make_the_check_spin()
    {
        var form = FormDefinition.Parse("""
            {
              "id": "test", "version": "1.0.0", "title": { "de": "T", "en": "T" },
              "pages": [ { "id": "p", "title": { "de": "P", "en": "P" }, "groups": [ { "id": "g", "title": { "de": "G", "en": "G" }, "fields": [
                { "id": "t", "kind": "multiline", "label": { "de": "T", "en": "T" }, "maxLength": 100000, "pattern": "(a+)+b" } ] } ] } ]
            }
            """);
        var text = new string('a', 99_999) + "!";

        var result = FormValidator.Validate(form, new JsonObject { ["g"] = new JsonObject { ["t"] = text } });

        Assert.Equal("pattern", Assert.Single(result.Errors).Code);
    }

    [Theory]
    [InlineData("text", "Erika\u0000")]
    [InlineData("text", "Erika\u0007Mustermann")]
    [InlineData("text", "Zeile 1\nZeile 2")]
    [InlineData("text", "Erika\tMustermann")]
    [InlineData("beschreibung", "Zeile 1\u000BZeile 2")]
    [InlineData("beschreibung", "Escape \u001B[31m rot")]
    [InlineData("beschreibung", "C1 \u0085 Steuerzeichen")]
    [InlineData("iban", "DE89\u00003704004405320130 00")]
    public void Control_characters_are_refused_and_removed_from_the_kept_value(string field, string value)
    {
        var result = Validate(field, value);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("controlCharacters", "a." + field), (error.Code, error.Path));
        var kept = result.Data["a"]![field]!.GetValue<string>();
        Assert.DoesNotContain(kept, c => char.IsControl(c) || char.IsSurrogate(c));
    }

    [Fact]
    public void Half_a_surrogate_pair_is_refused_like_a_control_character()
    {
        var result = Validate("text", "halbes Zeichen \uD800");

        Assert.Equal("controlCharacters", Assert.Single(result.Errors).Code);
        Assert.Equal("halbes Zeichen", result.Data["a"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Line_breaks_and_tabs_are_kept_in_a_multiline_text()
    {
        var result = Validate("beschreibung", "Sofa\r\n\tSessel");

        Assert.Empty(result.Errors);
        Assert.Equal("Sofa\n\tSessel", result.Data["a"]!["beschreibung"]!.GetValue<string>());
    }

    [Fact]
    public void A_control_character_in_an_address_part_is_refused_on_that_part()
    {
        var result = Validate("anschrift", JsonNode.Parse("""{"street":"Haupt\u0000straße","houseNumber":"1","postalCode":"48143","city":"Münster"}"""));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("controlCharacters", "a.anschrift.street"), (error.Code, error.Path));
        Assert.Equal("„Anschrift, Straße“ enthielt unsichtbare Steuerzeichen. Sie wurden entfernt; prüfen Sie die Eingabe.", error.Message(CultureInfo.GetCultureInfo("de")));
    }

    [Theory]
    [InlineData("Erika \u202Egnp.exe")]
    [InlineData("\u202Bمرحبا\u202C Erika")]
    [InlineData("Zero\u200Bwidth")]
    [InlineData("Emoji 🐕‍🦺")]
    public void Right_to_left_overrides_and_other_format_characters_are_kept_as_data(string value)
    {
        // A person can type them (Arabic and Hebrew names use direction marks); output escapes, it does not strip.
        var result = Validate("text", value);

        Assert.Empty(result.Errors);
        Assert.Equal(value, result.Data["a"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Unknown_keys_are_reported_and_never_kept()
    {
        var data = SampleForms.ValidDogData();
        data["admin"] = true;
        data["halter"]!["rolle"] = "sachbearbeitung";
        data["hunde"]![0]!["steuerfrei"] = true;
        data["bo\u0000se"] = 1;

        var result = FormValidator.Validate(Dogs, data, time: SampleForms.Clock);

        Assert.Equal(["halter.rolle", "hunde[0].steuerfrei", "admin", "bose"], result.Errors.Select(e => e.Path));
        Assert.All(result.Errors, e => Assert.Equal("unknown", e.Code));
        Assert.Equal("„halter.rolle“ gehört nicht zu diesem Formular.", result.Errors[0].Message(CultureInfo.GetCultureInfo("de")));
        Assert.Equal(["halter", "hunde", "zahlung"], result.Data.Select(p => p.Key));
        Assert.False(result.Data["halter"]!.AsObject().ContainsKey("rolle"));
        Assert.False(result.Data["hunde"]![0]!.AsObject().ContainsKey("steuerfrei"));
    }

    [Fact]
    public void Validating_one_page_drops_unknown_top_level_keys_without_reporting_them_there()
    {
        var data = SampleForms.ValidDogData();
        data["admin"] = true;

        var result = FormValidator.Validate(Dogs, data, "halter", SampleForms.Clock);

        Assert.Empty(result.Errors);
        Assert.False(result.Data.ContainsKey("admin"));
    }

    [Theory]
    [InlineData("""{ "halter": 5 }""", "halter")]
    [InlineData("""{ "halter": [] }""", "halter")]
    [InlineData("""{ "hunde": { "name": "Bello" } }""", "hunde")]
    [InlineData("""{ "hunde": [ 5 ] }""", "hunde[0]")]
    [InlineData("""{ "hunde": [ "Bello" ] }""", "hunde[0]")]
    [InlineData("""{ "halter": { "anschrift": "Prinzipalmarkt 10, 48143 Münster" } }""", "halter.anschrift")]
    [InlineData("""{ "halter": { "vorname": { "de": "Erika" } } }""", "halter.vorname")]
    [InlineData("""{ "hunde": [ { "versicherungsnachweis": "police.pdf", "listenhund": true } ] }""", "hunde[0].versicherungsnachweis")]
    public void Data_of_the_wrong_shape_is_an_error_not_an_exception(string json, string path)
    {
        var result = FormValidator.Validate(Dogs, JsonNode.Parse(json)!.AsObject(), time: SampleForms.Clock);

        var error = Assert.Single(result.Errors, e => e.Path == path);
        Assert.Equal("type", error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message(CultureInfo.GetCultureInfo("de"))));
    }

    public static TheoryData<string> OddValues => new()
    {
        "null", "0", "-0", "1e308", "1e-400", "123456789012345678901234567890", "true", "\"\"", "\"x\"", "\"\\u0000\"", "[]", "[null]", "[[[]]]", "{}",
        "{\"id\":{}}", "[{\"id\":\"a\",\"name\":\"b\",\"contentType\":\"c\",\"size\":1e30}]", "{\"street\":[],\"city\":5}",
    };

    [Theory]
    [MemberData(nameof(OddValues))]
    public void Any_JSON_value_in_any_place_yields_known_errors_and_never_throws(string json)
    {
        foreach (var form in new[] { Kinds, Dogs })
        {
            foreach (var group in form.Groups)
            {
                var value = JsonNode.Parse(json);
                Check(form, new JsonObject { [group.Id] = value?.DeepClone() });
                Check(form, new JsonObject { [group.Id] = new JsonArray(value?.DeepClone()) });
                foreach (var field in group.Fields)
                {
                    var item = new JsonObject { [field.Id] = value?.DeepClone() };
                    Check(form, new JsonObject { [group.Id] = group.Repeatable ? new JsonArray(item) : item });
                }
            }
        }
    }

    private static void Check(FormDefinition form, JsonObject data)
    {
        var result = FormValidator.Validate(form, data, time: SampleForms.Clock);
        foreach (var error in result.Errors)
        {
            Assert.Contains(error.Code, KnownCodes);
            Assert.False(string.IsNullOrWhiteSpace(error.Message(CultureInfo.GetCultureInfo("en"))));
        }

        var shown = FormRules.Evaluate(form, data, SampleForms.Clock);
        foreach (var field in form.Fields)
        {
            _ = shown.IsVisible(field, 0) && shown.IsRequired(field, 0);
        }

        foreach (var page in form.Pages)
        {
            _ = FormBinder.Apply(form, data, page.Id, new Dictionary<string, string[]>());
        }
    }

    [Fact]
    public void A_posted_value_that_is_hostile_is_bound_as_text_and_refused_by_the_validator()
    {
        var data = FormBinder.Apply(Kinds, [], "seite", new Dictionary<string, string[]>
        {
            ["a.text"] = ["<b>fett</b>\u0000"],
            ["a.betrag"] = ["1e5"],
            ["a.zustimmung"] = ["true"],
        });

        var result = FormValidator.Validate(Kinds, data);

        Assert.Equal([("a.text", "controlCharacters"), ("a.betrag", "number")], result.Errors.Select(e => (e.Path, e.Code)));
        Assert.Equal("<b>fett</b>", result.Data["a"]!["text"]!.GetValue<string>());
    }
}
