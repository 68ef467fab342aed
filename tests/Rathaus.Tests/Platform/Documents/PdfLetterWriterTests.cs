using System.Globalization;
using System.Text.RegularExpressions;
using Rathaus.Platform.Pdf;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Platform.Documents;

/// <summary>Receipts and letters as PDF, read back with poppler's pdftotext, pdfinfo and pdffonts.</summary>
public sealed partial class PdfLetterWriterTests : IDisposable
{
    private readonly DocumentServices _services = new();

    public PdfLetterWriterTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("de");
    }

    public void Dispose() => _services.Dispose();

    private static readonly Letterhead Musterstadt = new("Stadt Musterstadt", ["Ordnungsamt", "Rathausplatz 1", "12345 Musterstadt"]);

    private static readonly FooterColumn[] Footer =
    [
        new(["Stadt Musterstadt", "Rathausplatz 1", "12345 Musterstadt"]),
        new(["Telefon 01234 567-0", "ordnungsamt@musterstadt.example"]),
        new(["Bankverbindung: Sparkasse Musterstadt", "IBAN DE02 1203 0000 0000 2020 51", "BIC BYLADEM1001"]),
    ];

    /// <summary>An application receipt with <paramref name="rows"/> fields in two sections.</summary>
    public static LetterDocument Receipt(int rows) => new(Musterstadt, "Eingangsbestätigung: Hundeanmeldung",
        [
            new LetterParagraph("Ihr Antrag ist am 21.11.2026 um 08:15 Uhr bei der Stadt Musterstadt eingegangen. Diese Bestätigung enthält alle Angaben, die Sie gemacht haben."),
            new LetterHeading("Halterin oder Halter"),
            new LetterTable([
                new("Name", "Jürgen Größmann-Weiß"),
                new("Anschrift", "Straße des 17. Juni 4\n12345 Musterstadt"),
            ]),
            new LetterHeading("Hunde"),
            new LetterTable(Enumerable.Range(1, rows).Select(i => new LetterTableRow($"Hund {i}: Rasse", $"Beagle Nummer {i}")).ToList()),
        ])
    {
        Info = [new("Aktenzeichen", "MST-HUND-2026-000123"), new("Eingegangen am", "21.11.2026, 08:15 Uhr")],
        Footer = Footer,
    };

    [Fact]
    public void A_receipt_shows_letterhead_title_reference_date_and_every_field_as_text()
    {
        var pdf = _services.Pdf.Render(Receipt(rows: 3));

        var text = Poppler.Text(pdf);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
        foreach (var expected in new[]
                 {
                     "Stadt Musterstadt", "Ordnungsamt", "Eingangsbestätigung: Hundeanmeldung", "Aktenzeichen", "MST-HUND-2026-000123",
                     "21.11.2026, 08:15 Uhr", "Jürgen Größmann-Weiß", "Straße des 17. Juni 4", "Hund 3: Rasse", "Beagle Nummer 3",
                     "IBAN DE02 1203 0000 0000 2020 51", "Seite 1 von 1",
                 })
        {
            Assert.Contains(expected, text);
        }
        Assert.Equal(1, Poppler.PageCount(pdf));
    }

    [Fact]
    public void Many_rows_continue_on_further_pages_numbered_page_x_of_n()
    {
        var pdf = _services.Pdf.Render(Receipt(rows: 150));

        var pages = Poppler.PageCount(pdf);
        var text = Poppler.Text(pdf);
        Assert.True(pages >= 3, $"{pages} pages");
        for (var page = 1; page <= pages; page++)
        {
            Assert.Contains($"Seite {page} von {pages}", text);
        }
        Assert.Contains("Beagle Nummer 1\n", text);
        Assert.Contains("Beagle Nummer 150\n", text);
        // Every row is on some page exactly once, none lost at a page break.
        Assert.Equal(150, BeagleRow().Count(text));
        // From page 2 on, each page names the authority and the reference at its top.
        Assert.Equal(pages, Regex.Count(text, "MST-HUND-2026-000123"));
    }

    [Fact]
    public void Long_values_wrap_inside_the_value_column_and_lose_no_word()
    {
        var words = Enumerable.Range(1, 120).Select(i => $"Wort{i}").ToList();
        var pdf = _services.Pdf.Render(new LetterDocument(Musterstadt, "Bauantrag",
            [new LetterTable([new("Beschreibung des Vorhabens", string.Join(' ', words))])]));

        var extracted = Poppler.Words(pdf).Where(w => w.Text.StartsWith("Wort", StringComparison.Ordinal)).ToList();

        Assert.Equal(words, extracted.Select(w => w.Text));
        Assert.True(extracted.Select(w => w.Top).Distinct().Count() > 3, "the value wraps over several lines");
        Assert.All(extracted, w => Assert.True(w.Left > 80 && w.Right <= 190.5, $"{w.Text} at {w.Left:0.0}–{w.Right:0.0} mm"));
    }

    [Fact]
    public void A_value_without_spaces_is_broken_inside_the_word_and_kept_whole()
    {
        var value = string.Concat(Enumerable.Range(0, 3000).Select(i => (char)('a' + i % 26)));
        var pdf = _services.Pdf.Render(new LetterDocument(Musterstadt, "Test", [new LetterTable([new("Feld", value)])]));

        // The value column, without the page number ("Seite 1 von 1").
        var words = Poppler.Words(pdf).Where(w => w.Left > 85 && w.Text != "von" && w.Text.All(char.IsAsciiLetterLower)).ToList();

        Assert.Equal(value, string.Concat(words.Select(w => w.Text)));
        Assert.All(words, w => Assert.True(w.Right <= 190.5, $"{w.Right:0.0} mm"));
    }

    [Fact]
    public void Hostile_input_is_printed_as_plain_text()
    {
        const string Script = "<script>alert('x')</script>";
        const string PdfSyntax = ") Tj ET BT /F1 99 Tf (owned";
        var pdf = _services.Pdf.Render(new LetterDocument(Musterstadt, Script,
            [
                new LetterTable([
                    new("Name", Script),
                    new("Bemerkung", PdfSyntax),
                    new("Datei", "rechnung\u202Efdp.exe"),
                    new("Steuerzeichen", "A\u0000B\u0007C\u001BD"),
                    new("Zeilenumbruch", "erste\r\nzweite"),
                ]),
            ]));

        var text = Poppler.Text(pdf);

        Assert.Contains(Script, text);
        Assert.Contains(PdfSyntax, text);
        Assert.Contains("rechnungfdp.exe", text);
        Assert.Contains("ABCD", text);
        Assert.Contains("erste\nzweite", text);
        Assert.Equal(1, Poppler.PageCount(pdf));
    }

    [Fact]
    public void Characters_the_font_lacks_do_not_stop_the_document()
    {
        var pdf = _services.Pdf.Render(new LetterDocument(Musterstadt, "Sonderzeichen",
            [new LetterParagraph("Hund 🐕 heißt 小白, Straße Ελλάδα Москва ł ő ş € §")]));

        var text = Poppler.Text(pdf);

        Assert.Contains("heißt", text);
        Assert.Contains("Ελλάδα Москва ł ő ş € §", text);
    }

    [Fact]
    public void The_fonts_are_embedded_so_no_system_font_is_needed()
    {
        var fonts = Poppler.Fonts(_services.Pdf.Render(Receipt(rows: 1)));

        var rows = fonts.Split('\n').Where(l => l.Contains("Liberation Sans", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        // pdffonts columns: name type encoding emb sub uni object ID; embedded and subset.
        Assert.All(rows, r => Assert.Matches(@"\syes\s+yes\s", r));
    }

    [Fact]
    public async Task Documents_rendered_at_the_same_time_are_each_complete()
    {
        var pdfs = await Task.WhenAll(Enumerable.Range(1, 8).Select(n => Task.Run(() => _services.Pdf.Render(Receipt(rows: n * 10)))));

        for (var n = 1; n <= 8; n++)
        {
            var text = Poppler.Text(pdfs[n - 1]);
            Assert.Contains($"Beagle Nummer {n * 10}\n", text);
            Assert.DoesNotContain($"Beagle Nummer {n * 10 + 1}\n", text);
        }
    }

    [Fact]
    public void Page_numbers_follow_the_page_language()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");

        var text = Poppler.Text(_services.Pdf.Render(Receipt(rows: 1)));

        Assert.Contains("Page 1 of 1", text);
    }

    [Fact]
    public void A_letter_puts_address_information_block_and_subject_where_din_5008_form_b_wants_them()
    {
        var letter = new LetterDocument(Musterstadt, "Bescheid über die Anmeldung Ihres Hundes",
            [
                new LetterParagraph("Sehr geehrte Frau Özdemir,"),
                new LetterParagraph("Ihr Hund „Bello“ ist ab dem 01.12.2026 angemeldet. Die Hundesteuer beträgt 96,00 Euro im Jahr."),
                new LetterHeading("Rechtsbehelfsbelehrung"),
                new LetterParagraph("Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden."),
            ])
        {
            Recipient = new RecipientAddress(["Frau", "Ayşe Özdemir", "Lindenstraße 7", "12345 Musterstadt"]),
            Info =
            [
                new("Aktenzeichen", "MST-HUND-2026-000123"),
                new("Ansprechpartner", "Herr Weiß"),
                new("Telefon", "01234 567-89"),
                new("Datum", "21.11.2026"),
            ],
            Footer = Footer,
        };

        var pdf = _services.Pdf.Render(letter);
        var words = Poppler.Words(pdf);

        PdfWord Word(string text) => words.First(w => w.Text == text);
        // Address field: 20 mm from the left, 45–90 mm from the top, 85 mm wide; the address in its lower part.
        var window = words.Where(w => w.Top >= 45 + 17.7 - 0.5 && w.Bottom <= 90 && w.Left >= 20 && w.Right <= 105).Select(w => w.Text).ToList();
        Assert.Equal(["Frau", "Ayşe", "Özdemir", "Lindenstraße", "7", "12345", "Musterstadt"], window);
        // The return address above it, in the window too.
        var returnAddress = words.First(w => w.Text == "Rathausplatz" && w.Top > 45);
        Assert.InRange(returnAddress.Top, 45, 45 + 17.7);
        // Information block at the right from 125 mm, starting 50 mm from the top.
        Assert.InRange(Word("MST-HUND-2026-000123").Left, 125, 200);
        Assert.InRange(Word("Aktenzeichen").Top, 49, 55);
        // Subject under the address field, body text from 25 mm.
        Assert.InRange(Word("Bescheid").Top, 98, 120);
        Assert.InRange(Word("Sehr").Left, 24.5, 25.5);
        var text = Poppler.Text(pdf);
        Assert.Contains("Ihr Hund „Bello“ ist ab dem 01.12.2026 angemeldet.", text);
        Assert.Contains("Rechtsbehelfsbelehrung", text);
        Assert.Contains("BIC BYLADEM1001", text);
    }

    [Fact]
    public void Follow_pages_of_a_letter_repeat_the_footer_and_never_end_with_a_lone_heading()
    {
        var body = new List<LetterBlock>();
        for (var i = 1; i <= 30; i++)
        {
            body.Add(new LetterHeading($"Abschnitt {i}"));
            body.Add(new LetterParagraph(string.Join(' ', Enumerable.Repeat($"Text{i}", 60))));
        }
        var pdf = _services.Pdf.Render(new LetterDocument(Musterstadt, "Lang", body)
        {
            Recipient = new RecipientAddress(["Max Mustermann", "Weg 1", "12345 Musterstadt"]),
            Footer = Footer,
        });

        var pages = Poppler.PageCount(pdf);
        var words = Poppler.Words(pdf);
        Assert.True(pages > 2);
        for (var page = 1; page <= pages; page++)
        {
            Assert.Contains(words, w => w.Page == page && w.Text == "BYLADEM1001");
            // The last heading on a page is followed by its text on the same page.
            var headings = words.Where(w => w.Page == page && w.Text == "Abschnitt").ToList();
            if (headings.Count > 0)
            {
                var last = headings.MaxBy(w => w.Top)!;
                Assert.Contains(words, w => w.Page == page && w.Top > last.Top && w.Text.StartsWith("Text", StringComparison.Ordinal));
            }
        }
    }

    [GeneratedRegex(@"Beagle Nummer \d+\n")]
    private static partial Regex BeagleRow();
}
