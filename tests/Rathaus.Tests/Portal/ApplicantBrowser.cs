using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Portal;

/// <summary>
/// Fills an application form page by page from a data object, the way a person would: reads each page's inputs
/// by name (the data paths), ticks the matching options, adds items of repeatable groups, uploads files.
/// </summary>
internal sealed class ApplicantBrowser(HttpClient client)
{
    public HttpClient Client => client;

    /// <summary>Starts an application and returns the first page's URL.</summary>
    public async Task<string> StartAsync(string serviceId)
    {
        var response = await client.SubmitAsync($"/leistungen/{serviceId}/antrag", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>Goes through every page with the data and ends on the review page; returns its URL.</summary>
    public async Task<string> FillAsync(string firstPage, JsonObject data, IReadOnlyDictionary<string, UploadFile>? files = null)
    {
        var url = firstPage;
        for (var step = 0; step < 20 && url.Contains("/seite/", StringComparison.Ordinal); step++)
        {
            var response = await SubmitPageAsync(url, data, files);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect,
                $"Page {url} did not accept the data: {string.Join(" | ", await ErrorsAsync(response))}");
            url = response.Headers.Location!.OriginalString;
        }
        Assert.EndsWith("/pruefen", url, StringComparison.Ordinal);
        return url;
    }

    /// <summary>Fills one page from the data (adding repeatable items first) and presses "Weiter".</summary>
    public async Task<HttpResponseMessage> SubmitPageAsync(string url, JsonObject data, IReadOnlyDictionary<string, UploadFile>? files = null,
        string action = "weiter")
    {
        var page = await client.GetPageAsync(StripFragment(url));
        foreach (var add in page.QuerySelectorAll("button[name=aktion][value^='hinzufuegen:']").Select(b => b.GetAttribute("value")!).ToList())
        {
            var groupId = add["hinzufuegen:".Length..];
            var wanted = (data[groupId] as JsonArray)?.Count ?? 0;
            for (var guard = 0; guard < 20 && Rendered(page, groupId) < wanted; guard++)
            {
                var added = await client.PostAsync(StripFragment(url), page, [FormPost.Value("aktion", add)]);
                Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
                page = await client.GetPageAsync(StripFragment(url));
            }
        }
        var values = new List<KeyValuePair<string, string>> { FormPost.Value("aktion", action) };
        var uploads = new List<UploadFile>();
        var form = page.Forms.First(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase));
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || name == "aktion" || name.StartsWith("__", StringComparison.Ordinal))
            {
                continue;
            }
            var value = Lookup(data, name);
            switch (element)
            {
                case IHtmlInputElement { Type: "radio" or "checkbox" } box:
                    if (IsSelected(value, box.Value))
                    {
                        values.Add(FormPost.Value(name, box.Value));
                    }
                    break;
                case IHtmlInputElement { Type: "file" }:
                    if (files?.GetValueOrDefault(name) is { } file)
                    {
                        uploads.Add(file);
                    }
                    break;
                case IHtmlInputElement or IHtmlSelectElement or IHtmlTextAreaElement:
                    if (value is not null)
                    {
                        values.Add(FormPost.Value(name, AsText(value)));
                    }
                    break;
            }
        }
        return await client.PostAsync(StripFragment(url), page, values, uploads);
    }

    public static async Task<IReadOnlyList<string>> ErrorsAsync(HttpResponseMessage response)
    {
        var page = await Html.ParseAsync(response);
        return page.QuerySelectorAll("#fehlerzusammenfassung a").Select(a => a.TextContent.Trim() + " → " + a.GetAttribute("href")).ToList();
    }

    private static int Rendered(IHtmlDocument page, string groupId)
    {
        var count = 0;
        while (page.QuerySelector($"fieldset#{groupId}-{count}") is not null)
        {
            count++;
        }
        return count;
    }

    private static string StripFragment(string url) => url.Split('#')[0];

    /// <summary>The data at an input name: <c>hunde[1].rasse</c>, <c>halter.anschrift.street</c>.</summary>
    public static JsonNode? Lookup(JsonObject data, string name)
    {
        JsonNode? node = data;
        foreach (var part in name.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket > 0)
            {
                node = (node as JsonObject)?[part[..bracket]];
                node = (node as JsonArray)?.ElementAtOrDefault(int.Parse(part[(bracket + 1)..^1], CultureInfo.InvariantCulture));
            }
            else
            {
                node = (node as JsonObject)?[part];
            }
        }
        return node;
    }

    private static bool IsSelected(JsonNode? value, string optionValue) => value switch
    {
        JsonArray list => list.Any(v => v?.ToString() == optionValue),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => (v.GetValue<bool>() ? "true" : "false") == optionValue,
        JsonValue v => v.ToString() == optionValue,
        _ => false,
    };

    /// <summary>A value as a German user types it: decimal comma.</summary>
    private static string AsText(JsonNode value) => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number
        ? v.GetValue<decimal>().ToString(CultureInfo.GetCultureInfo("de-DE"))
        : value.ToString();
}
