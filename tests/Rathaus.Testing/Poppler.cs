using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Rathaus.Tests.Infrastructure;

/// <summary>Reads PDFs as a caseworker's viewer would, with Debian's poppler-utils (installed by ./rathaus test).</summary>
public static partial class Poppler
{
    /// <summary>The text of every page, as pdftotext extracts it.</summary>
    public static string Text(byte[] pdf, bool layout = false) =>
        Run("pdftotext", pdf, layout ? ["-layout", "-enc", "UTF-8"] : ["-enc", "UTF-8"], "-");

    public static int PageCount(byte[] pdf)
    {
        var info = Run("pdfinfo", pdf, [], null);
        return int.Parse(PagesLine().Match(info).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>pdffonts' table: one line per font with its name, type and whether it is embedded.</summary>
    public static string Fonts(byte[] pdf) => Run("pdffonts", pdf, [], null);

    /// <summary>Every word with its box in millimetres from the page's top left corner.</summary>
    public static IReadOnlyList<PdfWord> Words(byte[] pdf)
    {
        var html = Run("pdftotext", pdf, ["-bbox", "-enc", "UTF-8"], "-");
        var document = XDocument.Parse(html);
        var words = new List<PdfWord>();
        var page = 0;
        foreach (var element in document.Descendants())
        {
            if (element.Name.LocalName == "page")
            {
                page++;
            }
            else if (element.Name.LocalName == "word")
            {
                double Mm(string attribute) => double.Parse(element.Attribute(attribute)!.Value, CultureInfo.InvariantCulture) * 25.4 / 72;
                words.Add(new PdfWord(page, element.Value, Mm("xMin"), Mm("yMin"), Mm("xMax"), Mm("yMax")));
            }
        }
        return words;
    }

    /// <summary>The first page as a picture ("png" or "jpeg"), rendered by pdftoppm.</summary>
    public static byte[] Picture(byte[] pdf, string format)
    {
        var folder = Directory.CreateTempSubdirectory("rathaus-pdf-").FullName;
        try
        {
            var input = Path.Combine(folder, "in.pdf");
            File.WriteAllBytes(input, pdf);
            Execute("pdftoppm", ["-" + format, "-r", "30", "-f", "1", "-l", "1", "-singlefile", input, Path.Combine(folder, "page")]);
            return File.ReadAllBytes(Directory.GetFiles(folder, "page.*").Single());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Run(string tool, byte[] pdf, string[] arguments, string? output)
    {
        var folder = Directory.CreateTempSubdirectory("rathaus-pdf-").FullName;
        try
        {
            var input = Path.Combine(folder, "in.pdf");
            File.WriteAllBytes(input, pdf);
            return Execute(tool, [.. arguments, input, .. output is null ? Array.Empty<string>() : [output]]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Execute(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} is missing: ./rathaus test installs Debian's poppler-utils.", e);
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {error.Result}");
            }
            return text;
        }
    }

    [GeneratedRegex(@"^Pages:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex PagesLine();
}

/// <summary>A word on a PDF page; positions in millimetres from the top left.</summary>
public sealed record PdfWord(int Page, string Text, double Left, double Top, double Right, double Bottom);
