using Rathaus.Wohngeld;

namespace Rathaus.Wohngeld.Tests;

public class SmokeTests
{
    [Fact]
    public void Embedded_catalog_has_2023_and_2025()
    {
        Assert.Equal(2, WohngeldParameterCatalog.Embedded.Sets.Count);
    }
}
