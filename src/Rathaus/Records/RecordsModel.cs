namespace Rathaus.Records;

/// <summary>A file (Akte) in a listing.</summary>
/// <param name="DisposalDue">When its retention ends (set once a procedure of it is closed); null while open.</param>
/// <param name="Origin"><c>case</c> (filed from cases) or <c>import</c> (an xdomea message).</param>
/// <param name="DisposedAt">Set when the file was disposed of: it is then a tombstone (no procedures, a title without personal data;
/// <c>GET /api/v1/records/disposals/{id}</c> has the rest).</param>
public sealed record RecordFileSummary(Guid Id, string FilePlanNumber, string Title, string Reference, DateOnly OpenedOn, DateOnly? ClosedOn,
    DateOnly? DisposalDue, string? Disposal, string Origin, int Procedures, int OpenProcedures, DateTimeOffset? DisposedAt = null);

/// <summary>A file (Akte) with its procedures and documents.</summary>
public sealed record RecordFile(Guid Id, string FilePlanNumber, string Title, string Reference, string? DepartmentKey, DateOnly OpenedOn,
    DateOnly? ClosedOn, DateOnly? DisposalDue, int? RetentionYears, string? Disposal, string Origin, IReadOnlyList<RecordProcedure> Procedures)
{
    /// <summary>Set when the file was disposed of: a tombstone without procedures.</summary>
    public DateTimeOffset? DisposedAt { get; init; }
}

/// <summary>A procedure (Vorgang); <paramref name="CaseId"/> is set when it is a case.</summary>
public sealed record RecordProcedure(Guid Id, Guid? CaseId, string Title, string Reference, string? Type, DateOnly OpenedOn, DateOnly? ClosedOn,
    IReadOnlyList<RecordDocument> Documents);

/// <summary>A document (Dokument) with its records metadata and every version, oldest first.</summary>
/// <param name="Type">Kind of document: <c>evidence</c>, <c>receipt</c>, <c>notice</c>, <c>reply</c> for case documents, free text otherwise.</param>
/// <param name="Channel">How it came or went: <c>portal</c>, <c>api</c>, <c>xdomea</c>, …</param>
/// <param name="FromCase">True for a case document (its version 1 is the case's document).</param>
public sealed record RecordDocument(Guid Id, string Title, string? Type, string? Author, DateOnly? ReceivedOn, DateOnly? SentOn, string? Channel,
    string? Reference, string FilePlanNumber, bool FromCase, IReadOnlyList<DocumentVersion> Versions)
{
    public DocumentVersion Current => Versions[^1];
}

/// <summary>One immutable version of a document: its content is the blob with this SHA-256.</summary>
public sealed record DocumentVersion(int Version, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset CreatedAt,
    string CreatedBy, string? Comment);
