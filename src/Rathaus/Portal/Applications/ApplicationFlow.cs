using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Rathaus.Cases;
using Rathaus.Forms;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Portal.Applications;

/// <summary>An open draft with its service and form, for one request of the person allowed to see it.</summary>
public sealed record DraftSession(Tenant Tenant, ApplicationDraft Draft, ApplicationService Service, Guid? CitizenId)
{
    public FormDefinition Form => Service.Form!;

    /// <summary>Pages with at least one visible group, in order: the pages the applicant goes through.</summary>
    public IReadOnlyList<FormPage> VisiblePages(JsonObject data, TimeProvider time)
    {
        var shown = FormRules.Evaluate(Form, data, time);
        return Form.Pages.Where(p => p.Groups.Any(shown.IsVisible)).ToList();
    }
}

/// <summary>
/// The rules of the application pages that every page shares: who may open a draft, which cookie carries an
/// anonymous draft's secret, and whether the signed-in account has the identity level a service needs.
/// </summary>
public sealed class ApplicationFlow(ApplicationDrafts drafts, ApplicationServices services, IOptions<DraftOptions> options, TimeProvider time)
{
    public TimeProvider Time => time;

    private const string CookiePrefix = "rathaus.antrag.";

    public ApplicationDrafts Drafts => drafts;

    public ApplicationServices Services => services;

    public static Guid? CitizenOf(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: AuthSchemes.Citizen }
        && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>Who acts, for the case and the audit trail: the signed-in citizen, else an unnamed <paramref name="anonymousKind"/>.</summary>
    public static IntakeActor ActorOf(Guid? citizenId, string anonymousKind = "anonymous") =>
        citizenId is { } citizen ? new IntakeActor("citizen", citizen.ToString(), citizen) : new IntakeActor(anonymousKind, null, null);

    /// <summary>The eIDAS level of the signed-in citizen, or <c>none</c>.</summary>
    public static string AssuranceOf(ClaimsPrincipal user) =>
        CitizenOf(user) is null ? "none" : user.FindFirstValue(RathausClaims.AssuranceLevel) ?? "basic";

    /// <summary>Whether a citizen with the given level may apply for a service that needs <paramref name="required"/>.</summary>
    public static bool Satisfies(string have, string required) => Rank(have) >= Rank(required);

    /// <summary>The identity level the service needs and the request's citizen lacks; null when they may apply.</summary>
    public static string? MissingAssurance(ClaimsPrincipal user, ApplicationService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var required = service.Metadata.AssuranceLevel;
        return Satisfies(AssuranceOf(user), required) ? null : required;
    }

    private static int Rank(string level) => level switch
    {
        "none" => 0,
        "basic" => 1,
        "substantial" => 2,
        "high" => 3,
        _ => int.MaxValue,
    };

    /// <summary>Opens a draft for this request, or null: unknown, expired and someone else's drafts all look the same.</summary>
    public async Task<DraftSession?> OpenAsync(HttpContext http, Tenant tenant, Guid draftId, CancellationToken ct)
    {
        var draft = await drafts.FindAsync(tenant.Id, draftId, ct);
        var citizen = CitizenOf(http.User);
        if (draft is null || !draft.MayBeOpenedBy(citizen, http.Request.Cookies[CookieName(draftId)]))
        {
            return null;
        }
        var service = await services.FindAsync(tenant.Id, draft.ServiceId, draft.ServiceVersion, ct);
        return service?.Form is null ? null : new DraftSession(tenant, draft, service, citizen);
    }

    /// <summary>Keeps an anonymous draft's secret in this browser, for the life of the draft, only on this tenant's paths.</summary>
    public void RememberSecret(HttpContext http, Guid draftId, string secret, bool anonymous)
    {
        http.Response.Cookies.Append(CookieName(draftId), secret, new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = string.IsNullOrEmpty(http.Request.PathBase) ? "/" : http.Request.PathBase.Value,
            Expires = time.GetUtcNow().AddDays(anonymous ? options.Value.AnonymousDays : options.Value.AccountDays),
        });
    }

    public static string CookieName(Guid draftId) => CookiePrefix + draftId.ToString("N");

    /// <summary>The link that reopens an anonymous draft in any browser: the draft id and its secret.</summary>
    public static string ResumeToken(Guid draftId, string secret) => draftId.ToString("N") + "." + secret;

    public static bool TryReadResumeToken(string token, out Guid draftId, out string secret)
    {
        secret = "";
        draftId = Guid.Empty;
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot != 32 || !Guid.TryParseExact(token[..dot], "N", out draftId))
        {
            return false;
        }
        secret = token[(dot + 1)..];
        return secret.Length is > 20 and < 100;
    }
}
