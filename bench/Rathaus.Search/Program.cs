using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Rathaus.Platform;
using Rathaus.Platform.Database;
using Rathaus.Platform.Identity;
using Rathaus.Records;

// The search benchmark of issue 6: generated documents in records_search (the app's migrations, the app's search
// SQL through RecordsSearch.FindAsync on the application's role with row-level security), searched as a caseworker
// of one department and as a records manager; a primary-key lookup on the same path is the reference.
// Usage: Rathaus.Search <postgres server connection string> <repository root> [documents] [searches]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Rathaus.Search <postgres server connection string> <repository root> [documents] [searches]");
    return 2;
}
var server = args[0];
var root = args[1];
var documents = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
var searches = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 300;
string[] departments = ["buergerbuero", "ordnungsamt", "steueramt", "bauamt", "abfallwirtschaft", "jugendamt", "sozialamt", "standesamt", "kaemmerei", "schulamt"];

// A German word list: every word of the application's German texts (resx), most frequent first.
var words = Directory.EnumerateFiles(Path.Combine(root, "src", "Rathaus", "Resources"), "*.resx", SearchOption.AllDirectories)
    .Where(f => !Path.GetFileName(f).Contains(".en.", StringComparison.Ordinal))
    .SelectMany(f => XDocument.Load(f).Descendants("value").Select(v => v.Value))
    .SelectMany(v => Regex.Matches(v, @"\b[A-Za-zÄÖÜäöüß]{4,24}\b").Select(m => m.Value))
    .Where(w => !w.StartsWith("http", StringComparison.Ordinal))
    .GroupBy(w => w, StringComparer.Ordinal)
    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
    .Select(g => g.Key)
    .ToArray();
Console.WriteLine(FormattableString.Invariant($"Word list: {words.Length} distinct German words from the application's texts."));
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, load average {Load()}");

var database = "rathaus_bench_search_" + Guid.NewGuid().ToString("N")[..8];
await using (var c = new NpgsqlConnection(server))
{
    await c.OpenAsync();
    await c.ExecuteAsync($"CREATE DATABASE {database}");
}
var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 20, CommandTimeout = 0 }.ConnectionString;
try
{
    var builder = Host.CreateApplicationBuilder();
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Database:ConnectionString"] = connectionString });
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Services.AddPlatformCore(builder.Configuration);
    builder.Services.AddOptions<RathausIdentityOptions>();
    builder.Services.AddSingleton<Passwords>();
    builder.Services.AddHostedService<DatabaseInitializer>();
    using var host = builder.Build();
    await host.StartAsync();
    await host.Services.GetRequiredService<DatabaseState>().Ready.WaitAsync(TimeSpan.FromMinutes(2));
    var owner = host.Services.GetRequiredService<RathausDataSources>().Owner;
    var db = host.Services.GetRequiredService<Db>();
    var tenant = Guid.NewGuid();
    var otherTenant = Guid.NewGuid();

    // Generation, in SQL: titles of three words, bodies of 40–99 words: three in four drawn from the word list with
    // a skew (a few words are very common), one in four a compound of two random words (as German makes them; these
    // are rare, like names and subjects in real files), a unique reference per document, ten departments, one document a minute back in time.
    // Indexes are dropped during the load and built again afterwards, as a bulk import would.
    var generation = Stopwatch.StartNew();
    await using (var c = await owner.OpenConnectionAsync())
    {
        await c.ExecuteAsync("""
            INSERT INTO tenants (id, slug, kind, ags, name) VALUES (@tenant, 'benchstadt', 'stadt', '09999901', 'Benchstadt'),
                                                               (@otherTenant, 'benchdorf', 'gemeinde', '09999902', 'Benchdorf')
            """, new { tenant, otherTenant });
        var indexes = (await c.QueryAsync<(string Name, string Definition)>(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'records_search' AND indexname <> 'records_search_pkey'")).ToList();
        foreach (var (name, _) in indexes)
        {
            await c.ExecuteAsync($"DROP INDEX {name}");
        }
        const int Batch = 100_000;
        for (var from = 1; from <= documents; from += Batch)
        {
            var to = Math.Min(documents, from + Batch - 1);
            await c.ExecuteAsync("""
                INSERT INTO records_search (document_id, tenant_id, procedure_id, case_id, department_key, title, reference, file_plan_number,
                                            file_title, type, filed_at, version, text_status, body, indexed_at)
                SELECT gen_random_uuid(), CASE WHEN i % 50 = 0 THEN @otherTenant ELSE @tenant END, gen_random_uuid(), gen_random_uuid(),
                       (@departments::text[])[1 + i % 10], t.title,
                       'BST-' || upper(left((@departments::text[])[1 + i % 10], 4)) || '-' || (2016 + i % 10) || '-' || lpad(i::text, 7, '0'),
                       (i % 9)::text || '.' || (i % 7)::text, 'Sammelakte ' || (@departments::text[])[1 + i % 10] || ' ' || (2016 + i % 10),
                       (ARRAY['evidence', 'receipt', 'notice', 'reply'])[1 + i % 4], timestamptz '2026-11-01' - make_interval(mins => i),
                       1, 'extracted', b.body, now()
                FROM generate_series(@from, @to) i
                CROSS JOIN LATERAL (SELECT string_agg(CASE WHEN random() < 0.25
                                                           THEN (@words::text[])[1 + floor(random() * @n)::int] || lower((@words::text[])[1 + floor(random() * @n)::int])
                                                           ELSE (@words::text[])[1 + floor(power(random(), 2.5) * @n)::int] END, ' ') AS body
                                    FROM generate_series(1, 40 + i % 60) g WHERE i > 0) b
                CROSS JOIN LATERAL (SELECT string_agg((@words::text[])[1 + floor(random() * @n)::int], ' ') AS title
                                    FROM generate_series(1, 3) g WHERE i > 0) t
                """, new { tenant, otherTenant, departments, words, n = words.Length, from, to });
            Console.WriteLine(FormattableString.Invariant($"  {to:N0} documents after {generation.Elapsed.TotalSeconds:F0} s (load {Load()})"));
        }
        var loaded = generation.Elapsed;
        await c.ExecuteAsync("SET maintenance_work_mem = '512MB'");
        foreach (var (_, definition) in indexes)
        {
            await c.ExecuteAsync(definition);
        }
        var indexed = generation.Elapsed - loaded;
        await c.ExecuteAsync("VACUUM ANALYZE records_search");
        var size = await c.ExecuteScalarAsync<string>("SELECT pg_size_pretty(pg_total_relation_size('records_search'))");
        Console.WriteLine(FormattableString.Invariant(
            $"Generated {documents:N0} documents in {generation.Elapsed.TotalSeconds:F0} s (rows {loaded.TotalSeconds:F0} s, indexes {indexed.TotalSeconds:F0} s); records_search with indexes: {size}."));
    }

    // The searches: common, middling and rare words, two words, a phrase, a reference, a word found nowhere.
    var random = new Random(6);
    string Word(int from, int to) => words[random.Next(Math.Min(from, words.Length - 1), Math.Min(to, words.Length))];
    var kinds = new (string Kind, Func<string> Make)[]
    {
        ("common word", () => Word(0, 20)),
        ("middling word", () => Word(100, 400)),
        ("rare word", () => Word(words.Length - 300, words.Length)),
        ("compound", () => Word(0, words.Length) + Word(0, words.Length).ToLowerInvariant()),
        ("two words", () => Word(0, 200) + " " + Word(200, words.Length)),
        ("phrase", () => "\"" + Word(0, 100) + " " + Word(0, 100) + "\""),
        ("reference", () => FormattableString.Invariant($"BST-{departments[1][..4].ToUpperInvariant()}-{2016 + 1}-{random.Next(0, documents / 10) * 10 + 1:D7}")),
        ("no match", () => "Quantenchromodynamik"),
    };
    var queries = Enumerable.Range(0, searches).Select(i => kinds[i % kinds.Length]).Select(k => (k.Kind, Query: k.Make())).ToList();
    var caseworker = new SearchScope("bench", false, ["ordnungsamt"], "caseworker:ordnungsamt");
    var recordsManager = new SearchScope("bench", true, [], "records_manager");

    async Task<double> TimeAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> work)
    {
        var watch = Stopwatch.StartNew();
        await db.InTenantAsync(tenant, work);
        return watch.Elapsed.TotalMilliseconds;
    }

    // Warm-up: the same queries once, unmeasured, so both scopes and the reference run on a warm cache.
    foreach (var (_, query) in queries.Take(50))
    {
        await db.InTenantAsync(tenant, (c, tx) => RecordsSearch.FindAsync(c, tx, recordsManager, query, 1));
    }
    var results = new List<(string Scope, string Kind, double Ms, int Total)>();
    var ids = (await db.InTenantAsync(tenant, (c, tx) => c.QueryAsync<Guid>(new CommandDefinition(
        "SELECT document_id FROM records_search TABLESAMPLE SYSTEM (1) LIMIT @searches", new { searches }, tx)))).ToList();
    var reference = new List<double>();
    var idIndex = 0;
    foreach (var (kind, query) in queries)
    {
        foreach (var (name, scope) in new[] { ("caseworker", caseworker), ("records manager", recordsManager) })
        {
            var total = 0;
            var ms = await TimeAsync(async (c, tx) => total = (await RecordsSearch.FindAsync(c, tx, scope, query, 1)).Total);
            results.Add((name, kind, ms, total));
        }
        var id = ids[idIndex++ % ids.Count];
        reference.Add(await TimeAsync((c, tx) => c.QuerySingleAsync<string>(new CommandDefinition(
            "SELECT title FROM records_search WHERE document_id = @id", new { id }, tx))));
    }

    Console.WriteLine();
    Console.WriteLine(FormattableString.Invariant($"{searches} searches × 2 scopes over {documents:N0} documents (load {Load()}):"));
    Console.WriteLine("| scope | kind | searches | found (median) | p50 ms | p95 ms | p99 ms |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
    foreach (var group in results.GroupBy(r => (r.Scope, r.Kind)))
    {
        Row(group.Key.Scope, group.Key.Kind, group.Select(r => r.Ms).ToList(), Median(group.Select(r => r.Total)));
    }
    foreach (var group in results.GroupBy(r => r.Scope))
    {
        Row(group.Key, "all", group.Select(r => r.Ms).ToList(), Median(group.Select(r => r.Total)));
    }
    var all = results.Select(r => r.Ms).ToList();
    Row("both", "all", all, Median(results.Select(r => r.Total)));
    Row("reference", "primary-key lookup", reference, 1);
    Console.WriteLine();
    Console.WriteLine(FormattableString.Invariant(
        $"Search p95 {Percentile(all, 95):F1} ms = {Percentile(all, 95) / Percentile(reference, 95):F0} × the primary-key lookup's p95 ({Percentile(reference, 95):F2} ms); target p95 < 100 ms."));
    await host.StopAsync();
}
finally
{
    NpgsqlConnection.ClearAllPools();
    if (Environment.GetEnvironmentVariable("RATHAUS_BENCH_KEEP_DB") == "1")
    {
        // For reading plans afterwards (EXPLAIN on the generated data); dropped by hand.
        Console.WriteLine($"Kept database {database} (RATHAUS_BENCH_KEEP_DB=1).");
    }
    else
    {
        await using var c = new NpgsqlConnection(server);
        await c.OpenAsync();
        await c.ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }
}
return 0;

static void Row(string scope, string kind, List<double> ms, int found) => Console.WriteLine(FormattableString.Invariant(
    $"| {scope} | {kind} | {ms.Count} | {found:N0} | {Percentile(ms, 50):F1} | {Percentile(ms, 95):F1} | {Percentile(ms, 99):F1} |"));

static double Percentile(List<double> values, int p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

static int Median(IEnumerable<int> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
}

static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
