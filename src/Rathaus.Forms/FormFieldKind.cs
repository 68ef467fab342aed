namespace Rathaus.Forms;

/// <summary>What kind of input a field is (FIM: Feldart); decides the HTML control, the value and the checks.</summary>
public enum FormFieldKind
{
    /// <summary><c>text</c>: one line of text.</summary>
    Text,

    /// <summary><c>multiline</c>: several lines of text (a textarea).</summary>
    Multiline,

    /// <summary><c>number</c>: a number, integer or decimal.</summary>
    Number,

    /// <summary><c>amount</c>: an amount in euros with at most two decimals.</summary>
    Amount,

    /// <summary><c>date</c>: a calendar date, stored as <c>YYYY-MM-DD</c>.</summary>
    Date,

    /// <summary><c>select</c>: one option from a drop-down list.</summary>
    Select,

    /// <summary><c>radio</c>: one option from a radio group.</summary>
    Radio,

    /// <summary><c>checkbox</c>: with options a list of ticked option values, without options one box (true/false).</summary>
    Checkbox,

    /// <summary><c>yesno</c>: a yes/no question (true/false).</summary>
    YesNo,

    /// <summary><c>file</c>: a list of references to uploaded attachments.</summary>
    File,

    /// <summary><c>address</c>: street, house number, postal code and city.</summary>
    Address,

    /// <summary><c>email</c>: an e-mail address.</summary>
    Email,

    /// <summary><c>phone</c>: a telephone number.</summary>
    Phone,

    /// <summary><c>iban</c>: an IBAN (ISO 13616), stored upper case without spaces.</summary>
    Iban,

    /// <summary><c>plate</c>: a German vehicle registration number (Kfz-Kennzeichen), stored as <c>MS-AB 123</c>.</summary>
    Plate,

    /// <summary><c>chip</c>: an animal transponder number (ISO 11784/11785), 15 digits.</summary>
    Chip,
}

// The members are the data types' names in the format (integer, decimal, object), not .NET types.
#pragma warning disable CA1720

/// <summary>The type of a field's value in the data (FIM: Datentyp).</summary>
public enum FormDataType
{
    /// <summary><c>text</c>: a JSON string.</summary>
    Text,

    /// <summary><c>integer</c>: a JSON number without fraction.</summary>
    Integer,

    /// <summary><c>decimal</c>: a JSON number.</summary>
    Decimal,

    /// <summary><c>date</c>: a JSON string <c>YYYY-MM-DD</c>.</summary>
    Date,

    /// <summary><c>boolean</c>: true or false.</summary>
    Boolean,

    /// <summary><c>list</c>: a JSON array of option values.</summary>
    List,

    /// <summary><c>file</c>: a JSON array of attachment references.</summary>
    File,

    /// <summary><c>object</c>: a JSON object (an address).</summary>
    Object,
}
#pragma warning restore CA1720
