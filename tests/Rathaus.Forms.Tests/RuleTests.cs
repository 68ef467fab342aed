using System.Globalization;
using System.Text.Json.Nodes;

namespace Rathaus.Forms.Tests;

/// <summary>show, require and validate rules, and the repeatable dog group of the sample registration.</summary>
public class RuleTests
{
    private static readonly FormDefinition Form = SampleForms.DogRegistration;
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    private static FormValidationResult Validate(JsonObject data, string? page = null) =>
        FormValidator.Validate(Form, data, page, SampleForms.Clock);

    private static JsonObject Dog(JsonObject data, int index) => data["hunde"]![index]!.AsObject();

    [Fact]
    public void The_complete_sample_application_is_valid()
    {
        var result = Validate(SampleForms.ValidDogData());

        Assert.Empty(result.Errors);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Insurance_evidence_is_required_for_a_dog_of_a_listed_breed()
    {
        var data = SampleForms.ValidDogData();
        Dog(data, 1).Remove("versicherungsnachweis");

        var result = Validate(data);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("required", "hunde[1].versicherungsnachweis"), (error.Code, error.Path));
        Assert.Equal(1, error.ItemIndex);
        Assert.Equal("Hund 2: Laden Sie „Nachweis der Haftpflichtversicherung“ hoch.", error.Message(German));
        Assert.Equal("Dog 2: Upload “Proof of liability insurance”.", error.Message(English));
    }

    [Fact]
    public void Insurance_evidence_is_neither_required_nor_kept_for_a_dog_that_is_not_of_a_listed_breed()
    {
        var data = SampleForms.ValidDogData();
        Dog(data, 0)["versicherungsnachweis"] = JsonNode.Parse("""[ { "id": "x", "name": "alt.pdf", "contentType": "application/pdf", "size": 1 } ]""");

        var result = Validate(data);

        Assert.Empty(result.Errors);
        Assert.False(Dog(result.Data, 0).ContainsKey("versicherungsnachweis"));
        Assert.True(Dog(result.Data, 1).ContainsKey("versicherungsnachweis"));
    }

    [Fact]
    public void A_hidden_field_is_not_validated()
    {
        var data = SampleForms.ValidDogData();
        data["zahlung"] = new JsonObject { ["lastschrift"] = false, ["iban"] = "keine IBAN", ["mandat"] = false };

        var result = Validate(data);

        Assert.Empty(result.Errors);
        Assert.Equal("""{"lastschrift":false}""", result.Data["zahlung"]!.ToJsonString());
    }

    [Fact]
    public void A_field_required_by_a_rule_is_reported_when_the_rule_holds()
    {
        var data = SampleForms.ValidDogData();
        data["zahlung"] = new JsonObject { ["lastschrift"] = true, ["kontoinhaber"] = "Erika Mustermann" };

        var result = Validate(data);

        Assert.Equal(["zahlung.iban", "zahlung.mandat"], result.Errors.Select(e => e.Path));
        Assert.All(result.Errors, e => Assert.Equal("required", e.Code));
    }

    [Fact]
    public void A_validate_rule_that_is_false_reports_its_message_on_its_field()
    {
        var data = SampleForms.ValidDogData();
        Dog(data, 0)["haltungsbeginn"] = "2026-01-15";
        Dog(data, 0)["geburtsdatum"] = "2026-02-01";

        var result = Validate(data);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("rule", "hunde[0].haltungsbeginn", "haltungNachGeburt"), (error.Code, error.Path, error.Arguments["rule"]));
        Assert.Equal("Hund 1: Der Hund kann nicht vor seiner Geburt gehalten werden.", error.Message(German));
    }

    [Fact]
    public void A_validate_rule_that_needs_a_missing_value_passes()
    {
        var data = SampleForms.ValidDogData();
        Dog(data, 1).Remove("geburtsdatum");

        Assert.Empty(Validate(data).Errors);
    }

    [Fact]
    public void A_rule_is_not_checked_on_a_field_that_already_has_an_error()
    {
        var data = SampleForms.ValidDogData();
        Dog(data, 0)["haltungsbeginn"] = "2025-01-01";
        Dog(data, 0)["geburtsdatum"] = "2026-02-01";

        var error = Assert.Single(Validate(data).Errors);

        Assert.Equal(("min", "hunde[0].haltungsbeginn"), (error.Code, error.Path));
    }

    [Fact]
    public void A_form_rule_sees_the_whole_data_and_the_fields_of_the_group_of_its_field()
    {
        var data = SampleForms.ValidDogData();
        data["zahlung"]!.AsObject().Remove("kontoinhaber");
        data["halter"]!.AsObject().Remove("nachname");

        var result = Validate(data);

        Assert.Equal(["halter.nachname", "zahlung.kontoinhaber"], result.Errors.Select(e => e.Path));
        Assert.Equal(["required", "rule"], result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void A_repeatable_group_needs_its_least_number_of_items()
    {
        var data = SampleForms.ValidDogData();
        data["hunde"] = new JsonArray();

        var error = Assert.Single(Validate(data).Errors);

        Assert.Equal(("minItems", "hunde", "1"), (error.Code, error.Path, error.Arguments["minItems"]));
        Assert.Equal("Fügen Sie bei „Ihre Hunde“ mindestens einen Eintrag hinzu.", error.Message(German));
    }

    [Fact]
    public void A_repeatable_group_takes_at_most_its_max_items()
    {
        var data = SampleForms.ValidDogData();
        var dogs = data["hunde"]!.AsArray();
        while (dogs.Count < 6)
        {
            dogs.Add(dogs[0]!.DeepClone());
        }

        var error = Assert.Single(Validate(data).Errors);

        Assert.Equal(("maxItems", "hunde", "5"), (error.Code, error.Path, error.Arguments["maxItems"]));
        Assert.Equal("Bei „Ihre Hunde“ sind höchstens 5 Einträge möglich.", error.Message(German));
    }

    [Fact]
    public void Errors_in_several_items_name_the_item()
    {
        var data = SampleForms.ValidDogData();
        Dog(data, 0)["chipnummer"] = "123";
        Dog(data, 1)["chipnummer"] = "456";

        var result = Validate(data);

        Assert.Equal(["hunde[0].chipnummer", "hunde[1].chipnummer"], result.Errors.Select(e => e.Path));
        Assert.Equal(
            ["Hund 1: Geben Sie bei „Chipnummer (Transponder)“ die 15-stellige Chipnummer an.", "Hund 2: Geben Sie bei „Chipnummer (Transponder)“ die 15-stellige Chipnummer an."],
            result.Errors.Select(e => e.Message(German)));
    }

    [Fact]
    public void Validating_one_page_reports_only_its_fields_but_rules_see_the_other_pages()
    {
        var data = SampleForms.ValidDogData();
        data["halter"]!.AsObject().Remove("vorname");
        data["zahlung"] = new JsonObject { ["lastschrift"] = true };

        var zahlung = Validate(data, "zahlung");
        var halter = Validate(data, "halter");

        Assert.Equal(["zahlung.iban", "zahlung.mandat"], zahlung.Errors.Select(e => e.Path));
        Assert.Equal(["halter.vorname"], halter.Errors.Select(e => e.Path));
        Assert.True(JsonNode.DeepEquals(data["hunde"], halter.Data["hunde"]));
    }

    [Fact]
    public void Validating_a_page_that_does_not_exist_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => Validate(SampleForms.ValidDogData(), "gibtsnicht"));
    }

    [Fact]
    public void The_renderer_asks_the_same_rules_for_what_to_show()
    {
        var data = SampleForms.ValidDogData();
        var insurance = Form.FindField("hunde.versicherungsnachweis")!;
        var iban = Form.FindField("zahlung.iban")!;

        var shown = FormRules.Evaluate(Form, data, SampleForms.Clock);

        Assert.False(shown.IsVisible(insurance, 0));
        Assert.True(shown.IsVisible(insurance, 1));
        Assert.False(shown.IsRequired(insurance, 0));
        Assert.True(shown.IsRequired(insurance, 1));
        Assert.False(shown.IsVisible(insurance, 2));
        Assert.True(FormRules.IsVisible(Form, data, iban));
        Assert.False(FormRules.IsVisible(Form, new JsonObject { ["zahlung"] = new JsonObject { ["lastschrift"] = false } }, iban));
        Assert.Equal(2, shown.ItemCount(Form.FindGroup("hunde")!));
    }

    [Fact]
    public void A_group_hidden_by_its_rule_is_neither_validated_nor_kept()
    {
        var form = FormDefinition.Parse("""
            {
              "id": "test", "version": "1.0.0", "title": { "de": "T", "en": "T" },
              "pages": [ { "id": "p", "title": { "de": "P", "en": "P" }, "groups": [
                { "id": "antrag", "title": { "de": "Antrag", "en": "Application" }, "fields": [
                  { "id": "vertreten", "kind": "yesno", "label": { "de": "Werden Sie vertreten?", "en": "Are you represented?" }, "required": true } ] },
                { "id": "vertreter", "title": { "de": "Vertretung", "en": "Representative" }, "show": "antrag.vertreten = true", "fields": [
                  { "id": "name", "kind": "text", "label": { "de": "Name", "en": "Name" }, "required": true } ] } ] } ]
            }
            """);
        var notRepresented = new JsonObject { ["antrag"] = new JsonObject { ["vertreten"] = false }, ["vertreter"] = new JsonObject { ["name"] = 5 } };
        var represented = new JsonObject { ["antrag"] = new JsonObject { ["vertreten"] = true } };

        var hidden = FormValidator.Validate(form, notRepresented);
        var shown = FormValidator.Validate(form, represented);

        Assert.Empty(hidden.Errors);
        Assert.False(hidden.Data.ContainsKey("vertreter"));
        Assert.Equal("vertreter.name", Assert.Single(shown.Errors).Path);
    }

    [Fact]
    public void A_field_hidden_because_the_field_it_depends_on_is_hidden_is_hidden_too()
    {
        var form = FormDefinition.Parse("""
            {
              "id": "test", "version": "1.0.0", "title": { "de": "T", "en": "T" },
              "pages": [ { "id": "p", "title": { "de": "P", "en": "P" }, "groups": [
                { "id": "g", "title": { "de": "G", "en": "G" }, "fields": [
                  { "id": "a", "kind": "yesno", "label": { "de": "A", "en": "A" } },
                  { "id": "b", "kind": "yesno", "label": { "de": "B", "en": "B" }, "show": "a = true" },
                  { "id": "c", "kind": "text", "label": { "de": "C", "en": "C" }, "show": "b = true", "required": true } ] } ] } ]
            }
            """);
        var data = new JsonObject { ["g"] = new JsonObject { ["a"] = false, ["b"] = true } };

        var result = FormValidator.Validate(form, data);

        Assert.Empty(result.Errors);
        Assert.Equal("""{"a":false}""", result.Data["g"]!.ToJsonString());
    }

    [Fact]
    public void A_form_rule_without_a_field_is_checked_on_the_whole_form_and_shown_at_the_top()
    {
        var form = FormDefinition.Parse("""
            {
              "id": "test", "version": "1.0.0", "title": { "de": "T", "en": "T" },
              "pages": [
                { "id": "p1", "title": { "de": "P1", "en": "P1" }, "groups": [ { "id": "a", "title": { "de": "A", "en": "A" }, "fields": [
                  { "id": "von", "kind": "date", "label": { "de": "Von", "en": "From" } } ] } ] },
                { "id": "p2", "title": { "de": "P2", "en": "P2" }, "groups": [ { "id": "b", "title": { "de": "B", "en": "B" }, "fields": [
                  { "id": "bis", "kind": "date", "label": { "de": "Bis", "en": "To" } } ] } ] } ],
              "rules": [ { "id": "zeitraum", "validate": "b.bis >= a.von",
                "message": { "de": "Der Zeitraum endet vor seinem Beginn.", "en": "The period ends before it begins." } } ]
            }
            """);
        var data = JsonNode.Parse("""{ "a": { "von": "2026-05-01" }, "b": { "bis": "2026-04-01" } }""")!.AsObject();

        var whole = FormValidator.Validate(form, data);
        var page = FormValidator.Validate(form, data, "p2");

        var error = Assert.Single(whole.Errors);
        Assert.Equal(("rule", ""), (error.Code, error.Path));
        Assert.Equal("Der Zeitraum endet vor seinem Beginn.", error.Message(German));
        Assert.Empty(page.Errors);
    }
}
