using System.Text;
using Rathaus.Platform.Pdf;

namespace Rathaus.Notices;

/// <summary>
/// A rendered template read as the template format (docs/notices.md): address lines <c>&gt; …</c> before the subject,
/// the subject <c># …</c>, then paragraphs separated by blank lines, headings <c>## …</c>, lists <c>- …</c>, tables
/// <c>| label | value |</c>, and after a line <c>---</c> the closing part (legal remedy instruction, greeting).
/// </summary>
/// <param name="AddressLines">The recipient as the template gives it (used when the process sets no <c>recipient</c>).</param>
/// <param name="Subject">Betreff.</param>
/// <param name="Body">The text before <c>---</c>: decision, reasons.</param>
/// <param name="Closing">The text after <c>---</c>; a fee block goes between body and closing.</param>
public sealed record NoticeText(IReadOnlyList<string> AddressLines, string Subject, IReadOnlyList<LetterBlock> Body, IReadOnlyList<LetterBlock> Closing)
{
    private const char Mark = NoticeTemplates.ValueMark;

    /// <summary>Reads rendered template text; throws <see cref="NoticeTemplateException"/> when it has no subject line or two.</summary>
    public static NoticeText Parse(string rendered)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        var address = new List<string>();
        string? subject = null;
        var body = new List<LetterBlock>();
        var closing = new List<LetterBlock>();
        var blocks = body;
        var paragraph = new StringBuilder();
        var list = new List<string>();
        var table = new List<LetterTableRow>();

        void Flush()
        {
            if (paragraph.Length > 0)
            {
                blocks.Add(new LetterParagraph(Clean(paragraph.ToString())));
                paragraph.Clear();
            }
            if (list.Count > 0)
            {
                blocks.Add(new LetterList(list.ToList()));
                list.Clear();
            }
            if (table.Count > 0)
            {
                blocks.Add(new LetterTable(table.ToList()));
                table.Clear();
            }
        }

        var lineNumber = 0;
        foreach (var raw in rendered.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd();
            if (Clean(line).Trim().Length == 0)
            {
                Flush();
                continue;
            }
            if (subject is null)
            {
                if (line.StartsWith("> ", StringComparison.Ordinal) || line == ">")
                {
                    address.Add(Clean(line[1..]).Trim());
                }
                else if (line.StartsWith("# ", StringComparison.Ordinal))
                {
                    subject = Clean(line[2..]).Trim();
                }
                else
                {
                    throw new NoticeTemplateException(
                        $"has text before its subject line (line {lineNumber}): a template starts with optional address lines '> …' and then the subject '# …'.");
                }
                continue;
            }
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                throw new NoticeTemplateException($"has a second subject line (line {lineNumber}); use '## ' for a heading.");
            }
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                blocks.Add(new LetterHeading(Clean(line[3..]).Trim()));
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                if (paragraph.Length > 0 || table.Count > 0)
                {
                    Flush();
                }
                list.Add(Clean(line[2..]).Trim());
            }
            else if (line.StartsWith('|'))
            {
                if (paragraph.Length > 0 || list.Count > 0)
                {
                    Flush();
                }
                if (Row(line) is { } row)
                {
                    table.Add(row);
                }
            }
            else if (line == "---")
            {
                Flush();
                if (blocks == closing)
                {
                    throw new NoticeTemplateException($"has a second '---' (line {lineNumber}); one line '---' separates the text from the closing part.");
                }
                blocks = closing;
            }
            else
            {
                if (list.Count > 0 || table.Count > 0)
                {
                    Flush();
                }
                if (paragraph.Length > 0)
                {
                    paragraph.Append('\n');
                }
                paragraph.Append(line);
            }
        }
        Flush();
        if (subject is null)
        {
            throw new NoticeTemplateException("has no subject line: the first line of a template (after address lines '> …') is '# Subject'.");
        }
        return new NoticeText(address, subject, body, closing);
    }

    /// <summary>The body and closing as plain text, e.g. for a mailbox message: paragraphs separated by blank lines.</summary>
    public string PlainText()
    {
        var text = new StringBuilder();
        foreach (var block in Body.Concat(Closing))
        {
            if (text.Length > 0)
            {
                text.Append("\n\n");
            }
            text.Append(block switch
            {
                LetterHeading h => h.Text,
                LetterParagraph p => p.Text,
                LetterList l => string.Join('\n', l.Items.Select(i => "– " + i)),
                LetterTable t => string.Join('\n', t.Rows.Select(r => r.Label.Length == 0 ? r.Value : $"{r.Label}: {r.Value}")),
                _ => "",
            });
        }
        return text.ToString();
    }

    /// <summary>A table row: the first cell is the label, the others the value; a separator row (<c>|---|---|</c>) is none.</summary>
    private static LetterTableRow? Row(string line)
    {
        var cells = line.Trim().Trim('|').Split('|').Select(c => Clean(c).Trim()).ToList();
        if (cells.All(c => c.Length == 0 || c.All(ch => ch is '-' or ':')))
        {
            return null;
        }
        return new LetterTableRow(cells[0], string.Join(" ", cells.Skip(1).Where(c => c.Length > 0)));
    }

    /// <summary>The text without the marks of inserted values.</summary>
    private static string Clean(string text) => text.Replace(Mark.ToString(), "", StringComparison.Ordinal);
}
