using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Xunit.Abstractions;
using Npgsql;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Resilience;

/// <summary>
/// Faults on loopback, bounded in time: the application killed with SIGKILL while submissions are in flight, and
/// PostgreSQL stopped under load. Whatever was acknowledged with a 2xx must be there afterwards, with its
/// documents, and its process must go on.
/// </summary>
public sealed class ResilienceTests(PrivateCluster cluster, ITestOutputHelper output) : IClassFixture<PrivateCluster>, IAsyncLifetime
{
    private const string ServiceId = "ausfall-probe";
    private readonly string _data = Directory.CreateTempSubdirectory("rathaus-resilience-").FullName;
    private AppProcess _app = null!;

    public async Task InitializeAsync()
    {
        _app = new AppProcess(cluster.ConnectionString, _data);
        await _app.StartAsync();
        await _app.AdminAsync("admin", "service", "install", WriteProbePackage(), "--tenant", "musterstadt");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    /// <summary>What a client got acknowledged: the idempotency key, the case reference and the evidence's SHA-256.</summary>
    private sealed record Acknowledged(string Key, string Reference, string Sha256);

    /// <summary>Submits continuously from several clients until stopped; records every 2xx and every other answer.</summary>
    private static async Task LoadAsync(AppProcess app, int clients, ConcurrentBag<Acknowledged> acknowledged,
        ConcurrentBag<(HttpStatusCode Status, string? RetryAfter, string Body)> refused, CancellationToken stop)
    {
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            using var client = app.ClientFor("musterstadt");
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var key = $"probe-{c}-{i}-{Guid.NewGuid():N}";
                var pdf = SampleFiles.Pdf(key);
                using var content = new MultipartFormDataContent
                {
                    { new StringContent(new JsonObject { ["data"] = new JsonObject { ["angaben"] = new JsonObject { ["name"] = $"Antragsteller {c}/{i}" } } }.ToJsonString(), Encoding.UTF8, "application/json"), "data" },
                };
                var part = new ByteArrayContent(pdf);
                part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                content.Add(part, "angaben.nachweis", "nachweis.pdf");
                using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/services/{ServiceId}/submissions") { Content = content };
                request.Headers.Add("Idempotency-Key", key);
                try
                {
                    using var response = await client.SendAsync(request, CancellationToken.None);
                    var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                    if (response.IsSuccessStatusCode)
                    {
                        acknowledged.Add(new Acknowledged(key, JsonNode.Parse(body)!["reference"]!.GetValue<string>(), Convert.ToHexStringLower(SHA256.HashData(pdf))));
                    }
                    else
                    {
                        refused.Add((response.StatusCode, response.Headers.RetryAfter?.ToString(), body));
                        await Task.Delay(100, CancellationToken.None);
                    }
                }
                catch (HttpRequestException)
                {
                    // The process is gone or restarting: nothing was acknowledged for this request.
                    await Task.Delay(100, CancellationToken.None);
                }
                catch (TaskCanceledException)
                {
                    await Task.Delay(100, CancellationToken.None);
                }
            }
        }));
    }

    /// <summary>Every acknowledged submission is a case with its evidence (blob on disk with that hash) and a process that reached its user task.</summary>
    private async Task AssertAllThereAndMovingAsync(IReadOnlyCollection<Acknowledged> acknowledged)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        List<string> waiting;
        do
        {
            // The process waits on a 2-second timer, then routes a task to the Ordnungsamt: the timer must fire after the
            // restart too, also a timer the killed process had locked (taken over when its 10-second lock expires).
            waiting = (await connection.QueryAsync<string>("""
                SELECT c.reference FROM cases c
                WHERE c.service_id = @ServiceId AND c.reference = ANY (@references)
                  AND NOT EXISTS (SELECT 1 FROM process_user_tasks t WHERE t.instance_id = c.process_instance_id AND t.status = 'open')
                """, new { ServiceId, references = acknowledged.Select(a => a.Reference).ToArray() })).ToList();
            if (waiting.Count > 0)
            {
                await Task.Delay(500);
            }
        }
        while (waiting.Count > 0 && DateTime.UtcNow < deadline);

        var stored = (await connection.QueryAsync<(string Reference, string Key, string? Sha256)>("""
            SELECT c.reference, c.idempotency_key, d.sha256 FROM cases c
            LEFT JOIN case_documents d ON d.case_id = c.id AND d.kind = 'evidence'
            WHERE c.service_id = @ServiceId
            """, new { ServiceId })).ToDictionary(r => r.Reference);
        Assert.All(acknowledged, a =>
        {
            Assert.True(stored.TryGetValue(a.Reference, out var row), $"acknowledged case {a.Reference} is missing");
            Assert.Equal(a.Key, row.Key);
            Assert.Equal(a.Sha256, row.Sha256);
            Assert.True(File.Exists(Path.Combine(_data, "blobs", a.Sha256[..2], a.Sha256[2..4], a.Sha256)),
                $"the evidence of {a.Reference} is not in the blob store");
        });
        Assert.Empty(waiting);
        output.WriteLine($"{acknowledged.Count} acknowledged submissions found with their evidence; each process passed its timer.");
    }

    [Fact]
    public async Task Killing_the_application_during_submissions_loses_nothing_acknowledged_and_processes_go_on()
    {
        var acknowledged = new ConcurrentBag<Acknowledged>();
        var refused = new ConcurrentBag<(HttpStatusCode, string?, string)>();
        using var stop = new CancellationTokenSource();

        var load = LoadAsync(_app, 6, acknowledged, refused, stop.Token);
        while (acknowledged.Count < 30)
        {
            await Task.Delay(50);
        }
        await _app.KillAsync();
        var beforeRestart = acknowledged.Count;
        await _app.StartAsync();
        while (acknowledged.Count < beforeRestart + 10)
        {
            await Task.Delay(50);
        }
        await stop.CancelAsync();
        await load;

        output.WriteLine($"{beforeRestart} acknowledged before the kill, {acknowledged.Count} in all; {refused.Count} refused.");
        Assert.DoesNotContain(refused, r => (int)r.Item1 >= 500);
        await AssertAllThereAndMovingAsync([.. acknowledged]);
    }

    [Fact]
    public async Task With_PostgreSQL_stopped_the_application_answers_503_with_Retry_After_and_recovers_by_itself()
    {
        var acknowledged = new ConcurrentBag<Acknowledged>();
        var refused = new ConcurrentBag<(HttpStatusCode Status, string? RetryAfter, string Body)>();
        using var stop = new CancellationTokenSource();

        var load = LoadAsync(_app, 4, acknowledged, refused, stop.Token);
        while (acknowledged.Count < 20)
        {
            await Task.Delay(50);
        }
        await cluster.StopAsync();
        while (refused.Count(r => r.Status == HttpStatusCode.ServiceUnavailable) < 10)
        {
            await Task.Delay(50);
        }
        await cluster.StartAsync();
        var afterRestart = acknowledged.Count;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (acknowledged.Count < afterRestart + 20 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        await stop.CancelAsync();
        await load;
        using var probe = _app.ClientFor("musterstadt");
        var health = await probe.GetAsync($"http://127.0.0.1:{_app.Port}/health/ready");

        output.WriteLine($"{afterRestart} acknowledged before PostgreSQL came back, {acknowledged.Count} in all; {refused.Count} answered 503.");
        Assert.True(acknowledged.Count >= afterRestart + 20, "submissions did not succeed again after PostgreSQL came back");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.All(refused, r =>
        {
            Assert.True(r.Status == HttpStatusCode.ServiceUnavailable, $"answered {(int)r.Status} instead of 503: {r.Body}");
            Assert.False(string.IsNullOrEmpty(r.RetryAfter), "a 503 without Retry-After");
            Assert.DoesNotContain("   at ", r.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Npgsql", r.Body, StringComparison.Ordinal);
        });
        await AssertAllThereAndMovingAsync([.. acknowledged]);
    }

    /// <summary>A service whose process waits on a short timer before its first task, to see timers fire after a crash.</summary>
    private string WriteProbePackage()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_data, "package")).FullName;
        File.WriteAllText(Path.Combine(folder, "service.json"), $$"""
            {
              "id": "{{ServiceId}}", "version": "1.0.0",
              "name": { "de": "Ausfallprobe", "en": "Fault probe" },
              "summary": { "de": "Prüft, dass nichts verloren geht.", "en": "Checks that nothing is lost." },
              "description": { "de": "Eine Leistung für Ausfalltests.", "en": "A service for fault tests." },
              "topic": "engagement-und-hobby",
              "keywords": { "de": ["Probe"], "en": ["probe"] },
              "department": "ordnungsamt", "jurisdiction": "gemeinde", "assuranceLevel": "none",
              "fees": [], "evidence": [], "processingDays": 14,
              "legalBasis": [ { "de": "Keine", "en": "None" } ],
              "retentionYears": 1, "caseReferenceCode": "PROBE", "onlineApplication": true
            }
            """);
        File.WriteAllText(Path.Combine(folder, "form.json"), $$"""
            {
              "id": "{{ServiceId}}", "version": "1.0.0",
              "title": { "de": "Ausfallprobe", "en": "Fault probe" },
              "pages": [ { "id": "angaben", "title": { "de": "Angaben", "en": "Details" }, "groups": [ {
                "id": "angaben", "title": { "de": "Angaben", "en": "Details" },
                "fields": [
                  { "id": "name", "kind": "text", "label": { "de": "Name", "en": "Name" }, "required": true, "maxLength": 100 },
                  { "id": "nachweis", "kind": "file", "label": { "de": "Nachweis", "en": "Evidence" }, "required": true, "maxFiles": 1 }
                ] } ] } ]
            }
            """);
        File.WriteAllText(Path.Combine(folder, "process.bpmn"), $$"""
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_probe" targetNamespace="https://rathaus.example/tests">
              <bpmn:process id="{{ServiceId}}" isExecutable="true">
                <bpmn:startEvent id="Start" />
                <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Warten" />
                <bpmn:intermediateCatchEvent id="Warten">
                  <bpmn:timerEventDefinition><bpmn:timeDuration>PT2S</bpmn:timeDuration></bpmn:timerEventDefinition>
                </bpmn:intermediateCatchEvent>
                <bpmn:sequenceFlow id="F2" sourceRef="Warten" targetRef="Pruefen" />
                <bpmn:userTask id="Pruefen" name="Prüfen">
                  <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="ordnungsamt" /></bpmn:extensionElements>
                </bpmn:userTask>
                <bpmn:sequenceFlow id="F3" sourceRef="Pruefen" targetRef="Ende" />
                <bpmn:endEvent id="Ende" />
              </bpmn:process>
            </bpmn:definitions>
            """);
        return folder;
    }
}
