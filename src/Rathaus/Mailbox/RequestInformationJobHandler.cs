using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Rathaus.Bpmn.Runtime;
using Rathaus.Cases;
using Rathaus.Forms;
using Rathaus.Notices;
using Rathaus.Processes;

namespace Rathaus.Mailbox;

/// <summary>
/// Service task type <c>rathaus:request-information</c> (Nachforderung): delivers an <c>information_request</c> to the
/// citizen's mailbox with the text and reply date the caseworker chose (variables <c>nachforderungText</c> and
/// <c>nachforderungFristTage</c>, names changeable by the headers <c>textVariable</c> and <c>daysVariable</c>; the
/// headers <c>text</c> and <c>days</c> give fixed values). With the header <c>reminder="true"</c> it reminds of the
/// open request instead, keeping its reply date. Returns <c>nachforderungNachrichtId</c> and <c>nachforderungFrist</c>
/// (a reminder: <c>erinnerungNachrichtId</c>). The citizen's answer arrives as the message
/// <see cref="CitizenMailbox.AnswerMessage"/> (docs/mailbox.md). A case without a citizen account has no mailbox: the
/// job throws the BPMN error <c>kein-postfach</c>.
/// </summary>
public sealed class RequestInformationJobHandler(CaseLookup cases, CitizenMailbox mailbox, IStringLocalizer<MailboxText> text, TimeProvider time)
    : ITenantJobHandler
{
    public const string TaskType = "rathaus:request-information";

    /// <summary>The BPMN error code when the case has no mailbox to write to.</summary>
    public const string NoMailboxError = "kein-postfach";

    private const int DefaultDays = 14;

    public async Task<JsonObject?> HandleAsync(TenantJobContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var variables = context.Variables;
        var headers = context.Headers;
        var caseId = CaseLetterSources.CaseIdOf(variables);
        var facts = await cases.FindAsync(context.TenantId, caseId, ct)
            ?? throw new InvalidOperationException($"Case {caseId} does not exist.");
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(facts.Language == "en" ? "en" : "de");
        var reminder = headers.TryGetValue("reminder", out var flag) && bool.TryParse(flag, out var isReminder) && isReminder;

        var textVariable = Header(headers, "textVariable") ?? "nachforderungText";
        var requestText = Text(variables[textVariable]) ?? Header(headers, "text")
            ?? throw new InvalidOperationException($"The request needs its text: the variable '{textVariable}' (e.g. from the caseworker's task form) or the header 'text'.");
        var due = reminder && NoticeFormats.ParseDate(variables["nachforderungFrist"]) is { } kept
            ? kept
            : FormClock.Today(time).AddDays(Days(variables, headers));
        var culture = NoticeTemplates.CultureFor(facts.Language);
        var dueText = NoticeFormats.Date(due, culture)!;
        var subject = Header(headers, "subject") ?? text[reminder ? "Request.ReminderSubject" : "Request.Subject", facts.Reference].Value;
        var body = text[reminder ? "Request.ReminderBody" : "Request.Body", requestText, dueText].Value;

        var delivery = await mailbox.DeliverAsync(context.TenantId, new OutgoingMessage(caseId, MessageKinds.InformationRequest, subject, body)
        {
            ReplyDue = due,
            JobId = context.Job.Id,
        }, ct) ?? throw new BpmnErrorException(NoMailboxError,
            $"Case {facts.Reference} has no citizen account, so there is no mailbox for the request; ask by other means.");

        return reminder
            ? new JsonObject { ["erinnerungNachrichtId"] = delivery.MessageId.ToString() }
            : new JsonObject
            {
                ["nachforderungNachrichtId"] = delivery.MessageId.ToString(),
                ["nachforderungFrist"] = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
    }

    private static int Days(JsonObject variables, IReadOnlyDictionary<string, string> headers)
    {
        var name = Header(headers, "daysVariable") ?? "nachforderungFristTage";
        var value = NoticeFormats.Number(variables[name]) ?? NoticeFormats.Number(Header(headers, "days"));
        if (value is null)
        {
            return DefaultDays;
        }
        if (value is < 1 or > 365 || value != decimal.Truncate(value.Value))
        {
            throw new InvalidOperationException($"The reply period '{name}' must be a whole number of days from 1 to 365, not {value}.");
        }
        return (int)value.Value;
    }

    private static string? Header(IReadOnlyDictionary<string, string> headers, string key) =>
        headers.TryGetValue(key, out var value) && value.Trim().Length > 0 ? value.Trim() : null;

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && s.Trim().Length > 0 ? s.Trim() : null;
}
