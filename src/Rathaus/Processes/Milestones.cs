using Rathaus.Bpmn.Execution;
using Rathaus.Bpmn.Model;

namespace Rathaus.Processes;

/// <summary>
/// Keeps another module's rows in step with the milestones of process instances, in the transaction that writes the
/// instance (the cases module: the citizen's status of a case). A milestone (Meilenstein) is a named none intermediate
/// throw event or a named end event (not an error end event) that the instance reached; the instance's end counts too.
/// </summary>
public interface IMilestoneProjection
{
    /// <summary>
    /// One SQL statement with the parameters $1 instance id (text), $2 business key (text or null), $3 the name of the
    /// last milestone reached (text or null when the instance only ended), $4 when the instance ended (timestamptz or null).
    /// </summary>
    string Sql { get; }
}

/// <summary>Finds the milestone an engine step reached.</summary>
internal static class Milestones
{
    /// <summary>The name of the last milestone among the effects, or null.</summary>
    public static string? Reached(DeployedProcess process, IReadOnlyList<EngineEffect> effects)
    {
        string? reached = null;
        foreach (var effect in effects)
        {
            if (effect is HistoryEvent { Kind: HistoryEventKind.Entered, ElementType: "intermediateThrowEvent" or "endEvent" } history
                && process.FindNode(history.ElementId) is BpmnEvent { Name: { Length: > 0 } name } node
                && IsMilestone(node))
            {
                reached = name.Trim();
            }
        }
        return reached;
    }

    private static bool IsMilestone(BpmnEvent node) => node.ElementType == "endEvent"
        ? node.EventDefinitions.All(d => d.Kind != EventDefinitionKind.Error)
        : node.EventDefinitions.Count == 0;
}
