using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Npgsql;
using Rathaus.Cases;
using Rathaus.Platform.Database;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Web;

namespace Rathaus.Portal.Account;

/// <summary>Citizens sign in to their portal account.</summary>
public sealed class SignInModel(Db db, AccountSignIn signIn, CurrentTenant current, IStringLocalizer<SharedResource> text, AuditTrail audit)
    : SignInPageModel(db, signIn, current, text)
{
    public override string Heading => Text["Portal.SignIn.Heading"];

    protected override AccountTable Table => AccountTable.Citizen;

    protected override string Scheme => AuthSchemes.Citizen;

    protected override string Home => "~/konto";

    protected override Task<ClaimsPrincipal> PrincipalAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid accountId, CancellationToken ct) =>
        Principals.CitizenAsync(c, tx, Tenant.Id, accountId, ct);

    protected override Task SignedInAsync(NpgsqlConnection c, NpgsqlTransaction tx, ClaimsPrincipal principal, CancellationToken ct) =>
        audit.AppendAsync(c, tx, Tenant.Id, new AuditEntry("citizen", principal.FindFirstValue(ClaimTypes.NameIdentifier), "account.signed-in", null, null,
            Rathaus.Privacy.CitizenAccessText.SignInPurpose, HttpContext.TraceIdentifier), ct);
}
