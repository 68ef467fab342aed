using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Rathaus.Cases;
using Rathaus.Forms;
using Rathaus.Platform.Blobs;
using Rathaus.Platform.Pdf;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Portal.Applications;

/// <summary>
/// The receipt (Eingangsbestätigung) as a PDF: the tenant's letterhead, the case reference, when it arrived, and
/// everything the applicant entered, field by field. It is filed with the case as its first document.
/// </summary>
public sealed class ApplicationReceipts(PdfLetterWriter writer, IBlobStore blobs, IStringLocalizer<ApplicationText> text, TimeProvider time)
{
    public async Task<IntakeDocument> RenderAndStoreAsync(Tenant tenant, ApplicationService service, JsonObject data, Guid caseId, string reference,
        DateTimeOffset submittedAt, CultureInfo culture, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(service);
        var pdf = writer.Render(Build(tenant, service, data, reference, submittedAt, culture));
        using var stream = new MemoryStream(pdf, writable: false);
        var blob = await blobs.PutAsync(stream, ct);
        var fileName = (culture.TwoLetterISOLanguageName == "en" ? "receipt-" : "eingangsbestaetigung-") + reference + ".pdf";
        return new IntakeDocument(Guid.CreateVersion7(submittedAt), "receipt", null, fileName, "application/pdf", blob.Size, blob.Sha256);
    }

    public LetterDocument Build(Tenant tenant, ApplicationService service, JsonObject data, string reference, DateTimeOffset submittedAt, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(data);
        string T(string key, params object[] args) => text.GetString(key, args).Value;
        var local = FormClock.InGermany(submittedAt);
        var form = service.Form!;
        var body = new List<LetterBlock>
        {
            new LetterParagraph(T("Receipt.Confirmation", service.Name(culture), local.ToString("d", culture), local.ToString("t", culture))),
        };
        var shown = FormRules.Evaluate(form, data, time);
        foreach (var group in form.Groups.Where(shown.IsVisible))
        {
            var items = group.Repeatable
                ? Enumerable.Range(0, (data[group.Id] as JsonArray)?.Count ?? 0).Select(i => (int?)i).ToList()
                : [null];
            foreach (var index in items)
            {
                var title = group.Repeatable ? $"{(group.ItemTitle ?? group.Title).Get(culture)} {index + 1}" : group.Title.Get(culture);
                var rows = group.Fields
                    .Where(f => shown.IsVisible(f, index))
                    .Select(f => new LetterTableRow(f.Label.Get(culture), FormView.Describe(f, FormView.ValueAt(data, f, index), culture, key => T(key))))
                    .ToList();
                if (rows.Count > 0)
                {
                    body.Add(new LetterHeading(title));
                    body.Add(new LetterTable(rows));
                }
            }
        }
        body.Add(new LetterParagraph(T("Receipt.Next", tenant.Name)));
        return new LetterDocument(
            new Letterhead(tenant.Name, [tenant.Street, $"{tenant.PostalCode} {tenant.City}".Trim()]),
            T("Receipt.Title"),
            body)
        {
            Info =
            [
                new InfoLine(T("Receipt.Reference"), reference),
                new InfoLine(T("Receipt.Service"), service.Name(culture)),
                new InfoLine(T("Receipt.Received"), local.ToString("g", culture)),
            ],
            Footer =
            [
                new FooterColumn([tenant.Name, tenant.Street, $"{tenant.PostalCode} {tenant.City}".Trim()]),
                new FooterColumn([tenant.Phone, tenant.Email, tenant.Website]),
            ],
        };
    }
}
