namespace Rathaus.Forms;

/// <summary>One choice of a select, radio or checkbox field.</summary>
/// <param name="Value">The value stored in the data.</param>
/// <param name="Label">What the citizen reads.</param>
public sealed record FormOption(string Value, LocalizedText Label);
