using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using Rathaus.Cases;
using Rathaus.Platform.Database;
using Rathaus.Platform.Identity;

namespace Rathaus.Records;

/// <summary>
/// Who searches and what they may find: caseworkers the documents of their departments' cases, records managers
/// and tenant administrators the whole tenant (row-level security keeps every search inside the tenant).
/// </summary>
/// <param name="Role">The role for the audit trail (<c>records_manager</c>, <c>tenant_admin</c>, <c>caseworker:ordnungsamt</c>).</param>
public sealed record SearchScope(string ActorId, bool WholeTenant, IReadOnlyList<string> Departments, string Role)
{
    public static SearchScope For(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("A staff principal has an account id.");
        var departments = user.FindAll(RathausClaims.Department).Select(c => c.Value).Order(StringComparer.Ordinal).ToList();
        return user.IsInRole(Roles.RecordsManager) ? new SearchScope(id, true, departments, Roles.RecordsManager)
            : user.IsInRole(Roles.TenantAdmin) ? new SearchScope(id, true, departments, Roles.TenantAdmin)
            : new SearchScope(id, false, departments, "caseworker:" + string.Join(',', departments));
    }
}

/// <summary>A piece of a snippet; <paramref name="Match"/> marks the words the query found.</summary>
public sealed record SnippetPart(string Text, bool Match);

/// <summary>A document found.</summary>
/// <param name="CaseId">The case the document belongs to; null for documents outside cases (imported files).</param>
/// <param name="Snippet">Where the words were found: the text around them (or the title), the found words marked.</param>
public sealed record SearchHit(Guid DocumentId, Guid? CaseId, string Title, string? Reference, string FilePlanNumber, string? Type,
    DateTimeOffset FiledAt, IReadOnlyList<SnippetPart> Snippet);

/// <summary>One page of results, best first.</summary>
/// <param name="Total">How many documents were found, counting at most <see cref="RecordsSearch.MaxResults"/>.</param>
/// <param name="More">More documents matched than <see cref="RecordsSearch.MaxResults"/>: only the newest of them were ranked.</param>
public sealed record SearchResults(string Query, int Page, int PageSize, int Total, bool More, IReadOnlyList<SearchHit> Hits)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>A search the user cannot run as typed; nothing was searched. <see cref="Code"/> is the text key.</summary>
public sealed class SearchQueryException(string code) : Exception(code)
{
    /// <summary><c>query-missing</c>, <c>query-too-long</c>, <c>query-invalid</c>, <c>query-no-words</c>, <c>page-invalid</c>.</summary>
    public string Code { get; } = code;
}

/// <summary>
/// Full-text search over the E-Akte (docs/records.md, "Search"): German text search over the documents' metadata
/// and the text of their PDFs, ranked with title, reference and file-plan number weighing most. Every search is
/// written to the audit trail with the hash of its query, and every document shown with the case it belongs to.
/// </summary>
public sealed class RecordsSearch(Db db, AuditTrail audit)
{
    public const int MaxQueryLength = 200;
    public const int PageSize = 20;

    /// <summary>At most this many documents are ranked: the newest that match.</summary>
    public const int MaxResults = 1000;

    public const int MaxPage = MaxResults / PageSize;

    /// <summary>
    /// The search: the function <c>rathaus_records_search</c> of migration 0014 (the newest <c>@maxResults</c> matching
    /// documents of the tenant the searcher may see, ranked, one page of them with a snippet). Parameters: <c>@query</c>
    /// (websearch syntax, never a syntax error), <c>@wholeTenant</c>, <c>@departments</c>, <c>@maxResults</c>,
    /// <c>@pageSize</c>, <c>@offset</c>. The benchmark (bench/Rathaus.Search) measures exactly this.
    /// </summary>
    public const string Sql = """
        SELECT document_id AS DocumentId, case_id AS CaseId, title AS Title, reference AS Reference, file_plan_number AS FilePlanNumber,
               type AS Type, filed_at AS FiledAt, total AS Total, snippet AS Snippet
        FROM rathaus_records_search(@query, @wholeTenant, @departments, @maxResults, @pageSize, @offset)
        """;

    /// <summary>The query as it is searched (trimmed, inner whitespace collapsed); throws <see cref="SearchQueryException"/> for what cannot be searched.</summary>
    public static string Normalize(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new SearchQueryException("query-missing");
        }
        var normalized = string.Join(' ', query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (normalized.Length > MaxQueryLength)
        {
            throw new SearchQueryException("query-too-long");
        }
        if (Forms.ForbiddenCharacters.Has(normalized, allowLineBreaks: false) || normalized.AsSpan().IndexOfAny('\uFFFE', '\uFFFF') >= 0)
        {
            throw new SearchQueryException("query-invalid");
        }
        return normalized;
    }

    /// <summary>The page number as typed (empty: the first); throws <see cref="SearchQueryException"/> <c>page-invalid</c> for anything but 1 to <see cref="MaxPage"/>.</summary>
    public static int ParsePage(string? page) =>
        string.IsNullOrWhiteSpace(page) ? 1
        : int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= MaxPage ? number
        : throw new SearchQueryException("page-invalid");

    /// <summary>The hash the audit trail keeps of a query: SHA-256 of the normalized query in lower case, hex.</summary>
    public static string QueryHash(string normalizedQuery) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedQuery.ToLowerInvariant())));

    /// <summary>Searches and records the search and every document shown in the audit trail, in one transaction.</summary>
    public async Task<SearchResults> SearchAsync(Guid tenantId, SearchScope scope, string? query, int page, string? correlationId,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var normalized = Normalize(query);
        if (page < 1 || page > MaxPage)
        {
            throw new SearchQueryException("page-invalid");
        }
        return await db.InTenantAsync(tenantId, async (c, tx) =>
        {
            if (await c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT numnode(websearch_to_tsquery('german', @normalized))",
                new { normalized }, tx, cancellationToken: ct)) == 0)
            {
                throw new SearchQueryException("query-no-words");
            }
            var results = await FindAsync(c, tx, scope, normalized, page, ct);
            var purpose = "records:search:sha256:" + QueryHash(normalized);
            await audit.AppendAsync(c, tx, tenantId, new AuditEntry("staff", scope.ActorId, "records.search", null, null, purpose, correlationId)
            {
                Role = scope.Role,
            }, ct);
            foreach (var hit in results.Hits)
            {
                await audit.AppendAsync(c, tx, tenantId, new AuditEntry("staff", scope.ActorId, "records.search.hit", hit.CaseId, hit.DocumentId, purpose,
                    correlationId) { Role = scope.Role }, ct);
            }
            return results;
        }, ct);
    }

    /// <summary>The search itself (<see cref="Sql"/>) in the caller's tenant transaction, without audit; the benchmark runs this.</summary>
    public static async Task<SearchResults> FindAsync(NpgsqlConnection connection, NpgsqlTransaction tx, SearchScope scope, string normalizedQuery, int page,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(scope);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(Sql, new
        {
            query = normalizedQuery,
            wholeTenant = scope.WholeTenant,
            departments = scope.Departments.ToArray(),
            maxResults = MaxResults,
            pageSize = PageSize,
            offset = (page - 1) * PageSize,
        }, tx, cancellationToken: ct))).ToList();
        var total = rows.Count > 0 ? rows[0].Total : 0;
        return new SearchResults(normalizedQuery, page, PageSize, total, total >= MaxResults,
            rows.Select(r => new SearchHit(r.DocumentId, r.CaseId, r.Title, r.Reference, r.FilePlanNumber, r.Type, r.FiledAt, Snippet(r.Snippet))).ToList());
    }

    /// <summary>ts_headline's text with its markers (STX … ETX) as parts; the text is never taken for markup.</summary>
    internal static IReadOnlyList<SnippetPart> Snippet(string headline)
    {
        var parts = new List<SnippetPart>();
        var text = new StringBuilder();
        var match = false;
        void Flush()
        {
            if (text.Length > 0)
            {
                parts.Add(new SnippetPart(text.ToString(), match));
                text.Clear();
            }
        }
        foreach (var c in headline.ReplaceLineEndings(" "))
        {
            if (c is '\u0002' or '\u0003')
            {
                Flush();
                match = c == '\u0002';
            }
            else
            {
                text.Append(c);
            }
        }
        Flush();
        return parts;
    }

    private sealed class Row
    {
        public Guid DocumentId { get; init; }
        public Guid? CaseId { get; init; }
        public string Title { get; init; } = "";
        public string? Reference { get; init; }
        public string FilePlanNumber { get; init; } = "";
        public string? Type { get; init; }
        public DateTimeOffset FiledAt { get; init; }
        public int Total { get; init; }
        public string Snippet { get; init; } = "";
    }
}

/// <summary>Texts of the search (Resources/Records/RecordsSearchText.resx and .en.resx).</summary>
#pragma warning disable CA1052 // Names the resource for the localizer; never instantiated.
public sealed class RecordsSearchText
#pragma warning restore CA1052
{
    private RecordsSearchText()
    {
    }
}
