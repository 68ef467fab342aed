namespace Rathaus.Forms;

/// <summary>The stable codes of <see cref="FormError.Code"/>; API clients and example files rely on them.</summary>
public static class FormErrorCodes
{
    /// <summary>A required value is missing (a required single checkbox is not ticked).</summary>
    public const string Required = "required";

    /// <summary>A text is longer than the field's maxLength (argument <c>maxLength</c>).</summary>
    public const string MaxLength = "maxLength";

    /// <summary>A text is shorter than the field's minLength (argument <c>minLength</c>).</summary>
    public const string MinLength = "minLength";

    /// <summary>A value does not match the field's pattern.</summary>
    public const string Pattern = "pattern";

    /// <summary>Not a number.</summary>
    public const string Number = "number";

    /// <summary>A number with a fraction where a whole number is needed.</summary>
    public const string WholeNumber = "integer";

    /// <summary>An amount with more than two decimals.</summary>
    public const string Amount = "amount";

    /// <summary>Not a real date in the form YYYY-MM-DD.</summary>
    public const string Date = "date";

    /// <summary>Below the least value or before the earliest date (argument <c>min</c>, invariant).</summary>
    public const string Min = "min";

    /// <summary>Above the greatest value or after the latest date (argument <c>max</c>, invariant).</summary>
    public const string Max = "max";

    /// <summary>Not one of the options (also a yes/no answer that is neither).</summary>
    public const string Option = "option";

    /// <summary>Not a valid IBAN.</summary>
    public const string Iban = "iban";

    /// <summary>Not a German vehicle registration number.</summary>
    public const string Plate = "plate";

    /// <summary>Not a 15-digit transponder number.</summary>
    public const string Chip = "chip";

    /// <summary>Not an e-mail address.</summary>
    public const string Email = "email";

    /// <summary>Not a telephone number.</summary>
    public const string Phone = "phone";

    /// <summary>A postal code that is not 5 digits.</summary>
    public const string PostalCode = "postalCode";

    /// <summary>A text with control characters (or broken UTF-16); the kept value has them removed.</summary>
    public const string ControlCharacters = "controlCharacters";

    /// <summary>More files than the field's maxFiles (argument <c>maxFiles</c>).</summary>
    public const string MaxFiles = "maxFiles";

    /// <summary>A file reference that is not <c>{ id, name, contentType, size }</c>.</summary>
    public const string File = "file";

    /// <summary>Fewer items of a repeatable group than its min (argument <c>minItems</c>).</summary>
    public const string MinItems = "minItems";

    /// <summary>More items of a repeatable group than its max (argument <c>maxItems</c>).</summary>
    public const string MaxItems = "maxItems";

    /// <summary>A validate rule is false (argument <c>rule</c>: the rule id).</summary>
    public const string Rule = "rule";

    /// <summary>A key in the data that the form does not define; it is dropped.</summary>
    public const string Unknown = "unknown";

    /// <summary>A value of the wrong JSON type (a number where a group object is expected); it is dropped.</summary>
    public const string Type = "type";
}
