using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Rathaus.Forms;
using Rathaus.Platform.Pdf;

namespace Rathaus.Notices;

/// <summary>Texts of notice letters (Resources/Notices/NoticeLetterText.resx and .en.resx).</summary>
#pragma warning disable CA1052 // Names the resource for the localizer; never instantiated.
public sealed class NoticeLetterText
#pragma warning restore CA1052
{
    private NoticeLetterText()
    {
    }
}

/// <summary>A fee the notice sets (variable <c>fee</c>): amount in euros, due date, purpose of the transfer.</summary>
/// <param name="DueDate">Null: due one month after the notice is given (the usual rule), said so in words.</param>
/// <param name="Purpose">Verwendungszweck; null: the case reference.</param>
public sealed record NoticeFee(decimal Amount, DateOnly? DueDate, string? Purpose)
{
    /// <summary>The fee of the variable, or null without one; throws when it is malformed.</summary>
    public static NoticeFee? From(JsonNode? variable)
    {
        if (variable is null)
        {
            return null;
        }
        if (variable is not JsonObject fee || NoticeFormats.Number(fee["amount"]) is not { } amount || amount < 0)
        {
            throw new InvalidOperationException("The variable 'fee' must be an object with a non-negative number 'amount' (e.g. {\"amount\": 25.00, \"dueDate\": \"2026-12-31\", \"purpose\": \"…\"}).");
        }
        DateOnly? due = null;
        if (fee["dueDate"] is { } dueNode)
        {
            due = NoticeFormats.ParseDate(dueNode) ?? throw new InvalidOperationException("The variable 'fee.dueDate' must be a date (YYYY-MM-DD).");
        }
        var purpose = fee["purpose"] is JsonValue p && p.TryGetValue<string>(out var text) && text.Trim().Length > 0 ? text.Trim() : null;
        return new NoticeFee(amount, due, purpose);
    }
}

/// <summary>
/// Lays a rendered notice out as a letter: the tenant's letterhead with the department, the DIN 5008 address field,
/// the information block (reference, date, application date, department and its contact), subject, text, the fee
/// with due date and the tenant's bank details, the closing part (legal remedy instruction, greeting), and the note
/// that the letter was created electronically and is valid without signature. Texts in the current UI culture.
/// </summary>
public sealed class NoticeLetters(IStringLocalizer<NoticeLetterText> text)
{
    public LetterDocument Build(CaseLetterSource source, NoticeText notice, IReadOnlyList<string> recipient, NoticeFee? fee, DateOnly date, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(culture);
        var tenant = source.Tenant;
        var department = source.Department;
        var cityLine = $"{tenant.PostalCode} {tenant.City}".Trim();
        var body = new List<LetterBlock>(notice.Body);
        if (fee is { Amount: > 0 })
        {
            body.AddRange(FeeBlocks(source, fee, culture));
        }
        body.AddRange(notice.Closing);
        body.Add(new LetterParagraph(text["Electronic"]));

        var info = new List<InfoLine>
        {
            new(text["Info.Reference"], source.Case.Reference),
            new(text["Info.Date"], NoticeFormats.Date(date, culture)!),
            new(text["Info.Application"], NoticeFormats.Date(FormClock.InGermany(source.Case.SubmittedAt), culture)!),
        };
        if (department is not null)
        {
            info.Add(new InfoLine(text["Info.Department"], department.Name));
        }
        var phone = NonEmpty(department?.Phone, tenant.Phone);
        var email = NonEmpty(department?.Email, tenant.Email);
        if (phone is not null)
        {
            info.Add(new InfoLine(text["Info.Phone"], phone));
        }
        if (email is not null)
        {
            info.Add(new InfoLine(text["Info.Email"], email));
        }

        var footer = new List<FooterColumn>
        {
            new(Lines(tenant.Name, tenant.Street, cityLine)),
            new(Lines(tenant.Phone, tenant.Email, tenant.Website)),
        };
        if (tenant.Iban.Length > 0)
        {
            footer.Add(new FooterColumn(Lines(tenant.BankName, "IBAN " + tenant.Iban, tenant.Bic.Length > 0 ? "BIC " + tenant.Bic : "")));
        }
        return new LetterDocument(new Letterhead(tenant.Name, Lines(department?.Name, tenant.Street, cityLine))
        {
            ReturnAddress = string.Join(" · ", Lines(tenant.Name, tenant.Street, cityLine)),
        }, notice.Subject, body)
        {
            Recipient = new RecipientAddress(recipient),
            Info = info,
            Footer = footer,
        };
    }

    private IEnumerable<LetterBlock> FeeBlocks(CaseLetterSource source, NoticeFee fee, CultureInfo culture)
    {
        var tenant = source.Tenant;
        yield return new LetterHeading(text["Fee.Heading"]);
        var rows = new List<LetterTableRow>
        {
            new(text["Fee.Amount"], NoticeFormats.Euro(fee.Amount, culture)!),
            new(text["Fee.Due"], fee.DueDate is { } due ? NoticeFormats.Date(due, culture)! : text["Fee.DueAfterNotice"]),
        };
        if (tenant.Iban.Length > 0)
        {
            yield return new LetterParagraph(text["Fee.Transfer"]);
            rows.Add(new LetterTableRow(text["Fee.Payee"], tenant.Name));
            rows.Add(new LetterTableRow(text["Fee.Iban"], FormatIban(tenant.Iban)));
            if (tenant.Bic.Length > 0)
            {
                rows.Add(new LetterTableRow(text["Fee.Bic"], tenant.Bic));
            }
            if (tenant.BankName.Length > 0)
            {
                rows.Add(new LetterTableRow(text["Fee.Bank"], tenant.BankName));
            }
            rows.Add(new LetterTableRow(text["Fee.Purpose"], fee.Purpose ?? source.Case.Reference));
        }
        yield return new LetterTable(rows);
    }

    /// <summary>"DE02500105170137075030" → "DE02 5001 0517 0137 0750 30", as printed on German forms.</summary>
    public static string FormatIban(string iban)
    {
        ArgumentNullException.ThrowIfNull(iban);
        var compact = iban.Replace(" ", "", StringComparison.Ordinal);
        return string.Join(' ', compact.Chunk(4).Select(c => new string(c)));
    }

    private static string? NonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static List<string> Lines(params string?[] lines) => lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!).ToList();
}
