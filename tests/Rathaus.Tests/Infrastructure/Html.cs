using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Rathaus.Tests.Infrastructure;

/// <summary>Reads pages and submits their forms as a browser would.</summary>
public static class Html
{
    public static async Task<IHtmlDocument> GetPageAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        return await ParseAsync(response);
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    /// <summary>Fills the page's form (the first, or the one posting to <paramref name="action"/>) and posts it with its antiforgery token.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string pageUrl, IDictionary<string, string> fields, string? action = null)
    {
        var page = await client.GetPageAsync(pageUrl);
        var form = page.Forms.First(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase) && (action is null || f.GetAttribute("action") == action));
        var values = form.Elements.OfType<IHtmlInputElement>()
            .Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name))
            .ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (key, value) in fields)
        {
            values[key] = value;
        }
        var target = form.GetAttribute("action") is { Length: > 0 } a ? a : pageUrl;
        return await client.PostAsync(target, new FormUrlEncodedContent(values));
    }

    public static string Text(this IHtmlDocument page, string selector) =>
        page.QuerySelector(selector)?.TextContent.Trim() ?? throw new Xunit.Sdk.XunitException($"No element '{selector}' on page: {page.Title}");
}
