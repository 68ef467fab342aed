using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Platform.Database;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Portal;

/// <summary>Submissions over the API for state portals: every shipped service, its invalid examples, retries, bad input.</summary>
public sealed class SubmissionApiTests(RathausApp app) : IClassFixture<RathausApp>
{
    public static TheoryData<string> Services => new(ShippedServices.WithForms());

    private Task<HttpClient> ClientAsync(string serviceId = "sperrmuell") => Applicants.SignedInAsync(app, serviceId);

    private static MultipartFormDataContent Multipart(JsonObject data, IEnumerable<UploadFile> files)
    {
        var content = new MultipartFormDataContent { { new StringContent(new JsonObject { ["data"] = data }.ToJsonString(), Encoding.UTF8, "application/json"), "data" } };
        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            content.Add(part, file.Field, file.FileName);
        }
        return content;
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_valid_example_submits_and_creates_exactly_one_case_with_its_data(string serviceId)
    {
        var client = await ClientAsync(serviceId);
        var (data, files) = ShippedServices.WithUploads(ShippedServices.Valid(serviceId));

        var response = await client.PostAsync($"/api/v1/services/{serviceId}/submissions", Multipart(data, files));

        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{serviceId}: {await response.Content.ReadAsStringAsync()}");
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var reference = body["reference"]!.GetValue<string>();
        Assert.Matches(@"^[A-Z]{3}-[A-Z0-9]+-\d{4}-\d{6}$", reference);
        var stored = await app.QueryAsync<(int Count, string Data, int Documents, string? Instance)>("""
            SELECT count(*) OVER ()::int, c.data::text, (SELECT count(*)::int FROM case_documents d WHERE d.case_id = c.id AND d.kind = 'evidence'), c.process_instance_id
            FROM cases c WHERE c.service_id = @serviceId
            """, new { serviceId });
        Assert.Equal(1, stored.Count);
        Assert.Equal(files.Count, stored.Documents); // the receipt follows after the acknowledgement (PendingReceiptTests)
        Assert.NotNull(stored.Instance);
        var saved = JsonNode.Parse(stored.Data)!.AsObject();
        foreach (var (group, value) in data)
        {
            Assert.True(saved.ContainsKey(group), $"{serviceId}: group {group} missing from the case");
            if (value is JsonObject fields)
            {
                foreach (var (field, fieldValue) in fields)
                {
                    if (fieldValue is not JsonArray { Count: 0 })
                    {
                        Assert.True(saved[group]![field] is not null, $"{serviceId}: {group}.{field} missing from the case");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Invalid_examples_are_refused_with_the_right_errors_and_store_nothing(string serviceId)
    {
        var client = await ClientAsync(serviceId);
        foreach (var (name, example, expected) in ShippedServices.Invalid(serviceId))
        {
            var (data, files) = ShippedServices.WithUploads(example);
            var before = await app.QueryAsync<int>("SELECT count(*)::int FROM cases");

            var response = await client.PostAsync($"/api/v1/services/{serviceId}/submissions", Multipart(data, files));

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{serviceId}/{name}: {response.StatusCode}");
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            var errors = problem["errors"]!.AsArray().Select(e => (e!["path"]!.GetValue<string>(), e["code"]!.GetValue<string>())).ToList();
            foreach (var error in expected)
            {
                Assert.True(errors.Contains(error), $"{serviceId}/{name}: expected {error}, got {string.Join(", ", errors)}");
            }
            Assert.All(problem["errors"]!.AsArray(), e => Assert.False(string.IsNullOrWhiteSpace(e!["message"]!.GetValue<string>())));
            Assert.Equal(before, await app.QueryAsync<int>("SELECT count(*)::int FROM cases"));
        }
    }

    [Fact]
    public async Task The_same_idempotency_key_sent_concurrently_creates_one_case()
    {
        var client = await ClientAsync();
        var (data, _) = ShippedServices.WithUploads(ShippedServices.Valid("sperrmuell"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/services/sperrmuell/submissions")
            {
                Content = JsonContent.Create(new JsonObject { ["data"] = data.DeepClone() }),
            };
            request.Headers.Add("Idempotency-Key", "b2d4c6e8-retry-1");
            return client.SendAsync(request);
        }));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var references = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonObject>())!["reference"]!.GetValue<string>()));
        Assert.Single(references.Distinct());
        Assert.Equal(1, await app.QueryAsync<int>("SELECT count(*)::int FROM cases WHERE idempotency_key = 'b2d4c6e8-retry-1'"));
    }

    [Fact]
    public async Task The_same_key_with_other_data_is_refused()
    {
        var client = await ClientAsync();
        var (data, _) = ShippedServices.WithUploads(ShippedServices.Valid("sperrmuell"));
        async Task<HttpResponseMessage> SendAsync(JsonObject d)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/services/sperrmuell/submissions") { Content = JsonContent.Create(new JsonObject { ["data"] = d }) };
            request.Headers.Add("Idempotency-Key", "key-reused-with-other-data");
            return await client.SendAsync(request);
        }
        Assert.Equal(HttpStatusCode.Created, (await SendAsync((JsonObject)data.DeepClone())).StatusCode);
        var other = (JsonObject)data.DeepClone();
        other["anmelder"]!["vornamen"] = "Anna";

        var second = await SendAsync(other);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal(1, await app.QueryAsync<int>("SELECT count(*)::int FROM cases WHERE idempotency_key = 'key-reused-with-other-data'"));
    }

    [Theory]
    [InlineData("{\"data\": {")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"data\": {\"a\": 1, \"a\": 2}}")]
    [InlineData("{\"data\": \"text\"}")]
    public async Task Malformed_json_gets_a_clear_400_and_stores_nothing(string body)
    {
        var client = app.ClientFor();
        var before = await app.QueryAsync<int>("SELECT count(*)::int FROM cases");

        var response = await client.PostAsync("/api/v1/services/sperrmuell/submissions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await response.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>()));
        Assert.Equal(before, await app.QueryAsync<int>("SELECT count(*)::int FROM cases"));
    }

    [Fact]
    public async Task Deeply_nested_json_and_huge_numbers_are_refused_not_crashed_on()
    {
        var client = app.ClientFor();
        var deep = "{\"data\": " + string.Concat(Enumerable.Repeat("{\"a\": ", 5000)) + "1" + new string('}', 5000) + "}";
        var huge = ShippedServices.Valid("sperrmuell");
        foreach (var (group, value) in huge)
        {
            if (value is JsonObject fields)
            {
                foreach (var key in fields.Select(f => f.Key).ToList())
                {
                    if (fields[key] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number)
                    {
                        fields[key] = JsonNode.Parse("1e400");
                    }
                }
            }
        }

        var deepResponse = await client.PostAsync("/api/v1/services/sperrmuell/submissions", new StringContent(deep, Encoding.UTF8, "application/json"));
        var hugeResponse = await client.PostAsync("/api/v1/services/sperrmuell/submissions", JsonContent.Create(new JsonObject { ["data"] = huge }));

        Assert.Equal(HttpStatusCode.BadRequest, deepResponse.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, hugeResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_service_is_404_and_the_schema_of_a_known_one_names_its_groups()
    {
        var client = app.ClientFor();

        var unknown = await client.PostAsync("/api/v1/services/gibt-es-nicht/submissions", JsonContent.Create(new JsonObject { ["data"] = new JsonObject() }));
        var schema = await client.GetFromJsonAsync<JsonObject>("/api/v1/services/sperrmuell/form/schema");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var valid = ShippedServices.Valid("sperrmuell");
        Assert.All(valid.Select(g => g.Key), group => Assert.True(schema!["properties"]!.AsObject().ContainsKey(group), group));
    }
}
