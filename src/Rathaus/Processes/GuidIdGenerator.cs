using Rathaus.Bpmn.Execution;

namespace Rathaus.Processes;

/// <summary>Ids that are unique across nodes without coordination; version 7 keeps them roughly in creation order for the indexes.</summary>
public sealed class GuidIdGenerator : IIdGenerator
{
    public string NewId(string kind) => Guid.CreateVersion7().ToString();
}
