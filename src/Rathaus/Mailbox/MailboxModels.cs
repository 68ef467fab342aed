namespace Rathaus.Mailbox;

/// <summary>The kinds of mailbox messages (column <c>mailbox_messages.kind</c>).</summary>
public static class MessageKinds
{
    /// <summary>A notice (Bescheid) with its PDF.</summary>
    public const string Notice = "notice";

    /// <summary>A request for more information (Nachforderung) with a reply date.</summary>
    public const string InformationRequest = "information_request";

    /// <summary>The citizen's answer.</summary>
    public const string Reply = "reply";

    /// <summary>Any other message of the department.</summary>
    public const string Message = "message";
}

/// <summary>A message of the administration to the citizen of a case.</summary>
/// <param name="CaseId">The case; the message goes to the case's citizen account.</param>
/// <param name="Kind">One of <see cref="MessageKinds"/> except <see cref="MessageKinds.Reply"/>.</param>
/// <param name="Subject">1–300 characters.</param>
/// <param name="Body">Plain text, at most 20,000 characters.</param>
public sealed record OutgoingMessage(Guid CaseId, string Kind, string Subject, string Body)
{
    /// <summary>Documents of the case shown with the message (the notice PDF); the citizen may read them from then on.</summary>
    public IReadOnlyList<Guid> DocumentIds { get; init; } = [];

    /// <summary>For an information request: the date by which the citizen should answer.</summary>
    public DateOnly? ReplyDue { get; init; }

    /// <summary>A staff account id, or <c>system</c> for a process.</summary>
    public string SentBy { get; init; } = "system";

    /// <summary>The role a staff member sends in, for the audit trail (e.g. <c>caseworker:ordnungsamt</c>).</summary>
    public string? SenderRole { get; init; }

    /// <summary>The process job that sends it: the same job again delivers nothing new.</summary>
    public string? JobId { get; init; }

    /// <summary>The request's correlation id, for the audit trail.</summary>
    public string? CorrelationId { get; init; }
}

/// <summary>A delivered message.</summary>
/// <param name="IsNew">False when the job had delivered it before (nothing was written, no e-mail is due).</param>
public sealed record Delivery(Guid MessageId, Guid CaseId, Guid CitizenId, bool IsNew);

/// <summary>A document of a case as the mailbox shows it.</summary>
public sealed record MailboxDocument(Guid Id, Guid CaseId, string Kind, string Title, string FileName, string ContentType, long Size,
    DateTimeOffset CreatedAt, string Sha256)
{
    /// <summary>Shown in the browser (PDF, images) rather than saved.</summary>
    public bool ShowsInline => ContentType is "application/pdf" or "image/png" or "image/jpeg";
}

/// <summary>A message in the mailbox.</summary>
/// <param name="Direction"><c>to_citizen</c> or <c>from_citizen</c>.</param>
/// <param name="SentBy">A staff account id, <c>system</c>, or the citizen's account id.</param>
/// <param name="ReadAt">When the citizen first opened a message to them; null while unread (and for the citizen's own).</param>
public sealed record MailboxMessage(
    Guid Id,
    Guid CaseId,
    string CaseReference,
    string Direction,
    string Kind,
    string Subject,
    string Body,
    IReadOnlyList<MailboxDocument> Documents,
    DateOnly? ReplyDue,
    Guid? InReplyTo,
    string SentBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt)
{
    public bool ToCitizen => Direction == "to_citizen";

    public bool Unread => ToCitizen && ReadAt is null;
}

/// <summary>Where an application stands for the citizen.</summary>
public enum ApplicationStage
{
    /// <summary>Eingegangen: submitted, no milestone yet.</summary>
    Received,

    /// <summary>The process passed a named milestone (<see cref="ApplicationStatus.Milestone"/>).</summary>
    Milestone,

    /// <summary>Rückfrage offen: the department asked for more information and the citizen has not answered.</summary>
    InformationRequested,

    /// <summary>Abgeschlossen: the process has ended.</summary>
    Closed,
}

/// <summary>The status of an application: the stage and what it rests on.</summary>
/// <param name="Milestone">The last milestone the process passed (name of a none intermediate throw event or end event).</param>
/// <param name="ReplyDue">For an open information request: by when to answer.</param>
public sealed record ApplicationStatus(ApplicationStage Stage, string? Milestone, DateOnly? ReplyDue, DateTimeOffset? ClosedAt);

/// <summary>One of the citizen's applications.</summary>
/// <param name="Unread">Messages of the case to the citizen not opened yet.</param>
public sealed record CitizenApplication(Guid CaseId, string Reference, string ServiceId, string ServiceVersion, DateTimeOffset SubmittedAt,
    ApplicationStatus Status, int Unread);

/// <summary>An application with its messages (oldest first) and the documents the citizen may read.</summary>
public sealed record CitizenApplicationFile(CitizenApplication Application, IReadOnlyList<MailboxMessage> Messages, IReadOnlyList<MailboxDocument> Documents);

/// <summary>A document opened for reading; the caller disposes <see cref="Content"/>.</summary>
public sealed record OpenedDocument(MailboxDocument Document, Stream Content);

/// <summary>How an answer went.</summary>
public enum AnswerOutcome
{
    /// <summary>Stored (and the waiting process, if any, continued).</summary>
    Answered,

    /// <summary>No such message to this citizen: unknown, someone else's, or the citizen's own.</summary>
    NotFound,

    /// <summary>Neither text nor files.</summary>
    Empty,

    /// <summary>The text is longer than <see cref="CitizenMailbox.MaxAnswerLength"/>.</summary>
    TooLong,
}

/// <summary>The result of <see cref="CitizenMailbox.AnswerAsync"/>.</summary>
/// <param name="ReplyId">The citizen's reply message when answered.</param>
/// <param name="ContinuedInstance">The process instance that waited for the answer and continued; null when none waited.</param>
public sealed record AnswerResult(AnswerOutcome Outcome, Guid? ReplyId = null, string? ContinuedInstance = null);

/// <summary>A file of an answer, already checked and in the blob store (<c>IUploadInspector</c>).</summary>
public sealed record AnswerFile(string FileName, string ContentType, long Size, string Sha256);
