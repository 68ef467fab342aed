using System.Globalization;
using Microsoft.Extensions.Localization;
using Rathaus.CatalogModule;
using Rathaus.Mailbox;
using Rathaus.Notices;

namespace Rathaus.Portal.Mailbox;

/// <summary>What the mailbox pages share: service names, status texts and date formats.</summary>
public sealed class MailboxPages(IServiceCatalog catalog, IStringLocalizer<MailboxText> text)
{
    /// <summary>The names of the services of the applications, in the page's language.</summary>
    public async Task<IReadOnlyDictionary<(string Id, string Version), string>> ServiceNamesAsync(Guid tenantId, IEnumerable<CitizenApplication> applications,
        CancellationToken ct)
    {
        var names = new Dictionary<(string, string), string>();
        foreach (var key in applications.Select(a => (a.ServiceId, a.ServiceVersion)).Distinct())
        {
            var service = await catalog.GetVersionAsync(tenantId, key.ServiceId, key.ServiceVersion, ct);
            names[key] = service?.Service.Name.In(CultureInfo.CurrentUICulture) ?? key.ServiceId;
        }
        return names;
    }

    /// <summary>The status as a short label and the badge colour that goes with it.</summary>
    public (string Label, string Badge) Status(ApplicationStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.Stage switch
        {
            ApplicationStage.Closed => (status.Milestone is { } m ? text["Status.ClosedWith", m] : text["Status.Closed"], "success"),
            ApplicationStage.InformationRequested => (status.ReplyDue is { } due ? text["Status.InformationRequestedBy", Date(due)] : text["Status.InformationRequested"], "warning"),
            ApplicationStage.Milestone => (status.Milestone!, "info"),
            _ => (text["Status.Received"], "info"),
        };
    }

    public static string Date(DateOnly date) => NoticeFormats.Date(date, NoticeTemplates.CultureFor(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName))!;

    public static string Date(DateTimeOffset instant) => Date(DateOnly.FromDateTime(Rathaus.Forms.FormClock.InGermany(instant).DateTime));

    public static string DateTime(DateTimeOffset instant) =>
        Rathaus.Forms.FormClock.InGermany(instant).ToString("g", CultureInfo.CurrentCulture);
}
