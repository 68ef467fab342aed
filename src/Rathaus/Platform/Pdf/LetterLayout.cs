using System.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Rathaus.Platform.Pdf;

/// <summary>
/// Places a <see cref="LetterDocument"/> on A4 pages. Positions are in points, given in millimetres where DIN 5008
/// form B fixes them: letterhead 45 mm high, address field 20 mm from the left and 45 mm from the top, 85 × 45 mm
/// (return address and notes in its upper 17.7 mm, the address in the lower 27.3 mm), information block from 125 mm
/// at 50 mm, fold marks at 105 and 210 mm, hole mark at 148.5 mm, text from 25 mm with 20 mm right margin.
/// </summary>
internal sealed class LetterLayout : IDisposable
{
    private static readonly double PageWidth = Mm(210);
    private static readonly double PageHeight = Mm(297);
    private static readonly double Left = Mm(25);
    private static readonly double Right = Mm(190);
    private static readonly double TextWidth = Right - Left;
    private static readonly double FollowPageTop = Mm(22);

    private static readonly XBrush Ink = XBrushes.Black;
    private static readonly XBrush Grey = new XSolidBrush(XColor.FromArgb(90, 90, 90));
    private static readonly XPen Rule = new(XColor.FromArgb(170, 170, 170), 0.4);
    private static readonly XPen Mark = new(XColor.FromArgb(120, 120, 120), 0.5);

    private readonly PdfDocument _pdf;
    private readonly LetterDocument _document;
    private readonly Fonts _fonts = new();
    private readonly Dictionary<(XFont, int), double> _runeWidths = [];
    private readonly double _footerTop;
    private readonly double _bottom;
    // Widths are measured apart from any page, so footers can be fitted after the pages are closed.
    private readonly XGraphics _measure = XGraphics.CreateMeasureContext(new XSize(PageWidth, PageHeight), XGraphicsUnit.Point, XPageDirection.Downwards);
    private XGraphics? _page;
    private double _y;

    public LetterLayout(PdfDocument pdf, LetterDocument document)
    {
        _pdf = pdf;
        _document = document;
        var footerLines = document.Footer.Count == 0 ? 0 : document.Footer.Max(c => c.Lines.Count);
        _footerTop = PageHeight - Mm(12) - footerLines * _fonts.Footer.GetHeight();
        // Room for the page number above the footer.
        _bottom = _footerTop - Mm(10);
    }

    public void Run()
    {
        try
        {
            AddPage();
            DrawLetterhead();
            if (_document.Recipient is { } recipient)
            {
                DrawFoldMarks();
                DrawAddressField(recipient);
                var infoBottom = DrawInfoBlock();
                // The subject starts two empty lines (8.46 mm) under the address field or the information block.
                _y = Math.Max(Mm(45 + 45 + 8.46), infoBottom + Mm(8.46));
                DrawLines(Wrap(_document.Subject, _fonts.Subject, TextWidth), _fonts.Subject, Ink, Left);
                _y += _fonts.Body.GetHeight();
            }
            else
            {
                _y = Math.Max(Mm(50), _y + Mm(8));
                DrawLines(Wrap(_document.Subject, _fonts.Title, TextWidth), _fonts.Title, Ink, Left);
                _y += Mm(3);
                if (_document.Info.Count > 0)
                {
                    DrawTable(_document.Info.Select(i => new LetterTableRow(i.Label, i.Value)).ToList());
                    _y += Mm(4);
                }
            }
            foreach (var block in _document.Body)
            {
                switch (block)
                {
                    case LetterHeading heading:
                        DrawHeading(heading.Text);
                        break;
                    case LetterParagraph paragraph:
                        DrawLines(Wrap(paragraph.Text, _fonts.Body, TextWidth), _fonts.Body, Ink, Left);
                        _y += _fonts.Body.GetHeight() * 0.6;
                        break;
                    case LetterList list:
                        DrawList(list.Items);
                        _y += _fonts.Body.GetHeight() * 0.6;
                        break;
                    case LetterTable table:
                        DrawTable(table.Rows);
                        _y += Mm(3);
                        break;
                    default:
                        throw new NotSupportedException($"No layout for the block type {block.GetType().Name}.");
                }
            }
        }
        finally
        {
            _page?.Dispose();
            _page = null;
        }
    }

    public void Dispose()
    {
        _page?.Dispose();
        _measure.Dispose();
    }

    private XGraphics Graphics => _page ?? throw new InvalidOperationException("No page is open.");

    /// <summary>Footer, page number and (from page 2) the running header, once the page count is known.</summary>
    public void FinishPages(Func<int, int, string> pageLabel)
    {
        var pages = _pdf.PageCount;
        for (var index = 0; index < pages; index++)
        {
            using var graphics = XGraphics.FromPdfPage(_pdf.Pages[index], XGraphicsPdfPageOptions.Append);
            if (index > 0)
            {
                DrawRunningHeader(graphics);
            }
            var label = pageLabel(index + 1, pages);
            graphics.DrawString(label, _fonts.Small, Grey, new XRect(Left, _footerTop - Mm(7), TextWidth, Mm(4)), XStringFormats.TopRight);
            DrawFooter(graphics);
        }
    }

    private void AddPage()
    {
        _page?.Dispose();
        var page = _pdf.AddPage();
        page.Size = PageSize.A4;
        _page = XGraphics.FromPdfPage(page);
        _y = _pdf.PageCount == 1 ? Mm(12) : FollowPageTop;
    }

    private bool AtPageTop => _pdf.PageCount > 1 && Math.Abs(_y - FollowPageTop) < 0.01;

    /// <summary>Starts a new page unless <paramref name="height"/> still fits on this one.</summary>
    private void EnsureRoom(double height)
    {
        if (_y + height > _bottom && !AtPageTop)
        {
            AddPage();
        }
    }

    private void DrawLetterhead()
    {
        var letterhead = _document.Letterhead;
        DrawLines(Wrap(letterhead.Authority, _fonts.Authority, TextWidth), _fonts.Authority, Ink, Left);
        _y += Mm(1);
        foreach (var line in letterhead.Lines)
        {
            // The letterhead stays above the address field.
            if (_y + _fonts.Letterhead.GetHeight() > Mm(44))
            {
                break;
            }
            DrawLine(Fit(line, _fonts.Letterhead, TextWidth), _fonts.Letterhead, Grey, Left);
        }
    }

    private void DrawFoldMarks()
    {
        foreach (var (y, length) in new[] { (105.0, 5.0), (148.5, 8.0), (210.0, 5.0) })
        {
            Graphics.DrawLine(Mark, Mm(3), Mm(y), Mm(3 + length), Mm(y));
        }
    }

    private void DrawAddressField(RecipientAddress recipient)
    {
        var width = Mm(80);
        _y = Mm(45 + 3);
        var returnAddress = Fit(_document.Letterhead.EffectiveReturnAddress, _fonts.ReturnAddress, width);
        DrawLine(returnAddress, _fonts.ReturnAddress, Ink, Left);
        Graphics.DrawLine(Rule, Left, _y + 0.5, Left + Measure(returnAddress, _fonts.ReturnAddress), _y + 0.5);
        _y += Mm(1);
        foreach (var note in recipient.Notes.Take(2))
        {
            DrawLine(Fit(note, _fonts.Info, width), _fonts.Info, Ink, Left);
        }
        _y = Mm(45 + 17.7);
        var lines = recipient.Lines.SelectMany(l => Wrap(l, _fonts.Address, width)).Take(6);
        foreach (var line in lines)
        {
            DrawLine(line, _fonts.Address, Ink, Left);
        }
    }

    private double DrawInfoBlock()
    {
        var left = Mm(125);
        // Narrow labels and values to 5 mm from the page edge, so that an e-mail address usually fits on one line.
        var labelWidth = Mm(23);
        var valueLeft = left + labelWidth + Mm(2);
        var valueWidth = Mm(205) - valueLeft;
        _y = Mm(50);
        foreach (var item in _document.Info)
        {
            var labels = Wrap(item.Label, _fonts.InfoLabel, labelWidth);
            var values = Wrap(item.Value, _fonts.Info, valueWidth);
            var lineHeight = _fonts.Info.GetHeight();
            for (var i = 0; i < Math.Max(labels.Count, values.Count); i++)
            {
                if (i < labels.Count)
                {
                    Graphics.DrawString(labels[i], _fonts.InfoLabel, Grey, left, _y, XStringFormats.TopLeft);
                }
                if (i < values.Count)
                {
                    Graphics.DrawString(values[i], _fonts.Info, Ink, valueLeft, _y, XStringFormats.TopLeft);
                }
                _y += lineHeight;
            }
            _y += Mm(0.8);
        }
        return _y;
    }

    private void DrawHeading(string heading)
    {
        var lines = Wrap(heading, _fonts.Heading, TextWidth);
        var space = AtPageTop ? 0 : Mm(4);
        // A heading keeps two lines of what follows on its page.
        EnsureRoom(space + lines.Count * _fonts.Heading.GetHeight() + 2 * _fonts.Body.GetHeight());
        if (!AtPageTop)
        {
            _y += space;
        }
        DrawLines(lines, _fonts.Heading, Ink, Left);
        _y += Mm(1.5);
    }

    private void DrawList(IReadOnlyList<string> items)
    {
        var indent = Mm(5);
        foreach (var item in items)
        {
            var lines = Wrap(item, _fonts.Body, TextWidth - indent);
            // An item of up to three lines stays on one page.
            EnsureRoom(Math.Min(lines.Count, 3) * _fonts.Body.GetHeight());
            Graphics.DrawString("•", _fonts.Body, Ink, Left + Mm(1), _y, XStringFormats.TopLeft);
            DrawLines(lines, _fonts.Body, Ink, Left + indent);
            _y += Mm(0.8);
        }
    }

    private void DrawTable(IReadOnlyList<LetterTableRow> rows)
    {
        var labelWidth = TextWidth * 0.36;
        var valueLeft = Left + labelWidth + Mm(4);
        var valueWidth = Right - valueLeft;
        var lineHeight = _fonts.Table.GetHeight();
        var padding = Mm(1.2);
        var fullPage = _bottom - FollowPageTop;
        foreach (var row in rows)
        {
            var labels = Wrap(row.Label, _fonts.TableLabel, labelWidth);
            var values = Wrap(row.Value, _fonts.Table, valueWidth);
            var count = Math.Max(1, Math.Max(labels.Count, values.Count));
            var height = count * lineHeight + 2 * padding;
            // A row that fits on one page is never split; a longer one continues line by line.
            EnsureRoom(height <= fullPage ? height : padding + 3 * lineHeight);
            _y += padding;
            for (var i = 0; i < count; i++)
            {
                if (_y + lineHeight > _bottom)
                {
                    AddPage();
                }
                if (i < labels.Count)
                {
                    Graphics.DrawString(labels[i], _fonts.TableLabel, Grey, Left, _y, XStringFormats.TopLeft);
                }
                if (i < values.Count)
                {
                    Graphics.DrawString(values[i], _fonts.Table, Ink, valueLeft, _y, XStringFormats.TopLeft);
                }
                _y += lineHeight;
            }
            _y += padding;
            Graphics.DrawLine(Rule, Left, _y, Right, _y);
        }
    }

    private void DrawRunningHeader(XGraphics graphics)
    {
        var top = Mm(10);
        graphics.DrawString(Fit(_document.Letterhead.Authority, _fonts.Small, TextWidth / 2), _fonts.Small, Grey, Left, top, XStringFormats.TopLeft);
        if (_document.Info.Count > 0)
        {
            var first = _document.Info[0];
            var reference = Fit(PlainText.OneLine(first.Label) + " " + PlainText.OneLine(first.Value), _fonts.Small, TextWidth / 2);
            graphics.DrawString(reference, _fonts.Small, Grey, new XRect(Left, top, TextWidth, Mm(4)), XStringFormats.TopRight);
        }
    }

    private void DrawFooter(XGraphics graphics)
    {
        var columns = _document.Footer;
        if (columns.Count == 0)
        {
            return;
        }
        graphics.DrawLine(Rule, Left, _footerTop - Mm(2), Right, _footerTop - Mm(2));
        var width = TextWidth / columns.Count;
        for (var c = 0; c < columns.Count; c++)
        {
            var y = _footerTop;
            foreach (var line in columns[c].Lines)
            {
                graphics.DrawString(Fit(line, _fonts.Footer, width - Mm(3)), _fonts.Footer, Grey, Left + c * width, y, XStringFormats.TopLeft);
                y += _fonts.Footer.GetHeight();
            }
        }
    }

    private void DrawLines(IReadOnlyList<string> lines, XFont font, XBrush brush, double x)
    {
        foreach (var line in lines)
        {
            EnsureRoom(font.GetHeight());
            DrawLine(line, font, brush, x);
        }
    }

    private void DrawLine(string line, XFont font, XBrush brush, double x)
    {
        if (line.Length > 0)
        {
            Graphics.DrawString(line, font, brush, x, _y, XStringFormats.TopLeft);
        }
        _y += font.GetHeight();
    }

    /// <summary>
    /// Breaks text into lines no wider than <paramref name="width"/>: at spaces where possible, inside a word only
    /// when the word alone is too wide (IBANs, URLs, a megabyte without spaces). Widths are summed per character
    /// from a cache, so even very long input is laid out in linear time.
    /// </summary>
    private List<string> Wrap(string? value, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in PlainText.Clean(value).Split('\n'))
        {
            var line = new StringBuilder();
            var lineWidth = 0.0;
            var space = Measure(" ", font);
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var wordWidth = Measure(word, font);
                var needed = line.Length == 0 ? wordWidth : lineWidth + space + wordWidth;
                if (needed <= width)
                {
                    if (line.Length > 0)
                    {
                        line.Append(' ');
                    }
                    line.Append(word);
                    lineWidth = needed;
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                    lineWidth = 0;
                }
                if (wordWidth <= width)
                {
                    line.Append(word);
                    lineWidth = wordWidth;
                    continue;
                }
                foreach (var rune in word.EnumerateRunes())
                {
                    var runeWidth = RuneWidth(rune, font);
                    if (line.Length > 0 && lineWidth + runeWidth > width)
                    {
                        lines.Add(line.ToString());
                        line.Clear();
                        lineWidth = 0;
                    }
                    line.Append(rune.ToString());
                    lineWidth += runeWidth;
                }
            }
            lines.Add(line.ToString());
        }
        return lines;
    }

    /// <summary>One line cut to <paramref name="width"/> with an ellipsis, for places with room for exactly one line.</summary>
    private string Fit(string? value, XFont font, double width)
    {
        var line = PlainText.OneLine(value);
        if (Measure(line, font) <= width)
        {
            return line;
        }
        var ellipsis = Measure("…", font);
        var text = new StringBuilder();
        var used = 0.0;
        foreach (var rune in line.EnumerateRunes())
        {
            var runeWidth = RuneWidth(rune, font);
            if (used + runeWidth + ellipsis > width)
            {
                break;
            }
            text.Append(rune.ToString());
            used += runeWidth;
        }
        return text.Append('…').ToString();
    }

    private double Measure(string text, XFont font)
    {
        var width = 0.0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += RuneWidth(rune, font);
        }
        return width;
    }

    private double RuneWidth(Rune rune, XFont font)
    {
        if (!_runeWidths.TryGetValue((font, rune.Value), out var width))
        {
            width = _measure.MeasureString(rune.ToString(), font).Width;
            _runeWidths[(font, rune.Value)] = width;
        }
        return width;
    }

    private static double Mm(double millimetres) => millimetres * 72 / 25.4;

    private sealed class Fonts
    {
        public XFont Authority { get; } = new(EmbeddedFonts.Family, 14, XFontStyleEx.Bold);
        public XFont Letterhead { get; } = new(EmbeddedFonts.Family, 9);
        public XFont ReturnAddress { get; } = new(EmbeddedFonts.Family, 7);
        public XFont Address { get; } = new(EmbeddedFonts.Family, 11);
        public XFont InfoLabel { get; } = new(EmbeddedFonts.Family, 8);
        public XFont Info { get; } = new(EmbeddedFonts.Family, 9);
        public XFont Title { get; } = new(EmbeddedFonts.Family, 16, XFontStyleEx.Bold);
        public XFont Subject { get; } = new(EmbeddedFonts.Family, 11, XFontStyleEx.Bold);
        public XFont Heading { get; } = new(EmbeddedFonts.Family, 12, XFontStyleEx.Bold);
        public XFont Body { get; } = new(EmbeddedFonts.Family, 11);
        public XFont TableLabel { get; } = new(EmbeddedFonts.Family, 10);
        public XFont Table { get; } = new(EmbeddedFonts.Family, 10);
        public XFont Small { get; } = new(EmbeddedFonts.Family, 8);
        public XFont Footer { get; } = new(EmbeddedFonts.Family, 7.5);
    }
}
