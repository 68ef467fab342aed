using Rathaus.Processes;

namespace Rathaus.Cases;

/// <summary>
/// The citizen's status of a case follows its process: the last milestone the instance reached goes to
/// <c>cases.milestone</c>, its end to <c>cases.closed_at</c> (docs/mailbox.md). A case whose instance is being started
/// in the submitting transaction has no instance id yet; it is found by its reference, the instance's business key.
/// </summary>
internal sealed class CaseMilestones : IMilestoneProjection
{
    public string Sql => """
        UPDATE cases SET milestone = coalesce($3, milestone), closed_at = coalesce(closed_at, $4)
        WHERE process_instance_id = $1 OR (process_instance_id IS NULL AND $2::text IS NOT NULL AND reference = $2)
        """;
}
