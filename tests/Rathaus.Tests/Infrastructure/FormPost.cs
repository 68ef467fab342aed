using System.Net.Http.Headers;
using AngleSharp.Html.Dom;

namespace Rathaus.Tests.Infrastructure;

/// <summary>A file as a browser uploads it.</summary>
public sealed record UploadFile(string Field, string FileName, byte[] Content, string ContentType = "application/octet-stream");

/// <summary>Posts a page's form as multipart, the way a browser does for a form with file inputs.</summary>
public static class FormPost
{
    /// <summary>Posts the first POST form of <paramref name="page"/> with its hidden inputs, the given values (a key may repeat) and files.</summary>
    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string pageUrl, IHtmlDocument page,
        IEnumerable<KeyValuePair<string, string>> values, IEnumerable<UploadFile>? files = null)
    {
        var form = page.Forms.First(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase));
        var content = new MultipartFormDataContent();
        foreach (var hidden in form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name)))
        {
            content.Add(new StringContent(hidden.Value), hidden.Name!);
        }
        foreach (var (key, value) in values)
        {
            content.Add(new StringContent(value), key);
        }
        foreach (var file in files ?? [])
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            content.Add(part, file.Field, file.FileName);
        }
        var target = form.GetAttribute("action") is { Length: > 0 } a ? a : pageUrl;
        return client.PostAsync(target, content);
    }

    public static KeyValuePair<string, string> Value(string key, string value) => new(key, value);
}
