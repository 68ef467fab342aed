using System.Net;

namespace Rathaus.Tests.Infrastructure;

/// <summary>Clients signed in to the workbench as demo staff.</summary>
public static class StaffClients
{
    /// <summary>A client that signed in at <c>/verwaltung/anmelden</c> of <paramref name="host"/> with the demo password; fails unless the sign-in succeeds.</summary>
    public static async Task<HttpClient> StaffClientAsync(this RathausApp app, string email, string host = "musterstadt.localhost")
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = app.ClientFor(host);
        var response = await client.SubmitAsync("/verwaltung/anmelden",
            new Dictionary<string, string> { ["Email"] = email, ["Password"] = Rathaus.Platform.Demo.DemoSeeder.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
