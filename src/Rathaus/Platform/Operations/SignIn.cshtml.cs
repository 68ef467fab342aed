using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Npgsql;
using Rathaus.Platform.Database;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Web;

namespace Rathaus.Platform.Operations;

/// <summary>Operators of the installation sign in; they see the tenants, not their data.</summary>
[PlatformPage]
public sealed class SignInModel(Db db, AccountSignIn signIn, CurrentTenant current, IStringLocalizer<SharedResource> text)
    : SignInPageModel(db, signIn, current, text)
{
    public override string Heading => Text["Operations.SignIn.Heading"];

    protected override AccountTable Table => AccountTable.Operator;

    protected override string Scheme => AuthSchemes.Operator;

    protected override string Home => "~/betrieb";

    protected override Task<ClaimsPrincipal> PrincipalAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid accountId, CancellationToken ct) =>
        Principals.OperatorAsync(c, tx, accountId, ct);
}
