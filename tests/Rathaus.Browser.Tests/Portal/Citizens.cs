using System.Text.RegularExpressions;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Browser.Tests.Portal;

/// <summary>New citizens for the browser tests: each test registers its own address.</summary>
public static partial class Citizens
{
    public const string Password = "Hundeleine-2026";

    /// <summary>The confirmation link in the last e-mail the application sent to <paramref name="email"/>.</summary>
    public static Uri ConfirmationLink(RathausApp app, string email)
    {
        ArgumentNullException.ThrowIfNull(app);
        var link = ConfirmationLinkPattern().Match(app.LastMailTo(email));
        Assert.True(link.Success, $"No confirmation link in the e-mail to {email}.");
        return new Uri(link.Value);
    }

    [GeneratedRegex(@"http://\S+/registrieren/bestaetigen\?token=[0-9a-f]{48}")]
    private static partial Regex ConfirmationLinkPattern();
}
