using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Portal;

/// <summary>Signed-in applicants with an eID-verified account, in the tenant that handles a service.</summary>
internal static class Applicants
{
    private static readonly SemaphoreSlim CountyCitizen = new(1, 1);

    /// <summary>The tenant whose portal takes applications for the service: the county for county services.</summary>
    public static string HostFor(string serviceId)
    {
        var service = JsonNode.Parse(File.ReadAllText(Path.Combine(ShippedServices.Root, serviceId, "service.json")))!;
        return service["jurisdiction"]!.GetValue<string>() == "kreis" ? "musterkreis.localhost" : "musterstadt.localhost";
    }

    /// <summary>A browser signed in as a citizen with assurance level "substantial" in the service's tenant.</summary>
    public static async Task<HttpClient> SignedInAsync(RathausApp app, string serviceId)
    {
        var host = HostFor(serviceId);
        var email = "max.mustermann@example.org";
        if (host.StartsWith("musterkreis", StringComparison.Ordinal))
        {
            email = "bauherrin@example.org";
            await CountyCitizen.WaitAsync();
            try
            {
                await using var owner = await app.Services.GetRequiredService<RathausDataSources>().Owner.OpenConnectionAsync();
                if (await owner.ExecuteScalarAsync<int>("SELECT count(*)::int FROM citizen_accounts WHERE email = @email", new { email }) == 0)
                {
                    await app.Services.GetRequiredService<TenantAdministration>()
                        .AddCitizenAsync("musterkreis", email, "Petra Bauherrin", "Demo-Passwort-2026", "substantial");
                }
            }
            finally
            {
                CountyCitizen.Release();
            }
        }
        var client = app.ClientFor(host);
        var signIn = await client.SubmitAsync("/anmelden", new Dictionary<string, string> { ["Email"] = email, ["Password"] = "Demo-Passwort-2026" });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }
}
