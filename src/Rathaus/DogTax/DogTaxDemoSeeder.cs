using Microsoft.Extensions.Options;
using Rathaus.Platform.Database;
using Rathaus.Platform.Demo;
using Rathaus.Platform.Tenancy;

namespace Rathaus.DogTax;

/// <summary>The demo towns' dog tax statutes (DogTax/Demo/*.json), seeded into a town that has none yet.</summary>
public sealed class DogTaxDemoSeeder(IOptions<DemoOptions> options, TenantDirectory tenants, Db db, TimeProvider time) : IDatabaseSeeder
{
    public async Task SeedAsync(CancellationToken ct)
    {
        if (!options.Value.Seed)
        {
            return;
        }
        foreach (var slug in new[] { "musterstadt", "beispielheim" })
        {
            if (await tenants.FindBySlugAsync(slug, ct) is not { } tenant)
            {
                continue;
            }
            var statute = DogTaxStatuteReader.Read(DemoFiles.Read($"{slug}.json"));
            await db.InTenantAsync(tenant.Id, async (c, tx) =>
            {
                if (!await DogTaxRegister.AnyStatuteAsync(c, tx, ct))
                {
                    await DogTaxRegister.ImportAsync(c, tx, tenant.Id, statute, "demo", time.GetUtcNow(), ct);
                }
            }, ct);
        }
    }
}
