using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Portal;

namespace Rathaus.Tests.Hostile;

/// <summary>
/// The hostile-input corpus: every parser and upload the application takes over HTTP, each with malformed and hostile
/// input. Each must answer a 4xx with a message that says what is wrong, leave the application healthy and store
/// nothing: the rows of every table and the files in the blob store are counted before and after.
/// docs/testing.md, "Hostile input", lists the table and the decisions.
/// </summary>
public sealed class HostileInputCorpusTests(HostileApp app) : IClassFixture<HostileApp>
{
    /// <summary>Who sends the input.</summary>
    public enum Sender
    {
        Anonymous,
        Citizen,
        Admin,
    }

    /// <summary>One row of the corpus: an entry point, a hostile input, how it is sent and the status codes that fit.</summary>
    public sealed record Attack(string EntryPoint, string Input, Sender Sender, Func<HostileApp, Task<HttpRequestMessage>> Request, params HttpStatusCode[] Status);

    private const string Deploy = "/api/v1/processes/definitions";
    private const string Submit = "/api/v1/services/sperrmuell/submissions";
    private const string SubmitWithFiles = "/api/v1/services/hundeanmeldung/submissions";
    private const string FilePlan = "/api/v1/records/fileplan";
    private const string Import = "/api/v1/records/imports";
    private const string Statutes = "/api/v1/dog-tax/statutes";
    private const string WasteCalendar = "/api/v1/waste-calendar";
    private const string Wohngeld = "/api/v1/wohngeld/berechnung";
    private const string XdomeaName = "3f1c1f52-9a6e-4a5b-8f39-0c7c1b0b7a11_Aussonderung.Aussonderung.0503.xml";

    private static readonly HttpStatusCode[] Refused = [HttpStatusCode.BadRequest];
    private static readonly HttpStatusCode[] TooLarge = [HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge];

    private static Func<HostileApp, Task<HttpRequestMessage>> Body(HttpMethod method, string url, byte[] body, string contentType) =>
        _ => Task.FromResult(new HttpRequestMessage(method, url) { Content = new ByteArrayContent(body) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } } });

    private static Func<HostileApp, Task<HttpRequestMessage>> Body(HttpMethod method, string url, string body, string contentType) =>
        Body(method, url, Encoding.UTF8.GetBytes(body), contentType);

    /// <summary>The valid bulky-waste application with one value replaced by raw JSON text.</summary>
    private static string SperrmuellWith(string group, string field, string rawJson)
    {
        var data = ShippedServices.Valid("sperrmuell");
        data[group]![field] = "\u0001PLACEHOLDER\u0001";
        return new JsonObject { ["data"] = data }.ToJsonString().Replace("\"\\u0001PLACEHOLDER\\u0001\"", rawJson, StringComparison.Ordinal);
    }

    /// <summary>The valid dog registration as multipart, its first evidence file replaced by <paramref name="content"/>.</summary>
    private static Func<HostileApp, Task<HttpRequestMessage>> DogWithFile(string fileName, byte[] content, string contentType = "application/pdf") => _ =>
    {
        var (data, files) = ShippedServices.WithUploads(ShippedServices.Valid("hundeanmeldung"));
        var multipart = new MultipartFormDataContent { { new StringContent(new JsonObject { ["data"] = data }.ToJsonString(), Encoding.UTF8, "application/json"), "data" } };
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        multipart.Add(part, files[0].Field, fileName);
        return Task.FromResult(new HttpRequestMessage(HttpMethod.Post, SubmitWithFiles) { Content = multipart });
    };

    private static Func<HostileApp, Task<HttpRequestMessage>> Version(string fileName, byte[] content, string contentType) => async a =>
    {
        var multipart = new MultipartFormDataContent();
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        multipart.Add(part, "file", fileName);
        return new HttpRequestMessage(HttpMethod.Post, $"/api/v1/records/documents/{await a.DocumentAsync()}/versions") { Content = multipart };
    };

    private static readonly Lazy<byte[]> BombZip = new(() => HostileInputs.ZipBomb(XdomeaName));

    private static readonly string WohngeldValid = """{"mitglieder":[{"bruttojahreseinkommen":24000}],"miete":500,"mietstufe":3}""";

    private static IEnumerable<Attack> All()
    {
        var post = HttpMethod.Post;
        var put = HttpMethod.Put;
        const string xml = "application/xml";
        const string json = "application/json";

        // BPMN deployment
        yield return new(Deploy, "external entity", Sender.Admin, Body(post, Deploy, HostileInputs.ExternalEntityXml(), xml), Refused);
        yield return new(Deploy, "billion laughs", Sender.Admin, Body(post, Deploy, HostileInputs.BillionLaughsXml(), xml), Refused);
        yield return new(Deploy, "10,000-deep nesting", Sender.Admin, Body(post, Deploy, HostileInputs.DeepXml(), xml), Refused);
        yield return new(Deploy, "50 MB", Sender.Admin, Body(post, Deploy, HostileInputs.FiftyMegabytes("<?xml version=\"1.0\"?><definitions>"), xml), TooLarge);
        yield return new(Deploy, "0 bytes", Sender.Admin, Body(post, Deploy, [], xml), Refused);
        // Otherwise deployable: only the start event's name is broken.
        var deployable = Rathaus.Tests.Processes.ProcessModels.Definitions("utf8",
            """<bpmn:startEvent id="s" name="X"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"/><bpmn:endEvent id="e"/>""").Split('X');
        yield return new(Deploy, "invalid UTF-8", Sender.Admin, Body(post, Deploy, HostileInputs.InvalidUtf8(deployable[0], deployable[1]), xml), Refused);
        yield return new(Deploy, "a program", Sender.Admin, Body(post, Deploy, SampleFiles.WindowsProgram(), "application/octet-stream"), Refused);

        // Submission API, JSON
        yield return new(Submit, "10,000-deep nesting", Sender.Citizen, Body(post, Submit, "{\"data\":" + HostileInputs.DeepJson() + "}", json), Refused);
        yield return new(Submit, "10,000-deep array", Sender.Citizen, Body(post, Submit, "{\"data\":{\"anmelder\":" + HostileInputs.DeepArray() + "}}", json), Refused);
        yield return new(Submit, "1e400 for a number", Sender.Citizen, Body(post, Submit, SperrmuellWith("menge", "volumen", "1e400"), json), Refused);
        yield return new(Submit, "2^70 for a count", Sender.Citizen, Body(post, Submit,
            SperrmuellWith("menge", "volumen", "2.5").Replace("\"anzahl\":1", "\"anzahl\":" + HostileInputs.TwoToThe70, StringComparison.Ordinal), json), Refused);
        yield return new(Submit, "duplicate keys", Sender.Citizen, Body(post, Submit, SperrmuellWith("anmelder", "familienname", "\"Becker\",\"familienname\":\"Evil\""), json), Refused);
        yield return new(Submit, "wrong types", Sender.Citizen, Body(post, Submit, SperrmuellWith("menge", "volumen", "{\"viel\":true}"), json), Refused);
        yield return new(Submit, "invalid UTF-8", Sender.Citizen, Body(post, Submit,
            HostileInputs.InvalidUtf8(SperrmuellWith("anmelder", "familienname", "\"X\"").Split('X')[0], SperrmuellWith("anmelder", "familienname", "\"X\"").Split('X')[1]), json), Refused);
        yield return new(Submit, "50 MB", Sender.Citizen, Body(post, Submit, HostileInputs.FiftyMegabytes("{\"data\":{}}"), json), TooLarge);
        yield return new(Submit, "1 MB in a text field", Sender.Citizen, Body(post, Submit, SperrmuellWith("anmelder", "familienname", "\"" + HostileInputs.OneMegabyte + "\""), json), Refused);
        yield return new(Submit, "NUL in a text field", Sender.Citizen, Body(post, Submit, SperrmuellWith("anmelder", "familienname", "\"Becker\\u0000\""), json), Refused);
        yield return new(Submit, "escape sequence in a text field", Sender.Citizen, Body(post, Submit, SperrmuellWith("anmelder", "familienname", "\"\\u001b[31mBecker\""), json), Refused);
        yield return new(Submit, "not JSON", Sender.Citizen, Body(post, Submit, SampleFiles.WindowsProgram(), json), Refused);

        // Submission API, multipart with uploads
        yield return new(SubmitWithFiles, "a program named .pdf", Sender.Citizen, DogWithFile("nachweis.pdf", SampleFiles.WindowsProgram()), Refused);
        yield return new(SubmitWithFiles, "0 bytes", Sender.Citizen, DogWithFile("nachweis.pdf", []), Refused);
        yield return new(SubmitWithFiles, "oversized", Sender.Citizen, DogWithFile("nachweis.pdf", [.. SampleFiles.Pdf(), .. new byte[HostileApp.MaxFileBytes]]), Refused);
        yield return new(SubmitWithFiles, "EICAR named .pdf", Sender.Citizen, DogWithFile("nachweis.pdf", HostileInputs.Eicar), Refused);
        yield return new(SubmitWithFiles, "zip bomb", Sender.Citizen, DogWithFile("nachweis.pdf", BombZip.Value, "application/zip"), Refused);
        yield return new(SubmitWithFiles, "HTML named .pdf", Sender.Citizen, DogWithFile("nachweis.pdf", SampleFiles.Html(), "text/html"), Refused);

        // Records: file plan (CSV)
        yield return new(FilePlan, "0 bytes", Sender.Admin, Body(put, FilePlan, [], "text/csv"), Refused);
        yield return new(FilePlan, "50 MB", Sender.Admin, Body(put, FilePlan, HostileInputs.FiftyMegabytes("number;title;retention_years;disposal;departments\n"), "text/csv"), TooLarge);
        yield return new(FilePlan, "invalid UTF-8", Sender.Admin, Body(put, FilePlan,
            HostileInputs.InvalidUtf8("number;title;retention_years;disposal;departments\n1;", ";10;destroy;\n"), "text/csv"), Refused);
        yield return new(FilePlan, "a program", Sender.Admin, Body(put, FilePlan, SampleFiles.WindowsProgram(), "text/csv"), Refused);
        yield return new(FilePlan, "control characters", Sender.Admin, Body(put, FilePlan, "number;title;retention_years;disposal;departments\n1;Ord\u0000nung\u001b[31m;10;destroy;\n", "text/csv"), Refused);

        // Records: xdomea import (zip)
        yield return new(Import, "0 bytes", Sender.Admin, Body(post, Import, [], "application/zip"), Refused);
        yield return new(Import, "not a zip", Sender.Admin, Body(post, Import, SampleFiles.Pdf(), "application/zip"), Refused);
        yield return new(Import, "zip bomb", Sender.Admin, Body(post, Import, BombZip.Value, "application/zip"), Refused);
        yield return new(Import, "path traversal", Sender.Admin, Body(post, Import,
            HostileInputs.Zip((XdomeaName, Encoding.UTF8.GetBytes("<x/>")), ("../../etc/cron.d/evil", SampleFiles.Pdf())), "application/zip"), Refused);
        yield return new(Import, "external entity inside", Sender.Admin, Body(post, Import,
            HostileInputs.Zip((XdomeaName, Encoding.UTF8.GetBytes(HostileInputs.ExternalEntityXml("Aussonderung.Aussonderung.0503", "urn:xoev-de:xdomea:schema:3.1.0")))), "application/zip"), Refused);
        yield return new(Import, "billion laughs inside", Sender.Admin, Body(post, Import,
            HostileInputs.Zip((XdomeaName, Encoding.UTF8.GetBytes(HostileInputs.BillionLaughsXml("Aussonderung.Aussonderung.0503", "urn:xoev-de:xdomea:schema:3.1.0")))), "application/zip"), Refused);
        yield return new(Import, "10,000-deep nesting inside", Sender.Admin, Body(post, Import,
            HostileInputs.Zip((XdomeaName, Encoding.UTF8.GetBytes(HostileInputs.DeepXml(10_000, "Aussonderung.Aussonderung.0503", "urn:xoev-de:xdomea:schema:3.1.0")))), "application/zip"), Refused);

        yield return new(Import, "wrong content type", Sender.Admin, Body(post, Import, SampleFiles.Pdf(), "text/plain"), HttpStatusCode.UnsupportedMediaType);

        // Process instances (JSON bound by the framework)
        yield return new("/api/v1/processes/instances", "10,000-deep nesting", Sender.Admin, Body(post, "/api/v1/processes/instances", HostileInputs.DeepJson(), json), Refused);
        yield return new("/api/v1/processes/instances", "duplicate keys", Sender.Admin, Body(post, "/api/v1/processes/instances", "{\"processId\":\"a\",\"processId\":\"b\"}", json), Refused);

        // Records: new document version (multipart)
        yield return new("/api/v1/records/documents/{id}/versions", "0 bytes", Sender.Admin, Version("leer.pdf", [], "application/pdf"), Refused);
        yield return new("/api/v1/records/documents/{id}/versions", "no file part", Sender.Admin,
            async a => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/records/documents/{await a.DocumentAsync()}/versions") { Content = new StringContent("{}", Encoding.UTF8, json) },
            HttpStatusCode.BadRequest, HttpStatusCode.UnsupportedMediaType);

        // Dog tax statute (JSON)
        yield return new(Statutes, "10,000-deep nesting", Sender.Admin, Body(put, Statutes, HostileInputs.DeepJson(), json), Refused);
        yield return new(Statutes, "huge numbers", Sender.Admin, Body(put, Statutes, "{\"validFrom\":\"2027-01-01\",\"rates\":{\"first\":1e400,\"second\":" + HostileInputs.TwoToThe70 + "}}", json), Refused);
        yield return new(Statutes, "duplicate keys", Sender.Admin, Body(put, Statutes, "{\"validFrom\":\"2027-01-01\",\"validFrom\":\"2028-01-01\"}", json), Refused);
        yield return new(Statutes, "wrong types", Sender.Admin, Body(put, Statutes, "[1,2,3]", json), Refused);
        yield return new(Statutes, "invalid UTF-8", Sender.Admin, Body(put, Statutes, HostileInputs.InvalidUtf8("""{ "validFrom": "2031-01-01", "title": "Hundesteuersatzung """,
            """ 2031", "rates": { "first": 50, "second": 100, "further": 100, "listed": 500 }, "liabilityStart": "same-month", "dueDates": ["03-01"], "exemptions": [] }"""), json), Refused);
        yield return new(Statutes, "50 MB", Sender.Admin, Body(put, Statutes, HostileInputs.FiftyMegabytes("{\"validFrom\":\"2027-01-01\"}"), json), TooLarge);

        // Waste calendar (JSON or CSV)
        yield return new(WasteCalendar, "10,000-deep nesting", Sender.Admin, Body(post, WasteCalendar, HostileInputs.DeepJson(), json), Refused);
        yield return new(WasteCalendar, "huge numbers", Sender.Admin, Body(post, WasteCalendar,
            "{\"districts\":[{\"name\":\"Nord\",\"streets\":[\"A\"],\"dates\":[{\"date\":\"2027-01-05\",\"capacity\":" + HostileInputs.TwoToThe70 + "}]}]}", json), Refused);
        yield return new(WasteCalendar, "duplicate keys", Sender.Admin, Body(post, WasteCalendar, "{\"districts\":[],\"districts\":[]}", json), Refused);
        yield return new(WasteCalendar, "invalid UTF-8", Sender.Admin, Body(post, WasteCalendar, HostileInputs.InvalidUtf8("bezirk;name;strasse\nNord;Nord;", "str.\n"), "text/csv"), Refused);
        yield return new(WasteCalendar, "50 MB", Sender.Admin, Body(post, WasteCalendar, HostileInputs.FiftyMegabytes("bezirk;name;strasse\n"), "text/csv"), TooLarge);
        yield return new(WasteCalendar, "a program", Sender.Admin, Body(post, WasteCalendar, SampleFiles.WindowsProgram(), "text/csv"), Refused);

        // Wohngeld calculation (JSON, nothing stored)
        yield return new(Wohngeld, "10,000-deep nesting", Sender.Anonymous, Body(post, Wohngeld, HostileInputs.DeepJson(), json), Refused);
        yield return new(Wohngeld, "1e400 for the rent", Sender.Anonymous, Body(post, Wohngeld, WohngeldValid.Replace("500", "1e400", StringComparison.Ordinal), json), Refused);
        yield return new(Wohngeld, "2^70 for the Mietstufe", Sender.Anonymous, Body(post, Wohngeld, WohngeldValid.Replace(":3", ":" + HostileInputs.TwoToThe70, StringComparison.Ordinal), json), Refused);
        yield return new(Wohngeld, "duplicate keys", Sender.Anonymous, Body(post, Wohngeld, WohngeldValid.Replace("\"miete\":500", "\"miete\":500,\"miete\":5", StringComparison.Ordinal), json), Refused);
        yield return new(Wohngeld, "wrong types", Sender.Anonymous, Body(post, Wohngeld, WohngeldValid.Replace("500", "\"viel\"", StringComparison.Ordinal), json), Refused);
        yield return new(Wohngeld, "invalid UTF-8", Sender.Anonymous, Body(post, Wohngeld, HostileInputs.InvalidUtf8("{\"mitglieder\":[{\"bruttojahreseinkommen\":24000}],\"x\":\"", "\",\"miete\":500,\"mietstufe\":3}"), json), Refused);
        yield return new(Wohngeld, "not JSON", Sender.Anonymous, Body(post, Wohngeld, "miete=500", json), Refused);
    }

    private static readonly Dictionary<string, Attack> Corpus = All().ToDictionary(a => $"{a.EntryPoint} ← {a.Input}");

    public static TheoryData<string> Rows => new(Corpus.Keys);

    private async Task<HttpClient> ClientAsync(Sender sender) => sender switch
    {
        Sender.Admin => await app.AdminAsync(),
        Sender.Citizen => await app.CitizenAsync(),
        _ => app.ClientFor(),
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Hostile_input_gets_a_clear_4xx_stores_nothing_and_the_application_stays_healthy(string row)
    {
        var attack = Corpus[row];
        var client = await ClientAsync(attack.Sender);
        using var request = await attack.Request(app);
        var before = await app.SnapshotAsync();

        using var response = await client.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(attack.Status.Contains(response.StatusCode), $"{row}: {(int)response.StatusCode} {body}");
        Assert.False(string.IsNullOrWhiteSpace(Message(body)), $"{row}: no message in {body}");
        Assert.DoesNotContain(HostileInputs.PasswdLine, body, StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync());
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor().GetAsync("/health/ready")).StatusCode);
    }

    /// <summary>What the answer tells the sender: the problem's detail, its errors and problems, else its title.</summary>
    internal static string Message(string body)
    {
        JsonObject? problem;
        try
        {
            problem = JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return "";
        }
        if (problem is null)
        {
            return "";
        }
        var parts = new List<string?> { problem["detail"]?.ToString(), problem["errors"]?.ToJsonString(), problem["problems"]?.ToJsonString() };
        var text = string.Join(" ", parts.Where(p => !string.IsNullOrWhiteSpace(p) && p != "[]" && p != "{}"));
        return text.Length > 0 ? text : problem["title"]?.ToString() ?? "";
    }
}
