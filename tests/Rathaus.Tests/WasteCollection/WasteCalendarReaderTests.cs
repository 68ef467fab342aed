using Rathaus.Platform.Demo;
using Rathaus.WasteCollection;

namespace Rathaus.Tests.WasteCollection;

/// <summary>The import formats of the bulky-waste calendar and how street names are compared.</summary>
public sealed class WasteCalendarReaderTests
{
    [Theory]
    [InlineData("Schulstraße", "Schulstrasse")]
    [InlineData("Schulstraße", "schulstr.")]
    [InlineData("Schulstraße", " SCHUL-STRASSE ")]
    [InlineData("Am Kirchberg", "am  kirchberg")]
    [InlineData("Bahnhofstraße", "Bahnhofstr")]
    public void Spellings_of_one_street_have_one_key(string official, string typed) =>
        Assert.Equal(WasteCalendarReader.StreetKey(official), WasteCalendarReader.StreetKey(typed));

    [Fact]
    public void Different_streets_keep_different_keys() =>
        Assert.NotEqual(WasteCalendarReader.StreetKey("Lindenweg"), WasteCalendarReader.StreetKey("Lindenallee"));

    [Fact]
    public void The_demo_street_list_of_Musterstadt_has_three_districts_with_the_streets_of_the_examples()
    {
        var districts = WasteCalendarReader.ReadCsv(DemoFiles.Read("musterstadt-strassen.csv"));

        Assert.Equal(["1", "2", "3"], districts.Select(d => d.Key));
        Assert.Equal("Bezirk 1 – Altstadt", districts[0].Name);
        Assert.Contains("Schulstraße", districts[0].Streets!);
        Assert.Contains("Lindenweg", districts[1].Streets!);
        Assert.Contains("Gewerbering", districts[2].Streets!);
    }

    [Fact]
    public void A_dates_file_reads_dates_in_both_notations_with_optional_capacity()
    {
        var districts = WasteCalendarReader.ReadCsv("bezirk;datum;kapazitaet\r\n1;2027-01-12;30\r\n1;26.01.2027;\r\n2;\"2027-01-13\";0\r\n");

        Assert.Equal(
            [new CollectionDate(new DateOnly(2027, 1, 12), 30), new CollectionDate(new DateOnly(2027, 1, 26), null)],
            districts[0].Dates);
        Assert.Null(districts[0].Streets);
        Assert.Equal(new CollectionDate(new DateOnly(2027, 1, 13), 0), Assert.Single(districts[1].Dates));
    }

    [Fact]
    public void A_street_in_two_districts_a_bad_date_and_an_unknown_header_are_refused_with_their_lines()
    {
        var twice = Assert.Throws<WasteCalendarException>(() => WasteCalendarReader.ReadCsv("bezirk,name,strasse\n1,Nord,Schulstraße\n2,Süd,Schulstr.\n"));
        var date = Assert.Throws<WasteCalendarException>(() => WasteCalendarReader.ReadCsv("bezirk;datum;kapazitaet\n1;2027-02-30;5\n1;2027-03-01;viele\n"));
        var header = Assert.Throws<WasteCalendarException>(() => WasteCalendarReader.ReadCsv("district;street\n1;Schulstraße\n"));

        Assert.Contains(twice.Problems, p => p.Contains("'Schulstr.' is listed for district 1 too", StringComparison.Ordinal));
        Assert.Equal(["line 2: '2027-02-30' is not a date (YYYY-MM-DD or DD.MM.YYYY).", "line 3: the capacity 'viele' is not a whole number 0–100000 (empty: no limit)."], date.Problems);
        Assert.StartsWith("line 1:", Assert.Single(header.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_format_holds_streets_and_dates_of_each_district()
    {
        var districts = WasteCalendarReader.ReadJson("""
            { "districts": [ { "key": "nord", "name": "Bezirk Nord", "streets": ["Lindenweg"], "dates": ["2027-01-13", { "date": "2027-01-27", "capacity": 10 }] } ] }
            """);

        var nord = Assert.Single(districts);
        Assert.Equal(("nord", "Bezirk Nord"), (nord.Key, nord.Name));
        Assert.Equal(["Lindenweg"], nord.Streets!);
        Assert.Equal([new CollectionDate(new DateOnly(2027, 1, 13), null), new CollectionDate(new DateOnly(2027, 1, 27), 10)], nord.Dates);
    }
}
