using Rathaus.Wohngeld;

namespace Rathaus.Wohngeld.Tests;

public class RentLevelDirectoryTests
{
    [Theory]
    [InlineData("09999001", "Musterstadt", 3)]
    [InlineData("09999002", "Beispielheim", 2)]
    public void Demo_towns_have_their_Mietstufe(string ags, string name, int rentLevel)
    {
        var entry = RentLevelDirectory.Embedded.Find(ags);

        Assert.NotNull(entry);
        Assert.Equal(name, entry.Name);
        Assert.Equal(rentLevel, entry.RentLevel);
        Assert.True(entry.IsDemo);
    }

    [Fact]
    public void Unknown_municipality_is_not_found()
    {
        Assert.Null(RentLevelDirectory.Embedded.Find("09162000"));
    }

    [Theory]
    [InlineData("0999900")]
    [InlineData("0999900A")]
    [InlineData("")]
    public void Malformed_ags_is_rejected_naming_ags(string ags)
    {
        Assert.Equal("ags", Assert.Throws<WohngeldInputException>(() => RentLevelDirectory.Embedded.Find(ags)).ParameterName);
    }
}
