using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Dapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Platform.Database;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Portal;

namespace Rathaus.Tests.Security;

/// <summary>One operation the application answers: an endpoint's HTTP method, or a Razor page handler.</summary>
public sealed record Operation(string Key, string Method, string Pattern, string? Handler, bool IsPage, string Gate, string? ContentType = null);

/// <summary>
/// Every endpoint and page handler of the running application, from its endpoint data source, called as each of the
/// nine principals with objects of citizen A, department X and tenant 1: each gets exactly what
/// <see cref="AuthorizationMatrix"/> declares, a refused call changes nothing and no answer shows a case reference
/// its caller may not see (docs/security.md).
/// </summary>
public sealed partial class AuthorizationMatrixTests(RathausApp app, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<RathausApp>
{
    private const string Tenant1 = "musterstadt.localhost";
    private const string ServiceId = "handwerkerparkausweis";
    private const string Password = Rathaus.Platform.Demo.DemoSeeder.Password;

    /// <summary>Tables whose rows change on their own (chain writer, job locks) or that a request never writes.</summary>
    private static readonly string[] Unwatched = ["audit_chain", "audit_chain_queue", "process_jobs", "data_protection_keys", "schema_migrations"];

    [Fact]
    public async Task Every_endpoint_is_declared_in_the_matrix_and_every_row_names_an_endpoint()
    {
        var operations = await OperationsAsync();
        var declared = AuthorizationMatrix.Rows.Select(r => r.Operation).ToList();

        var undeclared = operations.Select(o => o.Key).Except(declared).Order(StringComparer.Ordinal).ToList();
        var stale = declared.Except(operations.Select(o => o.Key)).Order(StringComparer.Ordinal).ToList();
        var twice = declared.GroupBy(d => d).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.True(undeclared.Count == 0, "Declare these endpoints in the matrix (tests/Rathaus.Tests/Security/AuthorizationMatrix.cs):\n"
            + string.Join("\n", undeclared.Select(k => $"        new(\"{k}\", {AuthorizationMatrix.GateName(operations.First(o => o.Key == k).Gate)}, Who.…),")));
        Assert.True(stale.Count == 0, "These matrix rows name no endpoint of the application any more:\n" + string.Join("\n", stale));
        Assert.True(twice.Count == 0, "Declared twice: " + string.Join(", ", twice));
    }

    [Fact]
    public async Task Every_endpoint_carries_the_policy_the_matrix_declares_and_nothing_closed_is_open_by_accident()
    {
        var operations = (await OperationsAsync()).ToDictionary(o => o.Key);
        var problems = new List<string>();
        foreach (var row in AuthorizationMatrix.Rows.Where(r => operations.ContainsKey(r.Operation)))
        {
            var actual = operations[row.Operation].Gate;
            if (actual != row.Gate)
            {
                problems.Add($"{row.Operation}: the endpoint carries '{actual}', the matrix declares '{row.Gate}'");
            }
            if (row.Gate == AuthorizationMatrix.Public && !row.Allowed.HasFlag(Who.Anonymous) && string.IsNullOrWhiteSpace(row.Why))
            {
                problems.Add($"{row.Operation}: refuses anonymous callers without any policy; give it one, or say in Why where the check is made");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Every_principal_gets_exactly_what_the_matrix_declares_and_a_refused_call_changes_nothing()
    {
        var seed = await SeedAsync();
        var principals = await SignInAllAsync();
        var operations = (await OperationsAsync()).ToDictionary(o => o.Key);
        var rows = AuthorizationMatrix.Rows.Where(r => operations.ContainsKey(r.Operation))
            .Select(r => (Row: r, Op: operations[r.Operation]))
            // Reads first, then page forms, then API writes: the allowed writes of one row must not take away the objects of the next.
            .OrderBy(x => x.Op.Method == "GET" ? 0 : x.Op.IsPage ? 1 : 2)
            .ThenBy(x => x.Row.Operation, StringComparer.Ordinal)
            .ToList();
        var failures = new List<string>();
        var calls = 0;
        output.WriteLine("status per principal: " + string.Join(" ", principals.Select(p => p.Who)));
        await WaitQuietAsync();
        foreach (var (row, op) in rows)
        {
            var refused = principals.Where(p => !row.Allowed.HasFlag(p.Who)).ToList();
            var seen = new Dictionary<Who, string>();
            var before = await FingerprintAsync();
            foreach (var principal in refused)
            {
                var (status, location, body) = await CallAsync(row, op, principal, seed);
                calls++;
                seen[principal.Who] = $"{(int)status}";
                if (!IsRefusal(status, location) || (row.NoObject && status == HttpStatusCode.NotFound))
                {
                    failures.Add($"{row.Operation} as {principal.Who}: expected a refusal{(row.NoObject ? " by the policy" : "")}, got {(int)status} {location}");
                }
                CheckLeak(failures, row, principal.Who, body, seed);
            }
            var after = await FingerprintAsync();
            foreach (var table in before.Keys.Where(t => !after.TryGetValue(t, out var hash) || hash != before[t]))
            {
                failures.Add($"{row.Operation}: a refused call changed the table {table}");
            }

            foreach (var principal in principals.Where(p => row.Allowed.HasFlag(p.Who)))
            {
                var (status, location, body) = await CallAsync(row, op, principal, seed);
                calls++;
                seen[principal.Who] = $"{(int)status}+";
                var notFoundAllowed = row.NoObject && status == HttpStatusCode.NotFound;
                if ((IsRefusal(status, location) && !notFoundAllowed) || (int)status >= 500
                    // A read gets its page or data, or a 400 for missing input (the error page renders the code it is given).
                    || (op.Method == "GET" && (int)status > 400 && !notFoundAllowed))
                {
                    failures.Add($"{row.Operation} as {principal.Who}: expected to get through, got {(int)status} {location}");
                }
                CheckLeak(failures, row, principal.Who, body, seed);
            }
            output.WriteLine($"{row.Operation,-90} {string.Join(" ", principals.Select(p => seen[p.Who]))}");
            if (op.Method != "GET" && row.Allowed != Who.Nobody)
            {
                await WaitQuietAsync();
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls broke the matrix:\n" + string.Join("\n", failures));
        Assert.True(calls >= rows.Count * principals.Count, $"Only {calls} calls were made.");
    }

    // ---- The endpoints -------------------------------------------------------------------------------------------

    /// <summary>Every operation of every route endpoint: its methods, and for a Razor page its GET and each named or POST handler.</summary>
    private async Task<IReadOnlyList<Operation>> OperationsAsync()
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var operations = new List<Operation>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                var gate = GateOf(compiled.EndpointMetadata);
                operations.Add(new Operation($"GET {pattern}", "GET", pattern, null, true, gate));
                foreach (var handler in compiled.HandlerMethods)
                {
                    var method = handler.HttpMethod.ToUpperInvariant();
                    if (handler.Name is null && method == "GET")
                    {
                        continue;
                    }
                    var key = handler.Name is null ? $"{method} {pattern}" : $"{method} {pattern}?handler={handler.Name}";
                    operations.Add(new Operation(key, method, pattern, handler.Name, true, gate));
                }
            }
            else
            {
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes is { Count: > 0 } types ? types[0] : null;
                operations.AddRange(methods.Select(m => new Operation($"{m} {pattern}", m, pattern, null, false, GateOf(endpoint.Metadata.ToList()), accepts)));
            }
        }
        return operations.DistinctBy(o => o.Key).ToList();
    }

    private static string GateOf(IEnumerable<object> metadata)
    {
        var list = metadata.ToList();
        if (list.OfType<IAllowAnonymous>().Any())
        {
            return AuthorizationMatrix.Public;
        }
        var policies = list.OfType<IAuthorizeData>().Select(a => a.Policy ?? "(any signed-in user)").Distinct().Order(StringComparer.Ordinal).ToList();
        return policies.Count == 0 ? AuthorizationMatrix.Public : string.Join(",", policies);
    }

    // ---- The objects -----------------------------------------------------------------------------------------------

    private sealed record Seed(
        Guid CaseA, string ReferenceA, string InstanceA, string TaskA, Guid DocumentA, Guid MessageA, Guid DraftA, string PageA,
        Guid RecordFileA, Guid RecordDocumentA, string ReferenceB, string InstanceB);

    private async Task<Seed> SeedAsync()
    {
        var a = await SubmitAsync("max.mustermann@example.org");
        var b = await SubmitAsync("erika.mustermann@example.org");
        var task = await WaitForAsync(() => app.QueryAsync<string?>(
            "SELECT (SELECT id FROM process_user_tasks WHERE instance_id = @instance AND status = 'open' ORDER BY created_at LIMIT 1)", new { instance = a.Instance }));
        await WaitForAsync(async () => await app.QueryAsync<long>(
            "SELECT count(*) FROM case_documents WHERE case_id IN (@a, @b) AND kind = 'receipt'", new { a = a.Id, b = b.Id }) == 2 ? "" : null);
        var document = await app.QueryAsync<Guid>(
            "SELECT id FROM case_documents WHERE case_id = @id AND kind = 'evidence' ORDER BY created_at, id LIMIT 1", new { id = a.Id });
        var message = Guid.NewGuid();
        await using (var owner = await app.Services.GetRequiredService<RathausDataSources>().Owner.OpenConnectionAsync())
        {
            // A message of the department to citizen A that asks for an answer, naming the case.
            await owner.ExecuteAsync("""
                INSERT INTO mailbox_messages (id, tenant_id, case_id, citizen_id, direction, kind, subject, body, reply_due, sent_by, created_at)
                SELECT @message, tenant_id, id, citizen_id, 'to_citizen', 'information_request', 'Rückfrage zu ' || reference,
                       'Bitte reichen Sie die Zulassungsbescheinigung nach.', DATE '2026-12-31', 'system', now()
                FROM cases WHERE id = @id
                """, new { message, id = a.Id });
        }
        // The case is filed into the E-Akte with its submission; its documents are the procedure's documents.
        var recordFile = await app.QueryAsync<Guid>("SELECT file_id FROM record_procedures WHERE case_id = @id", new { id = a.Id });

        // An unfinished application of citizen A.
        var citizen = await SignInAsync("musterstadt.localhost", "/anmelden", "max.mustermann@example.org");
        var page = await citizen.Client.GetAsync($"/leistungen/{ServiceId}/antrag");
        var token = Token(await page.Content.ReadAsStringAsync())!;
        var started = await citizen.Client.PostAsync($"/leistungen/{ServiceId}/antrag",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var draft = DraftLink().Match(started.Headers.Location!.OriginalString);
        Assert.True(draft.Success, started.Headers.Location!.OriginalString);

        return new Seed(a.Id, a.Reference, a.Instance, task, document, message, Guid.Parse(draft.Groups[1].Value), draft.Groups[2].Value,
            recordFile, document, b.Reference, b.Instance);
    }

    private async Task<(Guid Id, string Reference, string Instance)> SubmitAsync(string email)
    {
        var (client, _) = await SignInAsync(Tenant1, "/anmelden", email);
        var (data, files) = ShippedServices.WithUploads(ShippedServices.Valid(ServiceId));
        var content = new MultipartFormDataContent { { new StringContent(new JsonObject { ["data"] = data }.ToJsonString(), Encoding.UTF8, "application/json"), "data" } };
        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            content.Add(part, file.Field, file.FileName);
        }
        var response = await client.PostAsync($"/api/v1/services/{ServiceId}/submissions", content);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var reference = (await response.Content.ReadFromJsonAsync<JsonObject>())!["reference"]!.GetValue<string>();
        var (id, instance) = await app.QueryAsync<(Guid, string)>("SELECT id, process_instance_id FROM cases WHERE reference = @reference", new { reference });
        return (id, reference, instance);
    }

    /// <summary>The value of each route parameter: the objects of citizen A, department X and tenant 1.</summary>
    private static string Fill(Operation op, Seed seed)
    {
        var path = Fill(op, op.Pattern, seed);
        return op.Handler is null ? path : $"{path}?handler={op.Handler}";
    }

    private static string Fill(Operation op, string template, Seed seed) =>
        RouteParameter().Replace(template, m => m.Groups[1].Value switch
        {
            "caseId" => seed.CaseA.ToString(),
            "documentId" => seed.DocumentA.ToString(),
            "messageId" => seed.MessageA.ToString(),
            "draftId" => seed.DraftA.ToString(),
            "pageId" => seed.PageA,
            "taskId" => seed.TaskA,
            "serviceId" => ServiceId,
            "token" => new string('0', 32) + "." + new string('x', 40),
            "code" => "400",
            "culture" => "en",
            "documentName" => "v1",
            "fileId" => seed.RecordFileA.ToString(),
            // Cancelling is tried on B's instance, so that A's stays for the rows after it; it is tenant 1's all the same.
            "id" when op.Pattern.EndsWith("/instances/{id}/cancel", StringComparison.Ordinal) => seed.InstanceB,
            "id" when op.Pattern.StartsWith("/api/v1/processes/instances", StringComparison.Ordinal) => seed.InstanceA,
            "id" when op.Pattern.StartsWith("/api/v1/processes/tasks", StringComparison.Ordinal) => seed.TaskA,
            "id" when op.Pattern.StartsWith("/api/v1/records/files", StringComparison.Ordinal) => seed.RecordFileA.ToString(),
            "id" when op.Pattern.StartsWith("/api/v1/records/documents", StringComparison.Ordinal) => seed.RecordDocumentA.ToString(),
            "id" when op.Pattern.StartsWith("/api/v1/processes/", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
            "id" => ServiceId,
            var name => throw new InvalidOperationException($"{op.Key}: no value for the route parameter '{name}'; add one in Fill."),
        });

    // ---- The principals --------------------------------------------------------------------------------------------

    private sealed record Principal(Who Who, string Scheme, IReadOnlyList<Cookie> Cookies);

    private async Task<IReadOnlyList<Principal>> SignInAllAsync()
    {
        async Task<Principal> As(Who who, string scheme, string host, string path, string email) =>
            new(who, scheme, (await SignInAsync(host, path, email)).Cookies);
        return
        [
            new Principal(Who.Anonymous, "citizen", []),
            await As(Who.CitizenA, "citizen", Tenant1, "/anmelden", "max.mustermann@example.org"),
            await As(Who.CitizenB, "citizen", Tenant1, "/anmelden", "erika.mustermann@example.org"),
            await As(Who.CaseworkerX, "staff", Tenant1, "/verwaltung/anmelden", "ordnungsamt@musterstadt.example"),
            await As(Who.CaseworkerY, "staff", Tenant1, "/verwaltung/anmelden", "steueramt@musterstadt.example"),
            await As(Who.Admin1, "staff", Tenant1, "/verwaltung/anmelden", "admin@musterstadt.example"),
            await As(Who.Admin2, "staff", "beispielheim.localhost", "/verwaltung/anmelden", "admin@beispielheim.example"),
            await As(Who.Auditor, "staff", Tenant1, "/verwaltung/anmelden", "datenschutz@musterstadt.example"),
            await As(Who.Operator, "operator", "localhost", "/betrieb/anmelden", "betrieb@rathaus.example"),
        ];
    }

    /// <summary>Signs in through the real sign-in page and keeps the authentication cookie.</summary>
    private async Task<(HttpClient Client, IReadOnlyList<Cookie> Cookies)> SignInAsync(string host, string path, string email)
    {
        var cookies = new CookieContainer();
        var client = app.CreateDefaultClient(new Uri($"http://{host}/"), new CookieContainerHandler(cookies));
        var response = await client.SubmitAsync(path, new Dictionary<string, string> { ["Email"] = email, ["Password"] = Password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{email} could not sign in at {host}{path}: {(int)response.StatusCode}");
        var kept = cookies.GetAllCookies().Where(c => c.Name.StartsWith("rathaus.", StringComparison.Ordinal) && c.Name != "rathaus.af").ToList();
        Assert.NotEmpty(kept);
        return (client, kept);
    }

    /// <summary>A fresh browser of the principal at tenant 1: its authentication cookie, nothing else (a sign-out stays in it).</summary>
    private HttpClient ClientOf(Principal principal)
    {
        var cookies = new CookieContainer();
        foreach (var cookie in principal.Cookies)
        {
            // Tenant 2's admin carries the cookie of its own tenant to tenant 1, as a shared host name (path tenants) would.
            cookies.Add(new Cookie(cookie.Name, cookie.Value, "/", Tenant1));
        }
        return app.CreateDefaultClient(new Uri($"http://{Tenant1}/"), new CookieContainerHandler(cookies));
    }

    // ---- The calls -------------------------------------------------------------------------------------------------

    private async Task<(HttpStatusCode Status, string Location, string Body)> CallAsync(Declared row, Operation op, Principal principal, Seed seed)
    {
        using var client = ClientOf(principal);
        var url = Fill(op, seed);
        using var request = new HttpRequestMessage(new HttpMethod(op.Method), url);
        if (op.Method != "GET")
        {
            // Pages: the form's own antiforgery token, taken as this principal, so that a refusal is the application's and
            // not the token's, and A's task for the task list's buttons. APIs: the row's body, else an empty JSON object or
            // an empty body of the type the endpoint accepts — authorization must refuse before the body is looked at.
            request.Content = op.IsPage
                ? new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = await TokenForAsync(client, op, principal, seed),
                    ["taskId"] = seed.TaskA,
                })
                : row.Body is { } body ? new StringContent(Fill(op, body, seed), Encoding.UTF8, "application/json")
                : op.ContentType is null or "application/json" ? new StringContent("{}", Encoding.UTF8, "application/json")
                : new ByteArrayContent([]) { Headers = { ContentType = MediaTypeHeaderValue.Parse(op.ContentType) } };
        }
        using var response = await client.SendAsync(request);
        var location = response.Headers.Location?.OriginalString ?? "";
        return (response.StatusCode, location, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The antiforgery token the principal's browser has for the page: from the page itself, else from the principal's start page.</summary>
    private static async Task<string> TokenForAsync(HttpClient client, Operation op, Principal principal, Seed seed)
    {
        var page = Fill(op with { Handler = null }, seed);
        // A public page sees the citizen cookie only: to staff and operators it is an anonymous visit.
        var home = op.Gate == AuthorizationMatrix.Public ? "/anmelden"
            : principal.Scheme switch { "staff" => "/verwaltung", "operator" => "/betrieb", _ => "/konto" };
        foreach (var url in new[] { page, home, "/anmelden" })
        {
            var response = await client.GetAsync(url);
            if (response.IsSuccessStatusCode && Token(await response.Content.ReadAsStringAsync()) is { } token)
            {
                return token;
            }
        }
        return "";
    }

    private static string? Token(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");

    /// <summary>401, 403, 404, or the cookie handler's way to the sign-in or access-denied page (it carries a ReturnUrl).</summary>
    private static bool IsRefusal(HttpStatusCode status, string location) =>
        status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound
        || ((int)status is >= 300 and < 400 && location.Contains("ReturnUrl=", StringComparison.Ordinal)
            && (location.Contains("/anmelden?", StringComparison.Ordinal) || location.Contains("/fehler/403", StringComparison.Ordinal)));

    /// <summary>No answer shows the reference of a case its caller may not see (<see cref="AuthorizationMatrix.SeesCaseOfA"/>).</summary>
    private static void CheckLeak(List<string> failures, Declared row, Who who, string body, Seed seed)
    {
        foreach (var (reference, readers) in new[] { (seed.ReferenceA, AuthorizationMatrix.SeesCaseOfA), (seed.ReferenceB, AuthorizationMatrix.SeesCaseOfB) })
        {
            if (!readers.HasFlag(who) && body.Contains(reference, StringComparison.Ordinal))
            {
                failures.Add($"{row.Operation} as {who}: the answer shows the case {reference}");
            }
        }
    }

    // ---- The database ----------------------------------------------------------------------------------------------

    /// <summary>A hash of every table's rows (but <see cref="Unwatched"/>), by table.</summary>
    private async Task<Dictionary<string, string>> FingerprintAsync()
    {
        await using var owner = await app.Services.GetRequiredService<RathausDataSources>().Owner.OpenConnectionAsync();
        var tables = (await owner.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"))
            .Except(Unwatched).ToList();
        var sql = string.Join("\nUNION ALL\n", tables.Select(t =>
            $"SELECT '{t}' AS name, md5(coalesce(string_agg(md5(x::text), '' ORDER BY md5(x::text)), '')) AS hash FROM \"{t}\" x"));
        return (await owner.QueryAsync<(string Name, string Hash)>(sql)).ToDictionary(r => r.Name, r => r.Hash);
    }

    /// <summary>
    /// Waits until no job, receipt or search entry is left to do and the tables stay the same for a moment. The
    /// background writers run on their own intervals (the search indexer every 2 s), longer than that moment: their
    /// queues must be empty too, or a later refused call would seem to have changed their tables.
    /// </summary>
    private async Task WaitQuietAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var last = await FingerprintAsync();
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(300);
            var now = await FingerprintAsync();
            var pending = await app.QueryAsync<long>("""
                SELECT (SELECT count(*) FROM process_jobs WHERE kind = 'job' AND retries > 0)
                     + (SELECT count(*) FROM cases WHERE receipt_pending)
                     + (SELECT count(*) FROM records_search_queue)
                """);
            if (pending == 0 && now.Count == last.Count && now.All(t => last.TryGetValue(t.Key, out var h) && h == t.Value))
            {
                return;
            }
            last = now;
        }
        throw new TimeoutException("The application did not come to rest within 30 seconds.");
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            Assert.True(DateTime.UtcNow < deadline, "The seeded objects did not appear within 30 seconds.");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"\{([A-Za-z]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"/antrag/([0-9a-f-]{36})/seite/([^/?]+)")]
    private static partial Regex DraftLink();
}
