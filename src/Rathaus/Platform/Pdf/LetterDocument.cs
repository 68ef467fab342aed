namespace Rathaus.Platform.Pdf;

/// <summary>
/// A letter or form of the authority as a PDF: with a <see cref="Recipient"/> a letter in DIN 5008 form B (address
/// field in the window, information block at the right), without one a form such as the receipt (Eingangsbestätigung):
/// letterhead, title, the <see cref="Info"/> lines, then the body. All texts are plain text, never markup.
/// </summary>
/// <param name="Subject">Betreff of a letter, title of a form; also the PDF's title.</param>
public sealed record LetterDocument(Letterhead Letterhead, string Subject, IReadOnlyList<LetterBlock> Body)
{
    /// <summary>Anschrift in the address field; null for a form without address.</summary>
    public RecipientAddress? Recipient { get; init; }

    /// <summary>Informationsblock: reference (Aktenzeichen), date, contact … — at the right of a letter, under the title of a form.</summary>
    public IReadOnlyList<InfoLine> Info { get; init; } = [];

    /// <summary>Fußzeile on every page, side by side: address, opening hours, bank details (Bankverbindung) ….</summary>
    public IReadOnlyList<FooterColumn> Footer { get; init; } = [];
}

/// <summary>Briefkopf of the tenant.</summary>
/// <param name="Authority">The authority's name, e.g. "Stadt Musterstadt".</param>
/// <param name="Lines">Under it, e.g. "Ordnungsamt", "Rathausplatz 1", "12345 Musterstadt".</param>
public sealed record Letterhead(string Authority, IReadOnlyList<string> Lines)
{
    /// <summary>Rücksendeangabe above the address in the window; by default the authority and its lines, joined by " · ".</summary>
    public string? ReturnAddress { get; init; }

    internal string EffectiveReturnAddress => ReturnAddress ?? string.Join(" · ", new[] { Authority }.Concat(Lines));
}

/// <summary>Anschrift: up to six lines (name, street, postcode and town, country).</summary>
public sealed record RecipientAddress(IReadOnlyList<string> Lines)
{
    /// <summary>Zusatz- und Vermerkzone under the return address, e.g. "Persönlich", at most two lines.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>One line of the information block, e.g. "Aktenzeichen" → "MST-HUND-2026-000123".</summary>
public sealed record InfoLine(string Label, string Value);

/// <summary>One column of the footer.</summary>
public sealed record FooterColumn(IReadOnlyList<string> Lines);

/// <summary>A piece of the body.</summary>
public abstract record LetterBlock;

/// <summary>A section heading; it never stands alone at the foot of a page.</summary>
public sealed record LetterHeading(string Text) : LetterBlock;

/// <summary>Running text; line breaks in it are kept, long lines wrap.</summary>
public sealed record LetterParagraph(string Text) : LetterBlock;

/// <summary>A bulleted list; an item that wraps continues under its own text, not under the bullet.</summary>
public sealed record LetterList(IReadOnlyList<string> Items) : LetterBlock;

/// <summary>Label/value rows, e.g. the fields of an application; values wrap, rows continue on the next page.</summary>
public sealed record LetterTable(IReadOnlyList<LetterTableRow> Rows) : LetterBlock;

public sealed record LetterTableRow(string Label, string Value);
