using System.Globalization;
using System.Text.Json.Nodes;

namespace Rathaus.Forms.Tests;

/// <summary>Posted HTML values of one page into the data: conversions, unticked boxes, repeatable items.</summary>
public class FormBinderTests
{
    private static readonly FormDefinition Dogs = SampleForms.DogRegistration;
    private static readonly FormDefinition Kinds = SampleForms.EveryKind;

    private static Dictionary<string, string[]> Post(params (string Name, string Value)[] values) =>
        values.GroupBy(v => v.Name).ToDictionary(g => g.Key, g => g.Select(v => v.Value).ToArray());

    private static JsonObject BindKinds(params (string Name, string Value)[] values) =>
        FormBinder.Apply(Kinds, [], "seite", Post(values));

    [Theory]
    [InlineData("1.234,56", "1234.56")]
    [InlineData("1234,56", "1234.56")]
    [InlineData("1234.56", "1234.56")]
    [InlineData("1,234.56", "1234.56")]
    [InlineData("1.234", "1234")]
    [InlineData("1.234.567", "1234567")]
    [InlineData(" 12,50 € ", "12.5")]
    [InlineData("12,50 EUR", "12.5")]
    [InlineData("-3", "-3")]
    [InlineData("0,5", "0.5")]
    [InlineData("1 000", "1000")]
    public void A_number_is_read_in_German_or_English_notation(string typed, string stored)
    {
        var data = BindKinds(("a.betrag", typed));

        Assert.Equal(stored, data["a"]!["betrag"]!.ToJsonString());
    }

    [Fact]
    public void A_number_with_a_dot_and_three_decimals_is_a_decimal_on_an_English_page()
    {
        var post = Post(("a.abstand", "1.500"));

        var german = FormBinder.Apply(Kinds, [], "seite", post);
        var english = FormBinder.Apply(Kinds, [], "seite", post, CultureInfo.GetCultureInfo("en-GB"));

        Assert.Equal("1500", german["a"]!["abstand"]!.ToJsonString());
        Assert.Equal("1.5", english["a"]!["abstand"]!.ToJsonString());
    }

    [Theory]
    [InlineData("zwölf")]
    [InlineData("1,2,3")]
    [InlineData("1.23.4")]
    [InlineData("12,5.3,1")]
    public void A_number_that_cannot_be_read_is_kept_as_typed_and_the_validator_names_it(string typed)
    {
        var data = BindKinds(("a.betrag", typed), ("a.zustimmung", "true"));

        Assert.Equal(typed, data["a"]!["betrag"]!.GetValue<string>());
        var error = Assert.Single(FormValidator.Validate(Kinds, data).Errors);
        Assert.Equal(("number", "a.betrag"), (error.Code, error.Path));
        Assert.Equal("Geben Sie bei „Betrag“ eine Zahl an, zum Beispiel 12 oder 12,5.", error.Message(CultureInfo.GetCultureInfo("de")));
    }

    [Theory]
    [InlineData("2026-04-01", "2026-04-01")]
    [InlineData("01.04.2026", "2026-04-01")]
    [InlineData("1.4.2026", "2026-04-01")]
    [InlineData(" 1.4.2026 ", "2026-04-01")]
    [InlineData("31.04.2026", "31.04.2026")]
    [InlineData("1.4.26", "1.4.26")]
    [InlineData("morgen", "morgen")]
    public void A_date_is_read_as_ISO_or_German_and_otherwise_kept_as_typed(string typed, string stored)
    {
        var data = BindKinds(("a.datum", typed));

        Assert.Equal(stored, data["a"]!["datum"]!.GetValue<string>());
    }

    [Fact]
    public void Yes_and_no_are_booleans()
    {
        Assert.True(BindKinds(("a.eigentuemer", "true"))["a"]!["eigentuemer"]!.GetValue<bool>());
        Assert.False(BindKinds(("a.eigentuemer", "false"))["a"]!["eigentuemer"]!.GetValue<bool>());
    }

    [Fact]
    public void A_checkbox_group_takes_every_ticked_value()
    {
        var data = BindKinds(("a.gegenstaende", "holz"), ("a.gegenstaende", "metall"));

        Assert.Equal("""["holz","metall"]""", data["a"]!["gegenstaende"]!.ToJsonString());
    }

    [Fact]
    public void An_unticked_single_checkbox_becomes_false_and_a_ticked_one_true()
    {
        var before = new JsonObject { ["a"] = new JsonObject { ["zustimmung"] = true, ["gegenstaende"] = new JsonArray("holz") } };

        var unticked = FormBinder.Apply(Kinds, before, "seite", Post(("a.text", "Erika")));
        var ticked = FormBinder.Apply(Kinds, [], "seite", Post(("a.zustimmung", "false"), ("a.zustimmung", "true")));

        Assert.False(unticked["a"]!["zustimmung"]!.GetValue<bool>());
        Assert.False(unticked["a"]!.AsObject().ContainsKey("gegenstaende"));
        Assert.True(ticked["a"]!["zustimmung"]!.GetValue<bool>());
    }

    [Fact]
    public void An_address_is_bound_from_its_four_inputs()
    {
        var data = BindKinds(("a.anschrift.street", "Prinzipalmarkt"), ("a.anschrift.houseNumber", "10"), ("a.anschrift.postalCode", "48143"), ("a.anschrift.city", "Münster"));

        Assert.Equal("""{"street":"Prinzipalmarkt","houseNumber":"10","postalCode":"48143","city":"M\u00FCnster"}""", data["a"]!["anschrift"]!.ToJsonString());
    }

    [Fact]
    public void An_address_with_every_input_empty_is_removed()
    {
        var before = new JsonObject { ["a"] = new JsonObject { ["anschrift"] = JsonNode.Parse("""{"street":"Alt","houseNumber":"1","postalCode":"48143","city":"Münster"}""") } };

        var data = FormBinder.Apply(Kinds, before, "seite", Post(("a.anschrift.street", ""), ("a.anschrift.houseNumber", " "), ("a.anschrift.postalCode", ""), ("a.anschrift.city", "")));

        Assert.False(data["a"]!.AsObject().ContainsKey("anschrift"));
    }

    [Fact]
    public void An_emptied_text_input_removes_the_value()
    {
        var before = new JsonObject { ["a"] = new JsonObject { ["text"] = "Alt" } };

        var data = FormBinder.Apply(Kinds, before, "seite", Post(("a.text", "  ")));

        Assert.False(data["a"]!.AsObject().ContainsKey("text"));
    }

    [Fact]
    public void File_fields_are_left_to_the_upload_and_the_data_passed_in_is_not_changed()
    {
        var files = JsonNode.Parse("""[ { "id": "f1", "name": "a.jpg", "contentType": "image/jpeg", "size": 1 } ]""");
        var before = new JsonObject { ["a"] = new JsonObject { ["fotos"] = files, ["text"] = "Alt" } };
        var copy = before.DeepClone();

        var data = FormBinder.Apply(Kinds, before, "seite", Post(("a.text", "Neu"), ("a.fotos", "C:\\fakepath\\x.jpg")));

        Assert.True(JsonNode.DeepEquals(files, data["a"]!["fotos"]));
        Assert.Equal("Neu", data["a"]!["text"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(copy, before));
    }

    [Fact]
    public void The_items_of_a_repeatable_group_are_the_indexes_in_the_post_in_their_order()
    {
        var before = SampleForms.ValidDogData();

        // The page showed dogs 0 and 1; dog 0 was removed in the browser, and a new dog 2 added.
        var data = FormBinder.Apply(Dogs, before, "hunde", Post(
            ("hunde[1].name", "Hasso"), ("hunde[1].rasse", "Staffordshire-Bullterrier"), ("hunde[1].geschlecht", "w"), ("hunde[1].chipnummer", "276098106654321"),
            ("hunde[1].listenhund", "true"), ("hunde[1].haltungsbeginn", "01.02.2026"),
            ("hunde[2].name", "Struppi"), ("hunde[2].rasse", "Foxterrier"), ("hunde[2].listenhund", "false")));

        var dogs = data["hunde"]!.AsArray();
        Assert.Equal(["Hasso", "Struppi"], dogs.Select(d => d!["name"]!.GetValue<string>()));
        Assert.Equal("2026-02-01", dogs[0]!["haltungsbeginn"]!.GetValue<string>());
        Assert.Equal("police.pdf", dogs[0]!["versicherungsnachweis"]![0]!["name"]!.GetValue<string>());
        Assert.False(dogs[1]!["listenhund"]!.GetValue<bool>());
        Assert.Equal("Halterin", FormBinder.Apply(Dogs, before, "halter", Post(("halter.vorname", "Halterin")))["halter"]!["vorname"]!.GetValue<string>());
    }

    [Fact]
    public void An_item_marker_keeps_an_item_whose_inputs_post_nothing()
    {
        var form = FormDefinition.Parse("""
            {
              "id": "test", "version": "1.0.0", "title": { "de": "T", "en": "T" },
              "pages": [ { "id": "p", "title": { "de": "P", "en": "P" }, "groups": [
                { "id": "posten", "title": { "de": "Posten", "en": "Items" }, "repeatable": true, "fields": [
                  { "id": "sperrig", "kind": "checkbox", "label": { "de": "Sperrig", "en": "Bulky" } } ] } ] } ]
            }
            """);

        var data = FormBinder.Apply(form, [], "p", Post(("posten[0]", ""), ("posten[1]", ""), ("posten[1].sperrig", "true")));

        Assert.Equal("""[{"sperrig":false},{"sperrig":true}]""", data["posten"]!.ToJsonString());
    }

    [Fact]
    public void A_repeatable_group_not_on_the_post_is_left_as_it_is()
    {
        var before = SampleForms.ValidDogData();

        var data = FormBinder.Apply(Dogs, before, "hunde", Post(("irgendwas", "x")));

        Assert.True(JsonNode.DeepEquals(before["hunde"], data["hunde"]));
    }

    [Fact]
    public void A_field_hidden_when_the_page_was_shown_is_left_alone_when_missing_from_the_post()
    {
        var before = new JsonObject { ["zahlung"] = new JsonObject { ["lastschrift"] = false, ["mandat"] = true } };

        var data = FormBinder.Apply(Dogs, before, "zahlung", Post(("zahlung.lastschrift", "false")));

        Assert.True(data["zahlung"]!["mandat"]!.GetValue<bool>());
    }

    [Fact]
    public void Items_are_added_up_to_the_max_and_removed_by_index()
    {
        var data = SampleForms.ValidDogData();

        var added = FormBinder.AddItem(Dogs, data, "hunde");
        var removed = FormBinder.RemoveItem(Dogs, added, "hunde", 0);
        var full = Enumerable.Range(0, 10).Aggregate(data, (d, _) => FormBinder.AddItem(Dogs, d, "hunde"));
        var fromNothing = FormBinder.AddItem(Dogs, [], "hunde");

        Assert.Equal(3, added["hunde"]!.AsArray().Count);
        Assert.Equal("{}", added["hunde"]![2]!.ToJsonString());
        Assert.Equal("Hasso", removed["hunde"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(5, full["hunde"]!.AsArray().Count);
        Assert.Single(fromNothing["hunde"]!.AsArray());
        Assert.Equal(2, data["hunde"]!.AsArray().Count);
        Assert.Throws<ArgumentException>(() => FormBinder.AddItem(Dogs, data, "halter"));
    }

    [Fact]
    public void A_hostile_post_with_thousands_of_item_indexes_binds_no_more_than_the_max()
    {
        var post = Enumerable.Range(0, 5000).ToDictionary(i => $"hunde[{i}].name", i => new[] { "Hund" + i });
        post["hunde[99999999999].name"] = ["x"];
        post["hunde[-1].name"] = ["x"];

        var data = FormBinder.Apply(Dogs, [], "hunde", post);

        Assert.Equal(5, data["hunde"]!.AsArray().Count);
    }

    [Fact]
    public void Bound_and_validated_a_posted_page_reports_what_the_person_must_correct()
    {
        var data = FormBinder.Apply(Dogs, [], "halter", Post(
            ("halter.vorname", "Erika"), ("halter.nachname", ""), ("halter.geburtsdatum", "17.05.2015"),
            ("halter.anschrift.street", "Prinzipalmarkt"), ("halter.anschrift.houseNumber", "10"), ("halter.anschrift.postalCode", "4814"), ("halter.anschrift.city", "Münster"),
            ("halter.email", "erika@example.org"), ("halter.telefon", "")));

        var result = FormValidator.Validate(Dogs, data, "halter", SampleForms.Clock);

        Assert.Equal(
            [("halter.nachname", "required"), ("halter.geburtsdatum", "max"), ("halter.anschrift.postalCode", "postalCode")],
            result.Errors.Select(e => (e.Path, e.Code)));
        Assert.Equal("„Geburtsdatum“ darf nicht nach dem 15.03.2008 liegen.", result.Errors[1].Message(CultureInfo.GetCultureInfo("de")));
    }
}
