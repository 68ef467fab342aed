using System.Text;

namespace Rathaus.Forms;

/// <summary>
/// Characters no answer may hold: the form check refuses them (<see cref="FormErrorCodes.ControlCharacters"/>), and the
/// application's other free-text inputs (drafts, mailbox answers, account names) use the same rule.
/// </summary>
public static class ForbiddenCharacters
{
    /// <summary>
    /// Control characters (other than line breaks and tabs where allowed) and unpaired surrogates: PostgreSQL's
    /// jsonb refuses \u0000, and invisible characters have no place in an application.
    /// </summary>
    public static bool Has(string text, bool allowLineBreaks)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            {
                return true;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="text"/> without the characters <see cref="Has"/> finds.</summary>
    public static string Remove(string text, bool allowLineBreaks)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (!char.IsSurrogate(c) && !(char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t')))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
