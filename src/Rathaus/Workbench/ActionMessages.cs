using Microsoft.Extensions.Localization;

namespace Rathaus.Workbench;

/// <summary>Why a task action changed nothing, in words for the person who tried it.</summary>
internal static class ActionMessages
{
    public static string Of(TaskActionResult result, IStringLocalizer<WorkbenchText> text) => result.Outcome switch
    {
        TaskActionOutcome.Ended => text["Action.Ended", result.Task?.Title ?? ""],
        TaskActionOutcome.ClaimedByOther => text["Action.ClaimedByOther", result.Task?.AssigneeName ?? result.Task?.Assignee ?? ""],
        TaskActionOutcome.NotAllowed => text["Action.NotAllowed"],
        TaskActionOutcome.NotMember => text["Action.NotMember"],
        _ => text["Action.Stale"],
    };
}
