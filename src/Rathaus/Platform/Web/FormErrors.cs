namespace Rathaus.Platform.Web;

/// <summary>A page's validation errors, in field order, for the error summary and the fields.</summary>
public sealed class FormErrors
{
    private readonly List<(string Field, string Message)> _errors = [];

    public IReadOnlyList<(string Field, string Message)> All => _errors;

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message) => _errors.Add((field, message));

    public string? For(string field) => _errors.FirstOrDefault(e => e.Field == field).Message;
}

/// <summary>One labelled input for the <c>_Field</c> partial; <see cref="Name"/> is its id, <see cref="InputName"/> (default: the id) the posted name.</summary>
public sealed record FieldModel(
    string Name,
    string Label,
    string? Value,
    string? Error,
    string Type = "text",
    string? Hint = null,
    string? Autocomplete = null,
    bool Required = true,
    string? InputName = null);
