using System.Text;

namespace Rathaus.Privacy;

/// <summary>
/// CSV as spreadsheet programs read it (RFC 4180, semicolon-separated as German spreadsheets expect, UTF-8 with BOM).
/// A cell that a spreadsheet would take for a formula (starting with =, +, -, @, tab or CR) is prefixed with an
/// apostrophe: a purpose or a file name in the log must not run as a formula on the auditor's machine.
/// </summary>
public static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    public static string Line(params string?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append(';');
            }
            line.Append(Cell(cells[i]));
        }
        return line.Append("\r\n").ToString();
    }

    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(";\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
