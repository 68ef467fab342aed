using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Platform.Tenancy;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Platform;

/// <summary>
/// The operator's administration connects as the schema owner, which row-level security may not restrain (a
/// superuser owner bypasses it); every statement must therefore name the tenant itself.
/// </summary>
public sealed class TenantAdministrationTests(RathausApp app) : IClassFixture<RathausApp>
{
    private const string Password = Rathaus.Platform.Demo.DemoSeeder.Password;

    [Fact]
    public async Task A_new_staff_member_joins_the_department_of_their_own_municipality_only()
    {
        var admin = app.Services.GetRequiredService<TenantAdministration>();

        var id = await admin.AddStaffAsync("musterstadt", "neu.ordnung@musterstadt.example", "Neu Ordnung", Password, [], ["ordnungsamt"]);

        var municipalities = await app.QueryAsync<string[]>("""
            SELECT array_agg(t.slug ORDER BY t.slug) FROM department_members m
            JOIN departments d ON d.id = m.department_id JOIN tenants t ON t.id = d.tenant_id
            WHERE m.staff_id = @id
            """, new { id });
        Assert.Equal(["musterstadt"], municipalities);
    }

    [Fact]
    public async Task A_password_reset_in_one_municipality_leaves_the_same_address_at_another_alone()
    {
        var admin = app.Services.GetRequiredService<TenantAdministration>();
        const string email = "zweifach@kommunal.example";
        await admin.AddStaffAsync("musterstadt", email, "Zwei Fach", Password, [], ["bauamt"]);
        await admin.AddStaffAsync("beispielheim", email, "Zwei Fach", Password, [], ["bauamt"]);

        await admin.ResetStaffPasswordAsync("musterstadt", email, "Neues-Passwort-2026");

        var musterstadt = await app.ClientFor("localhost").SubmitAsync("/t/musterstadt/verwaltung/anmelden",
            new Dictionary<string, string> { ["Email"] = email, ["Password"] = "Neues-Passwort-2026" });
        var beispielheim = await app.ClientFor("localhost").SubmitAsync("/t/beispielheim/verwaltung/anmelden",
            new Dictionary<string, string> { ["Email"] = email, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, musterstadt.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, beispielheim.StatusCode);
    }
}
