using System.Globalization;
using System.Resources;

namespace Rathaus.Forms;

/// <summary>One problem of the data of a form, at a path, with a stable code and a translated message.</summary>
public sealed class FormError
{
    private static readonly ResourceManager Texts = new("Rathaus.Forms.Resources.FormMessages", typeof(FormError).Assembly);

    internal FormError(string path, string code, FormGroup? group = null, FormField? field = null, int? itemIndex = null,
        IReadOnlyDictionary<string, string>? arguments = null, FormRule? rule = null)
    {
        Path = path;
        Code = code;
        Group = group ?? field?.Group;
        Field = field;
        ItemIndex = itemIndex;
        Arguments = arguments ?? new Dictionary<string, string>();
        Rule = rule;
    }

    /// <summary>Where: <c>halter.name</c>, <c>hunde[1].chipnummer</c>, <c>halter.anschrift.postalCode</c>, a group (<c>hunde</c>), or empty for the form.</summary>
    public string Path { get; }

    /// <summary>What, as a stable code from <see cref="FormErrorCodes"/>.</summary>
    public string Code { get; }

    /// <summary>The field concerned, if any.</summary>
    public FormField? Field { get; }

    /// <summary>The group concerned, if any.</summary>
    public FormGroup? Group { get; }

    /// <summary>The 0-based item of a repeatable group, if any.</summary>
    public int? ItemIndex { get; }

    /// <summary>The rule that failed, for code <c>rule</c>.</summary>
    public FormRule? Rule { get; }

    /// <summary>
    /// Details in invariant form: <c>maxLength</c>, <c>minLength</c>, <c>min</c>, <c>max</c> (numbers, or dates
    /// YYYY-MM-DD), <c>maxFiles</c>, <c>minItems</c>, <c>maxItems</c>, <c>part</c> (an address part), <c>rule</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Arguments { get; }

    /// <summary>The message for a person, naming the field's label; German unless the culture is English.</summary>
    public string Message(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var text = MessageText(culture);
        if (ItemIndex is int index && Group is not null)
        {
            // "Hund 2: Geben Sie „Rasse“ an." — without it, two dogs' errors would read the same in the summary.
            var item = (Group.ItemTitle ?? Group.Title).Get(culture) + " " + (index + 1).ToString(culture);
            return item + ": " + text;
        }

        return text;
    }

    /// <inheritdoc />
    public override string ToString() => Path + ": " + Code;

    private string MessageText(CultureInfo culture)
    {
        if (Code == FormErrorCodes.Rule && Rule is not null)
        {
            return Rule.Message.Get(culture);
        }

        if (Code == FormErrorCodes.Pattern && Field?.PatternMessage is { } patternMessage)
        {
            return patternMessage.Get(culture);
        }

        var label = Field?.Label.Get(culture) ?? Group?.Title.Get(culture) ?? Path;
        if (Code == FormErrorCodes.Unknown)
        {
            label = Path;
        }
        else if (Arguments.TryGetValue("part", out var partName) && Code is not (FormErrorCodes.Required or FormErrorCodes.PostalCode))
        {
            label += ", " + (Texts.GetString("partName_" + partName, culture) ?? partName);
        }

        var key = Code switch
        {
            FormErrorCodes.Required => RequiredKey(),
            FormErrorCodes.Min or FormErrorCodes.Max when Field?.Kind == FormFieldKind.Date => Code + "Date",
            FormErrorCodes.MinItems or FormErrorCodes.MaxItems => Code + (Argument(Code) == "1" ? "One" : string.Empty),
            _ => Code,
        };

        var format = Texts.GetString(key, culture) ?? Texts.GetString(FormErrorCodes.Type, culture) ?? key;
        var second = Code switch
        {
            FormErrorCodes.MaxLength or FormErrorCodes.MinLength or FormErrorCodes.MaxFiles or FormErrorCodes.MinItems
                or FormErrorCodes.MaxItems => FormatNumber(Argument(Code), culture),
            FormErrorCodes.Min or FormErrorCodes.Max => Field?.Kind == FormFieldKind.Date ? FormatDate(Argument(Code), culture) : FormatNumber(Argument(Code), culture),
            FormErrorCodes.Required when Arguments.TryGetValue("part", out var part) => Texts.GetString("part_" + part, culture) ?? part,
            _ => string.Empty,
        };
        return string.Format(culture, format, label, second);
    }

    private string RequiredKey()
    {
        if (Arguments.ContainsKey("part"))
        {
            return "requiredPart";
        }

        return Field?.Kind switch
        {
            FormFieldKind.Select or FormFieldKind.Radio or FormFieldKind.YesNo => "requiredChoice",
            FormFieldKind.Checkbox when Field.IsSingleCheckbox => "requiredTick",
            FormFieldKind.Checkbox => "requiredChoices",
            FormFieldKind.File => "requiredFile",
            _ => "required",
        };
    }

    private string Argument(string name) => Arguments.TryGetValue(name, out var value) ? value : string.Empty;

    private static string FormatNumber(string invariant, CultureInfo culture) =>
        decimal.TryParse(invariant, NumberStyles.Number, CultureInfo.InvariantCulture, out var d)
            ? d.ToString("#,##0.##########", culture)
            : invariant;

    private static string FormatDate(string iso, CultureInfo culture) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString(culture.TwoLetterISOLanguageName == "en" ? "d MMMM yyyy" : "dd.MM.yyyy", culture)
            : iso;
}
