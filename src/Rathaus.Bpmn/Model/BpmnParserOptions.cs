namespace Rathaus.Bpmn.Model;

/// <summary>Limits applied while reading untrusted BPMN XML.</summary>
public sealed record BpmnParserOptions
{
    /// <summary>The defaults: 10 MB, depth 200.</summary>
    public static readonly BpmnParserOptions Default = new();

    /// <summary>Largest accepted input in bytes.</summary>
    public long MaxInputBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Deepest accepted element nesting.</summary>
    public int MaxDepth { get; init; } = 200;
}
