using Microsoft.Extensions.Localization;

namespace Rathaus.Platform.Web;

/// <summary>Texts of the web basics every module's pages share (Resources/Platform/Web/WebText.resx and .en.resx).</summary>
#pragma warning disable CA1052 // Names the resource for the localizer; never instantiated.
public sealed class WebText
#pragma warning restore CA1052
{
    private WebText()
    {
    }
}

public static class PageTitles
{
    /// <summary>
    /// The title of a page with a form: while the form shows errors, "Fehler:" before it, so that the browser tab and
    /// the first thing a screen reader announces say that the submit failed (WCAG 2.4.2, 3.3.1).
    /// </summary>
    public static string FormTitle(this IStringLocalizer<WebText> text, string title, bool hasErrors)
    {
        ArgumentNullException.ThrowIfNull(text);
        return hasErrors ? $"{text["Title.ErrorPrefix"]} {title}" : title;
    }
}
