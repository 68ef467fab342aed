using Microsoft.Extensions.Localization;
using Rathaus.Platform.Identity;

namespace Rathaus.Privacy;

/// <summary>An entry of the data cockpit in words: who (department and role), what, why.</summary>
public sealed record CitizenAccessLine(long Id, DateTimeOffset At, string Who, string What, string Why, string? Reference, bool BySelf);

/// <summary>
/// Puts audit entries into the citizen's words, in the page's language. Departments and roles are named, members of
/// staff are not (docs/privacy.md); unknown actions and purposes are shown as they were recorded rather than hidden.
/// </summary>
public sealed class CitizenAccessText(IStringLocalizer<PrivacyText> text)
{
    /// <summary>Purpose of a sign-in entry.</summary>
    public const string SignInPurpose = "sign-in";

    /// <summary>Purpose of the citizen's data export (Auskunft nach Art. 15 DSGVO).</summary>
    public const string ExportPurpose = "gdpr:art15";

    public CitizenAccessLine Describe(CitizenAccess entry, IReadOnlyDictionary<string, string> departments)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(departments);
        return new CitizenAccessLine(entry.Id, entry.At, Who(entry, departments), What(entry), Why(entry), entry.CaseReference, entry.BySelf);
    }

    private string Who(CitizenAccess e, IReadOnlyDictionary<string, string> departments)
    {
        if (e.BySelf)
        {
            return text["Who.Self"];
        }
        string Name(string key) => departments.TryGetValue(key, out var name) ? name : key;
        var caseDepartment = e.DepartmentName ?? e.DepartmentKey;
        switch (e.ActorKind)
        {
            case "staff":
                var named = CitizenAccessLog.DepartmentsOf(e.ActorRole);
                if (named.Count > 0)
                {
                    return text["Who.Caseworker", string.Join(", ", named.Select(Name))];
                }
                var role = e.ActorRole switch
                {
                    Roles.Auditor => text["Role.Auditor"].Value,
                    Roles.RecordsManager => text["Role.RecordsManager"].Value,
                    Roles.TenantAdmin => text["Role.TenantAdmin"].Value,
                    Roles.TeamLead => text["Role.TeamLead"].Value,
                    _ => null,
                };
                return role is not null ? text["Who.Role", role] : caseDepartment is not null ? text["Who.Department", caseDepartment] : text["Who.Staff"];
            case "system":
                return caseDepartment is not null ? text["Who.System", caseDepartment] : text["Who.SystemOnly"];
            case "citizen":
                return text["Who.Applicant"];
            case "api":
                return text["Who.Api"];
            default:
                return text["Who.Anonymous"];
        }
    }

    private string What(CitizenAccess e)
    {
        var document = e.DocumentName ?? (e.HasDocument ? text["What.SomeDocument"].Value : "");
        var fields = e.TransferFields is { Length: > 0 } f ? string.Join(", ", f) : "";
        return e.Action switch
        {
            "case.submitted" => text["What.Submitted", e.CaseReference ?? ""],
            "case.viewed" => text["What.CaseViewed", e.CaseReference ?? ""],
            "document.viewed" => text["What.DocumentViewed", document],
            "document.printed" => text["What.DocumentPrinted", document],
            "document.downloaded" => text["What.DocumentDownloaded", document],
            "document.delivered" => text["What.DocumentDelivered", document],
            "notice.created" => text["What.NoticeCreated", document],
            "message.delivered" => text["What.MessageDelivered"],
            "message.read" => text["What.MessageRead"],
            "message.answered" => text["What.MessageAnswered"],
            "case.note.added" => text["What.NoteAdded"],
            "task.completed" => text["What.TaskCompleted"],
            "case.transferred" => text["What.Transferred", e.TransferToName ?? "", fields],
            "case.received" => text["What.Received", e.TransferFromName ?? "", e.TransferFromReference ?? "", fields],
            "account.signed-in" => text["What.SignedIn"],
            "account.exported" => text["What.Exported"],
            var other when other.StartsWith("records.", StringComparison.Ordinal) => text["What.Records", other],
            var other => text["What.Other", other],
        };
    }

    private string Why(CitizenAccess e)
    {
        if (e.LegalBasis is not null)
        {
            return text["Why.LegalBasis", e.LegalBasis];
        }
        var purpose = e.Purpose;
        return purpose switch
        {
            "Sachbearbeitung" => text["Why.Casework"],
            SignInPurpose => text["Why.SignIn"],
            ExportPurpose => text["Why.Export"],
            _ when purpose.StartsWith("applicant:", StringComparison.Ordinal) => text["Why.Own"],
            _ when purpose.StartsWith("application:", StringComparison.Ordinal) => text["Why.Application"],
            _ when purpose.StartsWith("process:", StringComparison.Ordinal) => text["Why.Process"],
            _ when purpose.StartsWith("mailbox:", StringComparison.Ordinal) => text["Why.Mailbox"],
            _ => purpose,
        };
    }
}
