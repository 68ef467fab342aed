using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Rathaus.Mailbox;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Uploads;
using Rathaus.Platform.Web;
using Rathaus.Portal.Applications;

namespace Rathaus.Portal.Mailbox;

/// <summary>
/// One message: opening it marks it read and is written to the audit trail; a message of the department can be
/// answered with text and files (checked like application uploads). Bad input is shown with a message and stores
/// nothing; someone else's message is 404.
/// </summary>
[Authorize(Policy = Policies.Citizen)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes, ValueCountLimit = 200)]
[RequestSizeLimit(MaxRequestBytes)]
public sealed class MessageModel(CitizenMailbox mailbox, IUploadInspector uploads, CurrentTenant current, IStringLocalizer<MailboxText> text) : PageModel
{
    /// <summary>The largest answer post: the files one case may take and the text, with room to spare.</summary>
    public const long MaxRequestBytes = 64L * 1024 * 1024;

    public const string TextField = "antwort";

    public const string FilesField = "anhaenge";

    public MailboxMessage Message { get; private set; } = null!;

    /// <summary>The citizen's answers to this message, oldest first.</summary>
    public IReadOnlyList<MailboxMessage> Answers { get; private set; } = [];

    public FormErrors Errors { get; } = new();

    /// <summary>The text typed, shown again when the answer was refused.</summary>
    public string? Answer { get; private set; }

    public bool Sent { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid messageId, bool beantwortet, CancellationToken ct)
    {
        var tenant = current.Required.Id;
        var citizen = ApplicationFlow.CitizenOf(User)!.Value;
        if (await mailbox.ReadMessageAsync(tenant, citizen, messageId, HttpContext.TraceIdentifier, ct) is not { } message)
        {
            return NotFound();
        }
        Sent = beantwortet;
        await ShowAsync(message, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid messageId, CancellationToken ct)
    {
        var tenant = current.Required.Id;
        var citizen = ApplicationFlow.CitizenOf(User)!.Value;
        if (await mailbox.FindMessageAsync(tenant, citizen, messageId, ct) is not { ToCitizen: true } message)
        {
            return NotFound();
        }
        Answer = Request.Form[TextField].ToString();
        var body = Answer.Trim();
        if (body.Length == 0)
        {
            Errors.Add(TextField, text["Answer.Empty"]);
        }
        else if (body.Length > CitizenMailbox.MaxAnswerLength)
        {
            Errors.Add(TextField, text["Answer.TooLong", CitizenMailbox.MaxAnswerLength]);
        }
        else if (DraftText.HasControlCharacters(body))
        {
            // As in the forms: refused, and shown again without them so that the citizen can check and send.
            Errors.Add(TextField, text["Answer.ControlCharacters"]);
            Answer = DraftText.WithoutControlCharacters(Answer);
        }

        var files = new List<AnswerFile>();
        if (!Errors.Any)
        {
            var soFar = await mailbox.UploadsOfCaseAsync(tenant, message.CaseId, ct);
            foreach (var file in Request.Form.Files.Where(f => f.Name == FilesField && (f.Length > 0 || !string.IsNullOrEmpty(f.FileName))))
            {
                await using var stream = file.OpenReadStream();
                var result = await uploads.CheckAndStoreAsync(stream, file.FileName, soFar, ct);
                if (result.File is not { } stored)
                {
                    Errors.Add(FilesField, result.Rejection!.Message);
                    break;
                }
                soFar = soFar.Add(stored.Blob);
                files.Add(new AnswerFile(stored.FileName, stored.ContentType, stored.Blob.Size, stored.Blob.Sha256));
            }
        }

        if (!Errors.Any)
        {
            var result = await mailbox.AnswerAsync(tenant, citizen, messageId, body, files, text["Answer.SubjectPrefix"], HttpContext.TraceIdentifier, ct);
            switch (result.Outcome)
            {
                case AnswerOutcome.Answered:
                    return Redirect($"{Request.PathBase}/konto/postfach/{messageId}?beantwortet=true#antworten");
                case AnswerOutcome.NotFound:
                    return NotFound();
                case AnswerOutcome.Empty:
                    Errors.Add(TextField, text["Answer.Empty"]);
                    break;
                default:
                    Errors.Add(TextField, text["Answer.TooLong", CitizenMailbox.MaxAnswerLength]);
                    break;
            }
        }
        await ShowAsync(message, ct);
        return Page();
    }

    private async Task ShowAsync(MailboxMessage message, CancellationToken ct)
    {
        Message = message;
        var file = await mailbox.GetApplicationAsync(current.Required.Id, ApplicationFlow.CitizenOf(User)!.Value, message.CaseId, ct);
        Answers = file?.Messages.Where(m => m.InReplyTo == message.Id).ToList() ?? [];
    }
}
