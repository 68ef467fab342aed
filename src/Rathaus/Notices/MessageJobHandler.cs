using System.Text.Json.Nodes;
using Rathaus.Bpmn.Runtime;
using Rathaus.Mailbox;
using Rathaus.Processes;

namespace Rathaus.Notices;

/// <summary>
/// Service task type <c>rathaus:message</c>: a plain mailbox message to the citizen of the case, from the package
/// template named by the header <c>template</c> (its subject line becomes the subject, the rest the text; no PDF).
/// For confirmations, reminders and notes that are no notice. Returns <c>messageId</c>; a case without a citizen
/// account throws the BPMN error <c>kein-postfach</c>.
/// </summary>
public sealed class MessageJobHandler(CaseLetterSources sources, CitizenMailbox mailbox, TimeProvider time) : ITenantJobHandler
{
    public const string TaskType = "rathaus:message";

    public async Task<JsonObject?> HandleAsync(TenantJobContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caseId = CaseLetterSources.CaseIdOf(context.Variables);
        var name = context.Headers.TryGetValue("template", out var header) && header.Trim().Length > 0
            ? header.Trim()
            : throw new InvalidOperationException("A rathaus:message task names its template with the header 'template'.");
        var source = await sources.LoadAsync(context.TenantId, caseId, ct);
        var file = NoticeTemplates.Find(source.Service.Templates, name, source.Case.Language)
            ?? throw new InvalidOperationException($"The service package {source.Service.Service.Id} has no template templates/{name}.{source.Case.Language}.hbs or templates/{name}.de.hbs.");
        var model = NoticeModel.Build(source, context.Variables, NoticeTemplates.LanguageOf(file), time);
        var message = NoticeText.Parse(NoticeTemplates.Render(source.Service.Templates, file, model));
        var delivery = await mailbox.DeliverAsync(context.TenantId, new OutgoingMessage(caseId, MessageKinds.Message, message.Subject, message.PlainText())
        {
            JobId = context.Job.Id,
        }, ct) ?? throw new BpmnErrorException(RequestInformationJobHandler.NoMailboxError,
            $"Case {source.Case.Reference} has no citizen account, so there is no mailbox for the message.");
        return new JsonObject { ["messageId"] = delivery.MessageId.ToString() };
    }
}
