using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Rathaus.Tests.Infrastructure;

/// <summary>
/// The application as <see cref="RathausApp"/> sets it up, but served by Kestrel on a real socket on 127.0.0.1 with a
/// free port, so that a browser can reach it.
/// </summary>
public class LoopbackRathausApp : RathausApp
{
    public LoopbackRathausApp() => UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));

    /// <summary>The port Kestrel listens on (known once the application has started).</summary>
    public int Port => new Uri(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()).Port;

    /// <summary>A tenant's portal as a browser addresses it: <c>http://{slug}.localhost:{port}/</c>.</summary>
    public Uri TenantUrl(string slug) => new($"http://{slug}.localhost:{Port}/");
}
