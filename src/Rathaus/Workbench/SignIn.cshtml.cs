using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Npgsql;
using Rathaus.Cases;
using Rathaus.Platform.Database;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Web;

namespace Rathaus.Workbench;

/// <summary>Staff of the tenant sign in to the workbench.</summary>
public sealed class SignInModel(Db db, AccountSignIn signIn, CurrentTenant current, IStringLocalizer<SharedResource> text, AuditTrail audit)
    : SignInPageModel(db, signIn, current, text)
{
    public override string Heading => Text["Workbench.SignIn.Heading"];

    protected override AccountTable Table => AccountTable.Staff;

    protected override string Scheme => AuthSchemes.Staff;

    protected override string Home => "~/verwaltung";

    protected override Task<ClaimsPrincipal> PrincipalAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid accountId, CancellationToken ct) =>
        Principals.StaffAsync(c, tx, Tenant.Id, accountId, ct);

    protected override Task SignedInAsync(NpgsqlConnection c, NpgsqlTransaction tx, ClaimsPrincipal principal, CancellationToken ct) =>
        audit.AppendAsync(c, tx, Tenant.Id, new AuditEntry("staff", principal.FindFirstValue(ClaimTypes.NameIdentifier), "account.signed-in", null, null,
            Rathaus.Privacy.CitizenAccessText.SignInPurpose, HttpContext.TraceIdentifier)
        {
            Role = string.Join(',', principal.FindAll(ClaimTypes.Role).Select(r => r.Value).Order(StringComparer.Ordinal)) is { Length: > 0 } roles ? roles : null,
        }, ct);
}
