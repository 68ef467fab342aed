namespace Rathaus.Forms.Tests;

public class FormDefinitionTests
{
    private static IReadOnlyList<FormDefinitionProblem> Problems(string json) =>
        Assert.Throws<FormDefinitionException>(() => FormDefinition.Parse(json)).Problems;

    /// <summary>A minimal valid form with one text field; parts can be replaced to provoke one problem at a time.</summary>
    private static string Form(string field = """{ "id": "name", "kind": "text", "label": { "de": "Name", "en": "Name" } }""", string groupExtra = "", string formExtra = "") => $$"""
        {
          "id": "test", "version": "1.0.0", "title": { "de": "Test", "en": "Test" },
          "pages": [ { "id": "seite", "title": { "de": "Seite", "en": "Page" },
            "groups": [ { "id": "gruppe", "title": { "de": "Gruppe", "en": "Group" }{{groupExtra}}, "fields": [ {{field}} ] } ] } ]{{formExtra}}
        }
        """;

    [Fact]
    public void The_sample_dog_registration_is_read_with_its_pages_groups_fields_and_rules()
    {
        var form = SampleForms.DogRegistration;

        Assert.Equal("hundeanmeldung", form.Id);
        Assert.Equal(["halter", "hunde", "zahlung"], form.Pages.Select(p => p.Id));
        var dogs = form.FindGroup("hunde")!;
        Assert.True(dogs.Repeatable);
        Assert.Equal((1, 5), (dogs.MinItems, dogs.MaxItems));
        var insurance = dogs.FindField("versicherungsnachweis")!;
        Assert.Equal(FormFieldKind.File, insurance.Kind);
        Assert.Equal("listenhund = true", insurance.Require!.Text);
        Assert.Equal(2, insurance.MaxFiles);
        Assert.Same(dogs, insurance.Group);
        Assert.Equal("hunde[1].versicherungsnachweis", insurance.PathAt(1));
        Assert.Equal(200, form.FindField("hunde.rasse")!.MaxLength);
        Assert.Equal(FormDataType.List, form.FindField("hunde.ermaessigung")!.DataType);
        Assert.Equal(FormDataType.Boolean, form.FindField("zahlung.mandat")!.DataType);
        Assert.Equal("haltungsbeginn", Assert.Single(dogs.Rules).Field!.Id);
        Assert.Equal("kontoinhaber", Assert.Single(form.Rules).Field!.Id);
    }

    [Fact]
    public void A_text_falls_back_to_German_for_other_languages()
    {
        var label = SampleForms.DogRegistration.FindField("hunde.rasse")!.Label;

        Assert.Equal("Rasse", label.Get(new System.Globalization.CultureInfo("de-DE")));
        Assert.Equal("Breed", label.Get(new System.Globalization.CultureInfo("en-GB")));
        Assert.Equal("Rasse", label.Get(new System.Globalization.CultureInfo("fr-FR")));
    }

    [Fact]
    public void An_unknown_property_is_refused_with_its_path_and_a_suggestion()
    {
        var problems = Problems(Form("""{ "id": "name", "kind": "text", "lable": { "de": "Name", "en": "Name" } }"""));

        Assert.Contains(problems, p => p.Path == "$.pages[0].groups[0].fields[0].lable" && p.Message.Contains("did you mean \"label\""));
        Assert.Contains(problems, p => p.Path == "$.pages[0].groups[0].fields[0].label" && p.Message.Contains("required"));
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var problems = Problems(Form(
            """{ "id": "Name", "kind": "txt", "label": { "de": "Name" } }""",
            formExtra: """, "rules": [ { "id": "r", "validate": "a >", "field": "gruppe.nichtda", "message": { "de": "x", "en": "x" } } ]"""));

        Assert.Contains(problems, p => p.Path == "$.pages[0].groups[0].fields[0].id");
        Assert.Contains(problems, p => p.Path == "$.pages[0].groups[0].fields[0].kind" && p.Message.Contains("did you mean \"text\""));
        Assert.Contains(problems, p => p.Path == "$.pages[0].groups[0].fields[0].label.en" && p.Message.Contains("English"));
        Assert.Contains(problems, p => p.Path == "$.rules[0].validate" && p.Message.Contains("does not parse"));
    }

    [Fact]
    public void A_rule_naming_no_field_is_refused()
    {
        var problems = Problems(Form(formExtra: """, "rules": [ { "id": "r", "validate": "name != null", "field": "gruppe.nichtda", "message": { "de": "x", "en": "x" } } ]"""));

        Assert.Equal("$.rules[0].field", Assert.Single(problems).Path);
    }

    [Fact]
    public void Duplicate_ids_are_refused()
    {
        var twoFields = """{ "id": "name", "kind": "text", "label": { "de": "A", "en": "A" } }, { "id": "name", "kind": "text", "label": { "de": "B", "en": "B" } }""";

        var problems = Problems(Form(twoFields));

        Assert.Equal("$.pages[0].groups[0].fields[1].id", Assert.Single(problems).Path);
    }

    [Fact]
    public void A_duplicate_JSON_property_is_refused()
    {
        var problems = Problems(Form("""{ "id": "name", "kind": "text", "kind": "date", "label": { "de": "A", "en": "A" } }"""));

        Assert.Contains(problems, p => p.Path == "$.pages[0].groups[0].fields[0].kind" && p.Message.Contains("twice"));
    }

    [Fact]
    public void A_select_without_options_is_refused()
    {
        var problems = Problems(Form("""{ "id": "art", "kind": "select", "label": { "de": "Art", "en": "Kind" } }"""));

        Assert.Equal("$.pages[0].groups[0].fields[0].options", Assert.Single(problems).Path);
    }

    [Fact]
    public void A_property_that_does_not_belong_to_the_kind_is_refused()
    {
        var problems = Problems(Form("""{ "id": "datum", "kind": "date", "label": { "de": "D", "en": "D" }, "maxLength": 10 }"""));

        Assert.Equal("$.pages[0].groups[0].fields[0].maxLength", Assert.Single(problems).Path);
    }

    [Theory]
    [InlineData("""{ "id": "n", "kind": "number", "label": { "de": "N", "en": "N" }, "min": 10, "max": 1 }""", "min")]
    [InlineData("""{ "id": "d", "kind": "date", "label": { "de": "D", "en": "D" }, "min": "today", "max": "today-P1D" }""", "min")]
    [InlineData("""{ "id": "d", "kind": "date", "label": { "de": "D", "en": "D" }, "min": "gestern" }""", "min")]
    [InlineData("""{ "id": "t", "kind": "text", "label": { "de": "T", "en": "T" }, "minLength": 10, "maxLength": 5 }""", "minLength")]
    [InlineData("""{ "id": "t", "kind": "text", "label": { "de": "T", "en": "T" }, "pattern": "[0-9" }""", "pattern")]
    [InlineData("""{ "id": "t", "kind": "text", "label": { "de": "T", "en": "T" }, "pattern": "(a)\\1" }""", "pattern")]
    [InlineData("""{ "id": "t", "kind": "text", "label": { "de": "T", "en": "T" }, "show": "x = " }""", "show")]
    [InlineData("""{ "id": "t", "kind": "text", "label": { "de": "T", "en": "T" }, "dataType": "integer" }""", "dataType")]
    [InlineData("""{ "id": "n", "kind": "number", "label": { "de": "N", "en": "N" }, "dataType": "date" }""", "dataType")]
    [InlineData("""{ "id": "f", "kind": "file", "label": { "de": "F", "en": "F" }, "maxFiles": 0 }""", "maxFiles")]
    [InlineData("""{ "id": "a", "kind": "amount", "label": { "de": "A", "en": "A" }, "max": 10.001 }""", "max")]
    [InlineData("""{ "id": "and", "kind": "text", "label": { "de": "T", "en": "T" } }""", "id")]
    [InlineData("""{ "id": "t", "kind": "text", "label": { "de": "T", "en": "T" }, "required": true, "require": "true" }""", "require")]
    [InlineData("""{ "id": "t", "kind": "text", "label": "Titel" }""", "label")]
    public void A_field_definition_that_cannot_work_is_refused_at_its_property(string field, string property)
    {
        var problems = Problems(Form(field));

        Assert.Equal("$.pages[0].groups[0].fields[0]." + property, Assert.Single(problems).Path);
    }

    [Fact]
    public void A_repeatable_group_with_min_above_max_is_refused()
    {
        var problems = Problems(Form(groupExtra: """, "repeatable": true, "min": 3, "max": 2"""));

        Assert.Equal("$.pages[0].groups[0].min", Assert.Single(problems).Path);
    }

    [Fact]
    public void Min_and_max_on_a_group_that_is_not_repeatable_are_refused()
    {
        var problems = Problems(Form(groupExtra: """, "max": 2"""));

        Assert.Equal("$.pages[0].groups[0].max", Assert.Single(problems).Path);
    }

    [Fact]
    public void A_repeatable_group_with_a_required_field_needs_one_item_by_default()
    {
        var form = FormDefinition.Parse(Form(
            """{ "id": "name", "kind": "text", "label": { "de": "Name", "en": "Name" }, "required": true }""",
            groupExtra: """, "repeatable": true"""));

        var group = form.FindGroup("gruppe")!;
        Assert.Equal((1, 20), (group.MinItems, group.MaxItems));
    }

    [Fact]
    public void Text_that_is_not_JSON_is_refused_with_line_and_position()
    {
        var problem = Assert.Single(Problems("{ \"id\": \"test\",\n  \"version\": }"));

        Assert.Contains("line 2", problem.Message);
    }

    [Fact]
    public void A_definition_nested_deeper_than_the_format_needs_is_refused()
    {
        var deep = new string('[', 100) + new string(']', 100);

        var problem = Assert.Single(Problems(deep));

        Assert.Contains("depth", problem.Message);
    }

    [Fact]
    public void A_definition_larger_than_one_megabyte_is_refused_before_reading()
    {
        var huge = Form("""{ "id": "name", "kind": "text", "label": { "de": "Name", "en": "Name" } }""") + new string(' ', 1_000_001);

        var problem = Assert.Single(Problems(huge));

        Assert.Equal("$", problem.Path);
        Assert.Contains("larger", problem.Message);
    }

    [Fact]
    public void An_expression_nested_too_deep_for_the_parser_is_refused()
    {
        var expression = new string('(', 40) + "1" + new string(')', 40);

        var problem = Assert.Single(Problems(Form($$"""{ "id": "t", "kind": "text", "label": { "de": "T", "en": "T" }, "show": "{{expression}}" }""")));

        Assert.Contains("nests", problem.Message);
    }

    [Fact]
    public void A_group_rule_names_a_field_of_its_own_group()
    {
        var form = FormDefinition.Parse(Form(groupExtra: """, "rules": [ { "id": "r", "validate": "name != \"x\"", "field": "name", "message": { "de": "x", "en": "x" } } ]"""));

        Assert.Equal("gruppe.name", form.FindGroup("gruppe")!.Rules[0].Field!.Path);
        Assert.Throws<FormDefinitionException>(() => FormDefinition.Parse(Form(groupExtra: """, "rules": [ { "id": "r", "validate": "true", "field": "anderes", "message": { "de": "x", "en": "x" } } ]""")));
    }
}
