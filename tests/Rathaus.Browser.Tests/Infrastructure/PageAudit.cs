using System.Text;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Sdk;

namespace Rathaus.Browser.Tests.Infrastructure;

/// <summary>
/// What BITV 2.0 / WCAG 2.1 AA asks of every page, checked in the browser: axe-core's rules for WCAG 2.0 and 2.1
/// levels A and AA, a non-empty title, the <c>lang</c> of the page's language, and reflow: at 200 % zoom of a 1280 px
/// window (640 CSS pixels wide) nothing scrolls sideways.
/// </summary>
public static class PageAudit
{
    public static readonly IReadOnlyList<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    /// <summary>200 % zoom of a 1280 px wide window: the page lays out in 640 CSS pixels (WCAG 1.4.10 Reflow).</summary>
    public const int ZoomedWidth = 640;

    /// <summary>Audits the page shown; fails listing every finding, otherwise returns the page's title.</summary>
    public static async Task<string> AssertAccessibleAsync(IPage page, string language)
    {
        ArgumentNullException.ThrowIfNull(page);
        var findings = new List<string>();

        var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } });
        foreach (var violation in axe.Violations)
        {
            findings.Add($"axe {violation.Id} ({violation.Impact}): {violation.Help} — "
                + string.Join(" | ", violation.Nodes.Take(5).Select(n => $"{n.Target} {Shorten(n.Html)}")));
        }

        var title = (await page.TitleAsync()).Trim();
        if (title.Length == 0)
        {
            findings.Add("the page has no title");
        }
        var lang = await page.EvaluateAsync<string>("() => document.documentElement.lang");
        if (lang != language)
        {
            findings.Add($"<html lang=\"{lang}\"> where the page is in \"{language}\"");
        }

        var overflow = await HorizontalOverflowAsync(page);
        if (overflow is not null)
        {
            findings.Add(overflow);
        }

        if (findings.Count > 0)
        {
            var message = new StringBuilder($"{new Uri(page.Url).PathAndQuery} „{title}“ ({language}) is not accessible:");
            foreach (var finding in findings)
            {
                message.Append("\n  - ").Append(finding);
            }
            throw new XunitException(message.ToString());
        }
        return title;
    }

    /// <summary>Null when the page fits 640 CSS pixels; otherwise what sticks out.</summary>
    public static async Task<string?> HorizontalOverflowAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var (width, height) = page.ViewportSize is { } size ? (size.Width, size.Height) : (BrowserSession.DesktopViewport.Width, BrowserSession.DesktopViewport.Height);
        await page.SetViewportSizeAsync(ZoomedWidth, height);
        try
        {
            var result = await page.EvaluateAsync<JsonElement>("""
                () => {
                  const root = document.scrollingElement;
                  const width = root.clientWidth;
                  if (root.scrollWidth <= width) return null;
                  const wide = [...document.body.querySelectorAll('*')]
                    .filter(e => e.getBoundingClientRect().right > width + 1)
                    .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
                    .slice(0, 5)
                    .map(e => e.outerHTML.slice(0, 120));
                  return { scrollWidth: root.scrollWidth, width, wide };
                }
                """);
            return result.ValueKind == JsonValueKind.Null
                ? null
                : $"at 200 % zoom ({ZoomedWidth} CSS px) the page is {result.GetProperty("scrollWidth").GetInt32()} px wide and scrolls sideways; too wide: "
                  + string.Join(" | ", result.GetProperty("wide").EnumerateArray().Select(e => e.GetString()));
        }
        finally
        {
            await page.SetViewportSizeAsync(width, height);
        }
    }

    /// <summary>
    /// Moves through the page with Tab from its start to its end and returns what is wrong: a control whose focus is
    /// not visible (no outline or box shadow, or none that differs from the unfocused look, WCAG 2.4.7), or focus that
    /// jumps backwards against the order of the page (2.4.3). Returns the controls reached as well.
    /// </summary>
    public static async Task<(int Reached, IReadOnlyList<string> Findings)> FocusProblemsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var tabbable = await page.EvaluateAsync<int>("""
            () => {
              const look = e => { const c = getComputedStyle(e); return [c.outlineStyle, c.outlineWidth, c.outlineColor, c.boxShadow].join(' / '); };
              const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
                .filter(e => e.tabIndex >= 0 && !e.disabled && e.type !== 'hidden' && e.getClientRects().length > 0);
              document.activeElement?.blur();
              window.rathausUnfocused = all.map((e, i) => { e.dataset.rathausOrder = i; return look(e); });
              return all.length;
            }
            """);
        var findings = new List<string>();
        var reached = 0;
        var last = -1;
        for (var presses = 0; presses < tabbable * 4 + 10; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focus = await page.EvaluateAsync<JsonElement>("""
                () => {
                  const e = document.activeElement;
                  if (!e || e === document.body) return null;
                  const c = getComputedStyle(e);
                  const order = e.dataset.rathausOrder === undefined ? -1 : Number(e.dataset.rathausOrder);
                  const focused = [c.outlineStyle, c.outlineWidth, c.outlineColor, c.boxShadow].join(' / ');
                  const visible = (c.outlineStyle !== 'none' && parseFloat(c.outlineWidth) > 0) || c.boxShadow !== 'none';
                  return { order, visible: visible && focused !== window.rathausUnfocused[order], focused, html: e.outerHTML.slice(0, 120) };
                }
                """);
            if (focus.ValueKind == JsonValueKind.Null)
            {
                break;
            }
            var order = focus.GetProperty("order").GetInt32();
            var html = focus.GetProperty("html").GetString();
            if (order == last)
            {
                // Still the same control: Tab moves between the parts of a date field.
                continue;
            }
            if (order >= 0 && order < last)
            {
                if (order > 0)
                {
                    findings.Add($"focus went back against the page's order to: {html}");
                }
                break;
            }
            reached++;
            if (order < 0)
            {
                findings.Add($"focus reached an element that is not in the page's tab order: {html}");
                continue;
            }
            if (!focus.GetProperty("visible").GetBoolean())
            {
                findings.Add($"no visible focus ({focus.GetProperty("focused").GetString()}): {html}");
            }
            last = order;
        }
        return (reached, findings);
    }

    private static string Shorten(string html) => html.Length <= 160 ? html : html[..160] + "…";
}
