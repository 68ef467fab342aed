using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Rathaus.Records;

/// <summary>What reading a PDF's text layer gave.</summary>
public enum PdfTextOutcome
{
    Extracted,

    /// <summary>pdftotext is not installed on this node; the document is found by its metadata only.</summary>
    Unavailable,

    /// <summary>The PDF could not be read (damaged, encrypted, or pdftotext took too long).</summary>
    Failed,
}

/// <summary>
/// Reads the text layer of a PDF with pdftotext from Debian's poppler-utils (the tool <c>./rathaus run</c> installs),
/// in a process of its own with a time limit, so a hostile PDF cannot take the application down with it.
/// </summary>
public sealed class PdfTextExtractor(ILogger<PdfTextExtractor> logger)
{
    /// <summary>At most this many characters of a document's text are indexed (a few hundred pages).</summary>
    public const int MaxChars = 500_000;

    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(30);

    private int _warnedMissing;

    /// <summary>The tool's name or path (RATHAUS_PDFTOTEXT, else pdftotext on the PATH).</summary>
    public string Tool { get; init; } = Environment.GetEnvironmentVariable("RATHAUS_PDFTOTEXT") is { Length: > 0 } tool ? tool : "pdftotext";

    /// <summary>Whether the tool can be started on this node (<c>pdftotext -v</c>).</summary>
    public async Task<bool> IsAvailableAsync(CancellationToken ct)
    {
        var start = new ProcessStartInfo(Tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-v");
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return false;
            }
            await Task.WhenAll(process.StandardOutput.ReadToEndAsync(ct), process.StandardError.ReadToEndAsync(ct), process.WaitForExitAsync(ct));
            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }

    public async Task<(PdfTextOutcome Outcome, string Text)> ExtractAsync(Stream pdf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var folder = Directory.CreateTempSubdirectory("rathaus-search-").FullName;
        try
        {
            var input = Path.Combine(folder, "in.pdf");
            await using (var file = File.Create(input))
            {
                await pdf.CopyToAsync(file, ct);
            }
            var start = new ProcessStartInfo(Tool)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "-q", "-enc", "UTF-8", "-nopgbrk", input, "-" })
            {
                start.ArgumentList.Add(argument);
            }
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new Win32Exception("not started");
            }
            catch (Win32Exception e)
            {
                if (Interlocked.Exchange(ref _warnedMissing, 1) == 0)
                {
                    logger.LogWarning("pdftotext ({Tool}) is not available ({Message}): documents are searchable by their metadata only until poppler-utils is installed.",
                        Tool, e.Message);
                }
                return (PdfTextOutcome.Unavailable, "");
            }
            using (process)
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
                limit.CancelAfter(TimeLimit);
                var error = process.StandardError.ReadToEndAsync(limit.Token);
                var text = new StringBuilder();
                var buffer = new char[8192];
                try
                {
                    int read;
                    while ((read = await process.StandardOutput.ReadAsync(buffer, limit.Token)) > 0)
                    {
                        if (text.Length < MaxChars)
                        {
                            text.Append(buffer, 0, Math.Min(read, MaxChars - text.Length));
                        }
                    }
                    await process.WaitForExitAsync(limit.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    process.Kill(entireProcessTree: true);
                    logger.LogWarning("pdftotext took longer than {Seconds} s; the document is searchable by its metadata only.", TimeLimit.TotalSeconds);
                    return (PdfTextOutcome.Failed, "");
                }
                if (process.ExitCode != 0)
                {
                    logger.LogInformation("pdftotext could not read a document (exit {Code}): {Error}", process.ExitCode, (await error).Trim());
                    return (PdfTextOutcome.Failed, "");
                }
                return (PdfTextOutcome.Extracted, Clean(text.ToString()));
            }
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless.
            }
        }
    }

    /// <summary>Without NUL, other control characters and halves of characters (cut at the limit), which PostgreSQL's text cannot hold or the search has no use for.</summary>
    private static string Clean(string text)
    {
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
            }
            else
            {
                clean.Append((char.IsControl(c) && c is not '\n' and not '\t') || char.IsSurrogate(c) ? ' ' : c);
            }
        }
        return clean.ToString();
    }
}
