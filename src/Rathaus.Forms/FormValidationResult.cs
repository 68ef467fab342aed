using System.Text.Json.Nodes;

namespace Rathaus.Forms;

/// <summary>The outcome of <see cref="FormValidator.Validate"/>.</summary>
public sealed class FormValidationResult
{
    internal FormValidationResult(IReadOnlyList<FormError> errors, JsonObject data)
    {
        Errors = errors;
        Data = data;
    }

    /// <summary>Every problem, in the order of the form (page, group, item, field).</summary>
    public IReadOnlyList<FormError> Errors { get; }

    /// <summary>
    /// The data to keep: valid values normalised (trimmed, IBAN without spaces, dates ISO), invalid values as entered
    /// so a page can show them again, hidden groups and fields and unknown keys removed, missing values left out.
    /// </summary>
    public JsonObject Data { get; }

    /// <summary>True when there is no error.</summary>
    public bool IsValid => Errors.Count == 0;
}
