using System.Globalization;
using System.Resources;

namespace Rathaus.Forms.Tests;

/// <summary>Every error code has a German and an English message that names the field.</summary>
public class MessageTests
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    public static TheoryData<string> Codes => new(typeof(FormErrorCodes).GetFields().Select(f => (string)f.GetValue(null)!));

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_code_has_a_message_in_German_and_English_naming_the_label(string code)
    {
        var field = SampleForms.EveryKind.FindField("a.text")!;
        var error = new FormError("a.text", code, field: field, arguments: new Dictionary<string, string>
        {
            ["maxLength"] = "200", ["minLength"] = "2", ["min"] = "1", ["max"] = "10", ["maxFiles"] = "2", ["minItems"] = "2", ["maxItems"] = "5", ["rule"] = "r",
        });

        var german = error.Message(German);
        var english = error.Message(English);

        Assert.NotEqual(german, english);
        Assert.DoesNotContain("{", german + english);
        if (code == FormErrorCodes.Unknown)
        {
            Assert.Contains("a.text", german);
        }
        else
        {
            Assert.Contains("„Name“", german);
            Assert.Contains("“Name”", english);
        }
    }

    [Fact]
    public void The_German_and_the_English_resources_have_the_same_keys()
    {
        var manager = new ResourceManager("Rathaus.Forms.Resources.FormMessages", typeof(FormError).Assembly);
        var german = manager.GetResourceSet(CultureInfo.InvariantCulture, true, false)!.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).Order();
        var english = manager.GetResourceSet(CultureInfo.GetCultureInfo("en"), true, false)!.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).Order();

        Assert.Equal(german, english);
    }

    [Fact]
    public void A_pattern_message_of_the_definition_replaces_the_general_one()
    {
        var error = Assert.Single(FormValidator.Validate(SampleForms.EveryKind, new System.Text.Json.Nodes.JsonObject
        {
            ["a"] = new System.Text.Json.Nodes.JsonObject { ["zustimmung"] = true, ["aktenzeichen"] = "12" },
        }).Errors);

        Assert.Equal("Ein Aktenzeichen sieht so aus: AB-1234.", error.Message(German));
        Assert.Equal("A file number looks like AB-1234.", error.Message(English));
    }

    [Fact]
    public void Numbers_in_messages_are_written_as_the_reader_expects()
    {
        var field = SampleForms.EveryKind.FindField("a.betrag")!;
        var error = new FormError("a.betrag", FormErrorCodes.Max, field: field, arguments: new Dictionary<string, string> { ["max"] = "10000.5" });

        Assert.Equal("„Betrag“ darf höchstens 10.000,5 sein.", error.Message(German));
        Assert.Equal("“Amount” must be 10,000.5 or less.", error.Message(English));
    }
}
