using System.Globalization;
using System.Text.Json.Nodes;

namespace Rathaus.Forms.Tests;

/// <summary>Every built-in check of every field kind: a violating value and a valid one (docs/forms.md, the table).</summary>
public class FieldKindTests
{
    private static readonly FormDefinition Form = SampleForms.EveryKind;

    private static FormValidationResult Validate(string field, JsonNode? value)
    {
        var group = new JsonObject { ["zustimmung"] = true, [field] = value };
        return FormValidator.Validate(Form, new JsonObject { ["a"] = group }, time: SampleForms.Clock);
    }

    /// <summary>Field, value (JSON), the stored (normalised) value when valid.</summary>
    public static TheoryData<string, string, string> ValidValues => new()
    {
        { "text", "\"Al\"", "\"Al\"" },
        { "text", "\"  Erika  \"", "\"Erika\"" },
        { "kurz", "\"ABCDE\"", "\"ABCDE\"" },
        { "aktenzeichen", "\"AB-1234\"", "\"AB-1234\"" },
        { "flurstueck", "\" 12/3 \"", "\"12/3\"" },
        { "beschreibung", "\"Zeile 1\\r\\nZeile 2\\tmit Tab\"", "\"Zeile 1\\nZeile 2\\tmit Tab\"" },
        { "anzahl", "3", "3" },
        { "anzahl", "\"3\"", "3" },
        { "abstand", "0.5", "0.5" },
        { "betrag", "12.50", "12.5" },
        { "betrag", "0", "0" },
        { "datum", "\"2026-03-18\"", "\"2026-03-18\"" },
        { "datum", "\"2026-09-15\"", "\"2026-09-15\"" },
        { "stichtag", "\"2020-01-01\"", "\"2020-01-01\"" },
        { "art", "\"E\"", "\"E\"" },
        { "zustellung", "\"post\"", "\"post\"" },
        { "gegenstaende", "[\"holz\", \"moebel\", \"holz\"]", "[\"moebel\",\"holz\"]" },
        { "eigentuemer", "false", "false" },
        { "fotos", "[{\"id\":\"f1\",\"name\":\"sofa.jpg\",\"contentType\":\"image/jpeg\",\"size\":120400}]", "[{\"id\":\"f1\",\"name\":\"sofa.jpg\",\"contentType\":\"image/jpeg\",\"size\":120400}]" },
        { "anschrift", "{\"street\":\" Hauptstraße \",\"houseNumber\":\"1a\",\"postalCode\":\"01067\",\"city\":\"Dresden\"}", "{\"street\":\"Hauptstraße\",\"houseNumber\":\"1a\",\"postalCode\":\"01067\",\"city\":\"Dresden\"}" },
        { "email", "\"erika.mustermann@stadt-muenster.de\"", "\"erika.mustermann@stadt-muenster.de\"" },
        { "telefon", "\"+49 (251) 492-0\"", "\"+49 (251) 492-0\"" },
        { "telefon", "\"0251/4920\"", "\"0251/4920\"" },
        { "iban", "\"DE89 3704 0044 0532 0130 00\"", "\"DE89370400440532013000\"" },
        { "iban", "\"de89370400440532013000\"", "\"DE89370400440532013000\"" },
        { "iban", "\"GB82 WEST 1234 5698 7654 32\"", "\"GB82WEST12345698765432\"" },
        { "iban", "\"AT611904300234573201\"", "\"AT611904300234573201\"" },
        { "kennzeichen", "\"MS-AB 123\"", "\"MS-AB 123\"" },
        { "kennzeichen", "\"ms ab 123\"", "\"MS-AB 123\"" },
        { "kennzeichen", "\"B-XY1234E\"", "\"B-XY 1234E\"" },
        { "kennzeichen", "\"LÖ-X 1\"", "\"LÖ-X 1\"" },
        { "kennzeichen", "\"MS-AB 1234 H\"", "\"MS-AB 1234H\"" },
        { "chip", "\"276098106123456\"", "\"276098106123456\"" },
        { "chip", "\"276 098 106 123 456\"", "\"276098106123456\"" },
    };

    /// <summary>Field, value (JSON), the error code.</summary>
    public static TheoryData<string, string, string> InvalidValues => new()
    {
        { "text", "\"A\"", "minLength" },
        { "text", "\"" + new string('x', 201) + "\"", "maxLength" },
        { "text", "42", "type" },
        { "kurz", "\"ABCDEF\"", "maxLength" },
        { "aktenzeichen", "\"AB-12345\"", "pattern" },
        { "aktenzeichen", "\"xAB-1234\"", "pattern" },
        { "flurstueck", "\"12/\"", "pattern" },
        { "beschreibung", "\"" + new string('x', 4001) + "\"", "maxLength" },
        { "anzahl", "2.5", "integer" },
        { "anzahl", "0", "min" },
        { "anzahl", "11", "max" },
        { "anzahl", "\"drei\"", "number" },
        { "anzahl", "true", "type" },
        { "abstand", "0.4", "min" },
        { "betrag", "12.345", "amount" },
        { "betrag", "-1", "min" },
        { "betrag", "10000.01", "max" },
        { "datum", "\"2026-03-17\"", "min" },
        { "datum", "\"2026-09-16\"", "max" },
        { "datum", "\"2026-02-30\"", "date" },
        { "datum", "\"18.03.2026\"", "date" },
        { "stichtag", "\"2019-12-31\"", "min" },
        { "stichtag", "\"2031-01-01\"", "max" },
        { "art", "\"X\"", "option" },
        { "zustellung", "\"Post\"", "option" },
        { "gegenstaende", "[\"holz\", \"gold\"]", "option" },
        { "gegenstaende", "\"holz\"", "type" },
        { "eigentuemer", "\"vielleicht\"", "option" },
        { "eigentuemer", "1", "type" },
        { "fotos", "[{\"id\":\"f1\",\"name\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"size\":1},{\"id\":\"f2\",\"name\":\"b.jpg\",\"contentType\":\"image/jpeg\",\"size\":1},{\"id\":\"f3\",\"name\":\"c.jpg\",\"contentType\":\"image/jpeg\",\"size\":1}]", "maxFiles" },
        { "fotos", "[{\"id\":\"f1\"}]", "file" },
        { "fotos", "[{\"id\":\"f1\",\"name\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"size\":-1}]", "file" },
        { "email", "\"erika@example\"", "email" },
        { "email", "\"erika@@example.org\"", "email" },
        { "email", "\"erika mustermann@example.org\"", "email" },
        { "email", "\"@example.org\"", "email" },
        { "telefon", "\"12345\"", "phone" },
        { "telefon", "\"0251 4920 Durchwahl\"", "phone" },
        { "telefon", "\"0251+4920\"", "phone" },
        { "iban", "\"DE89 3704 0044 0532 0130 01\"", "iban" },
        { "iban", "\"DE89 3704 0044 0532 0130 0\"", "iban" },
        { "iban", "\"XX89370400440532013000\"", "iban" },
        { "kennzeichen", "\"MSAB123\"", "plate" },
        { "kennzeichen", "\"MS-ABC 123\"", "plate" },
        { "kennzeichen", "\"MS-AB 0123\"", "plate" },
        { "kennzeichen", "\"ABC-DE 1234\"", "plate" },
        { "chip", "\"27609810612345\"", "chip" },
        { "chip", "\"27609810612345A\"", "chip" },
    };

    [Theory]
    [MemberData(nameof(ValidValues))]
    public void A_valid_value_passes_and_is_stored_normalised(string field, string value, string stored)
    {
        var result = Validate(field, JsonNode.Parse(value));

        Assert.Empty(result.Errors);
        Assert.Equal(stored, result.Data["a"]![field]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void A_violating_value_is_reported_on_its_field_with_its_code(string field, string value, string code)
    {
        var result = Validate(field, JsonNode.Parse(value));

        var error = Assert.Single(result.Errors);
        Assert.Equal((code, "a." + field), (error.Code, error.Path));
        Assert.Same(Form.FindField("a." + field), error.Field);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void An_invalid_value_is_kept_as_entered_so_the_page_shows_it_again()
    {
        var result = Validate("iban", "DE89 3704 0044 0532 0130 01");

        Assert.Equal("DE89 3704 0044 0532 0130 01", result.Data["a"]!["iban"]!.GetValue<string>());
    }

    [Fact]
    public void An_empty_string_counts_as_missing_and_is_not_stored()
    {
        var result = Validate("text", "   ");

        Assert.Empty(result.Errors);
        Assert.False(result.Data["a"]!.AsObject().ContainsKey("text"));
    }

    [Fact]
    public void A_required_single_checkbox_must_be_ticked()
    {
        var unticked = FormValidator.Validate(Form, new JsonObject { ["a"] = new JsonObject { ["zustimmung"] = false } });
        var ticked = FormValidator.Validate(Form, new JsonObject { ["a"] = new JsonObject { ["zustimmung"] = true } });

        var error = Assert.Single(unticked.Errors);
        Assert.Equal(("required", "a.zustimmung"), (error.Code, error.Path));
        Assert.Equal("Bestätigen Sie „Ich bin mit der Verarbeitung einverstanden.“, indem Sie das Kästchen ankreuzen.", error.Message(CultureInfo.GetCultureInfo("de")));
        Assert.Empty(ticked.Errors);
        Assert.False(unticked.Data["a"]!["zustimmung"]!.GetValue<bool>());
    }

    [Fact]
    public void A_postal_code_that_is_not_five_digits_is_reported_on_the_postal_code_input()
    {
        var result = Validate("anschrift", JsonNode.Parse("""{"street":"Hauptstraße","houseNumber":"1","postalCode":"4814","city":"Münster"}"""));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("postalCode", "a.anschrift.postalCode"), (error.Code, error.Path));
        Assert.Equal("Geben Sie bei „Anschrift“ eine Postleitzahl mit 5 Ziffern an.", error.Message(CultureInfo.GetCultureInfo("de")));
    }

    [Fact]
    public void A_partly_filled_address_names_each_missing_part()
    {
        var result = Validate("anschrift", JsonNode.Parse("""{"street":"Hauptstraße"}"""));

        Assert.Equal(["a.anschrift.houseNumber", "a.anschrift.postalCode", "a.anschrift.city"], result.Errors.Select(e => e.Path));
        Assert.All(result.Errors, e => Assert.Equal("required", e.Code));
        Assert.Equal("Geben Sie bei „Anschrift“ den Ort an.", result.Errors[2].Message(CultureInfo.GetCultureInfo("de")));
        Assert.Equal("Enter the town or city of “Address”.", result.Errors[2].Message(CultureInfo.GetCultureInfo("en")));
    }

    [Fact]
    public void An_unknown_address_part_is_reported_and_dropped()
    {
        var result = Validate("anschrift", JsonNode.Parse("""{"street":"Hauptstraße","houseNumber":"1","postalCode":"48143","city":"Münster","land":"DE"}"""));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("unknown", "a.anschrift.land"), (error.Code, error.Path));
        Assert.False(result.Data["a"]!["anschrift"]!.AsObject().ContainsKey("land"));
    }

    [Fact]
    public void A_required_address_left_empty_names_every_part()
    {
        var form = SampleForms.DogRegistration;
        var data = SampleForms.ValidDogData();
        data["halter"]!.AsObject().Remove("anschrift");

        var result = FormValidator.Validate(form, data, time: SampleForms.Clock);

        Assert.Equal(
            ["halter.anschrift.street", "halter.anschrift.houseNumber", "halter.anschrift.postalCode", "halter.anschrift.city"],
            result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Numbers_created_in_code_are_read_like_parsed_ones()
    {
        var files = new JsonArray(new JsonObject { ["id"] = "f1", ["name"] = "a.jpg", ["contentType"] = "image/jpeg", ["size"] = 120400 });

        var result = FormValidator.Validate(Form, new JsonObject { ["a"] = new JsonObject { ["zustimmung"] = true, ["anzahl"] = 3, ["abstand"] = 2.5d, ["fotos"] = files } });

        Assert.Empty(result.Errors);
        Assert.Equal("120400", result.Data["a"]!["fotos"]![0]!["size"]!.ToJsonString());
    }

    [Fact]
    public void A_number_of_more_than_decimal_range_is_not_a_number()
    {
        var result = Validate("abstand", JsonNode.Parse("1e400"));

        Assert.Equal("number", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Date_limits_relative_to_today_use_the_calendar_day_in_Germany()
    {
        // 23:30 UTC on 14 March is already 15 March in Germany; "today+P3D" is then the 18th.
        var lateEvening = new FixedTime(new DateTimeOffset(2026, 3, 14, 23, 30, 0, TimeSpan.Zero));
        var data = new JsonObject { ["a"] = new JsonObject { ["zustimmung"] = true, ["datum"] = "2026-03-17" } };

        var result = FormValidator.Validate(Form, data, time: lateEvening);

        var error = Assert.Single(result.Errors);
        Assert.Equal("2026-03-18", error.Arguments["min"]);
        Assert.Equal("„Wunschtermin“ darf nicht vor dem 18.03.2026 liegen.", error.Message(CultureInfo.GetCultureInfo("de")));
        Assert.Equal("“Preferred date” must be on or after 18 March 2026.", error.Message(CultureInfo.GetCultureInfo("en")));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
