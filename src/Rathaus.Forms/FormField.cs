using System.Text.RegularExpressions;
using Rathaus.Bpmn.Feel;

namespace Rathaus.Forms;

/// <summary>One input of a form (FIM: Datenfeld). Immutable; read from a definition by <see cref="FormDefinition.Parse"/>.</summary>
public sealed class FormField
{
    internal FormField(
        string id,
        FormFieldKind kind,
        FormDataType dataType,
        LocalizedText label,
        LocalizedText? hint,
        bool required,
        FeelExpression? require,
        FeelExpression? show,
        int? minLength,
        int? maxLength,
        string? pattern,
        LocalizedText? patternMessage,
        decimal? minNumber,
        decimal? maxNumber,
        FormDateBound? minDate,
        FormDateBound? maxDate,
        IReadOnlyList<FormOption> options,
        string? codeList,
        int maxFiles,
        string? autocomplete,
        string? fim)
    {
        Id = id;
        Kind = kind;
        DataType = dataType;
        Label = label;
        Hint = hint;
        Required = required;
        Require = require;
        Show = show;
        MinLength = minLength;
        MaxLength = maxLength ?? DefaultMaxLength(kind);
        Pattern = pattern;
        PatternMessage = patternMessage;
        MinNumber = minNumber;
        MaxNumber = maxNumber;
        MinDate = minDate;
        MaxDate = maxDate;
        Options = options.ToList().AsReadOnly();
        CodeList = codeList;
        MaxFiles = maxFiles;
        Autocomplete = autocomplete;
        Fim = fim;
        if (pattern is not null)
        {
            PatternRegex = CreateRegex(pattern);
        }
    }

    /// <summary>The field's id, unique in its group; the key in the group's data.</summary>
    public string Id { get; }

    /// <summary>The kind of input (FIM: Feldart).</summary>
    public FormFieldKind Kind { get; }

    /// <summary>The type of the value (FIM: Datentyp).</summary>
    public FormDataType DataType { get; }

    /// <summary>The label.</summary>
    public LocalizedText Label { get; }

    /// <summary>The help text below the label, if any.</summary>
    public LocalizedText? Hint { get; }

    /// <summary>True when the field must always be filled in (while it is shown).</summary>
    public bool Required { get; }

    /// <summary>FEEL: the field is required while this is true.</summary>
    public FeelExpression? Require { get; }

    /// <summary>FEEL: the field exists only while this is true.</summary>
    public FeelExpression? Show { get; }

    /// <summary>The least number of characters of a text, if set.</summary>
    public int? MinLength { get; }

    /// <summary>The most characters of a text value: as defined, or the built-in limit of the kind; null for kinds without text.</summary>
    public int? MaxLength { get; }

    /// <summary>The .NET regular expression the whole trimmed value must match, as written.</summary>
    public string? Pattern { get; }

    /// <summary>The message shown when <see cref="Pattern"/> does not match, if any.</summary>
    public LocalizedText? PatternMessage { get; }

    /// <summary>The least value of a number or amount.</summary>
    public decimal? MinNumber { get; }

    /// <summary>The greatest value of a number or amount.</summary>
    public decimal? MaxNumber { get; }

    /// <summary>The earliest date of a date field.</summary>
    public FormDateBound? MinDate { get; }

    /// <summary>The latest date of a date field.</summary>
    public FormDateBound? MaxDate { get; }

    /// <summary>The options of a select, radio or checkbox field (empty for others and for a single checkbox).</summary>
    public IReadOnlyList<FormOption> Options { get; }

    /// <summary>The URN of the FIM/XÖV code list the options come from, if any.</summary>
    public string? CodeList { get; }

    /// <summary>The most files a file field takes.</summary>
    public int MaxFiles { get; }

    /// <summary>The HTML autocomplete token, if any.</summary>
    public string? Autocomplete { get; }

    /// <summary>The FIM Datenfeld id this field realises, if any.</summary>
    public string? Fim { get; }

    /// <summary>The group this field belongs to.</summary>
    public FormGroup Group { get; internal set; } = null!;

    /// <summary>The field's path in the data: <c>group.field</c>; in a repeatable group use <see cref="PathAt"/>.</summary>
    public string Path => Group.Id + "." + Id;

    /// <summary>True for a checkbox without options: one box whose value is true or false.</summary>
    public bool IsSingleCheckbox => Kind == FormFieldKind.Checkbox && Options.Count == 0;

    internal Regex? PatternRegex { get; }

    /// <summary>The field's path for an item of a repeatable group (<c>hunde[1].rasse</c>); the plain path when index is null.</summary>
    public string PathAt(int? index) =>
        index is int i ? Group.Id + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]." + Id : Path;

    /// <summary>The option with a value, if any.</summary>
    public FormOption? FindOption(string value) => Options.FirstOrDefault(o => o.Value == value);

    /// <summary>The built-in longest text of a kind: what a person can reasonably need, and no more.</summary>
    public static int? DefaultMaxLength(FormFieldKind kind) => kind switch
    {
        FormFieldKind.Text => 200,
        FormFieldKind.Multiline => 4000,
        FormFieldKind.Email => 254,
        FormFieldKind.Phone => 30,
        FormFieldKind.Iban => 42,
        FormFieldKind.Plate => 20,
        FormFieldKind.Chip => 20,
        FormFieldKind.Select or FormFieldKind.Radio or FormFieldKind.Checkbox => 200,
        _ => null,
    };

    // Non-backtracking: a pattern cannot make the server spin on a hostile value (no ReDoS).
    internal static Regex CreateRegex(string pattern) =>
        new(@"\A(?:" + pattern + @")\z", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    /// <inheritdoc />
    public override string ToString() => Path;
}
