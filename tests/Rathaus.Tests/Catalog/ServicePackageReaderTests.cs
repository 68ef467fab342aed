using System.IO.Compression;
using System.Text;
using Rathaus.CatalogModule;

namespace Rathaus.Tests.Catalog;

/// <summary>Reading packages without a database: limits, paths, content checks.</summary>
public sealed class ServicePackageReaderTests
{
    [Fact]
    public void A_zip_with_more_entries_than_allowed_is_refused_before_anything_is_read()
    {
        var zip = new TestPackage("lesen-viele").WriteZip(extra: Enumerable.Range(0, 10).Select(i => ($"examples/invalid-{i}.json", "{}")));

        var error = Assert.Throws<ServicePackageException>(() => ServicePackageReader.Read(zip, new PackageLimits { MaxEntries = 8 }));

        Assert.Contains("holds more than 8 files and folders", error.Message);
    }

    [Fact]
    public void A_file_larger_than_allowed_is_refused_whatever_size_the_zip_claims()
    {
        var package = new TestPackage("lesen-gross");
        package.Files["templates/notice.de.hbs"] = new string('x', 5000);

        var fromZip = Assert.Throws<ServicePackageException>(() => ServicePackageReader.Read(package.WriteZip(), new PackageLimits { MaxFileBytes = 4000 }));
        var fromFolder = Assert.Throws<ServicePackageException>(() => ServicePackageReader.Read(package.WriteFolder(), new PackageLimits { MaxFileBytes = 4000 }));

        Assert.Contains(fromZip.Problems, p => p.File == "templates/notice.de.hbs" && p.Message.Contains("larger than 4000 bytes"));
        Assert.Contains(fromFolder.Problems, p => p.File == "templates/notice.de.hbs" && p.Message.Contains("larger than 4000 bytes"));
    }

    [Fact]
    public void A_package_over_the_total_size_is_refused()
    {
        var package = new TestPackage("lesen-summe");
        for (var i = 0; i < 5; i++)
        {
            package.Files[$"templates/t{i}.hbs"] = new string('x', 3000);
        }

        var error = Assert.Throws<ServicePackageException>(() => ServicePackageReader.Read(package.WriteFolder(), new PackageLimits { MaxTotalBytes = 10_000 }));

        Assert.Contains("holds more than 10000 bytes", error.Message);
    }

    [Fact]
    public void A_symbolic_link_in_a_package_folder_is_refused()
    {
        var folder = new TestPackage("lesen-link").WriteFolder();
        File.CreateSymbolicLink(Path.Combine(folder, "templates", "passwd.hbs"), "/etc/passwd");

        var error = Assert.Throws<ServicePackageException>(() => ServicePackageReader.Read(folder));

        Assert.Contains(error.Problems, p => p.File == "templates/passwd.hbs" && p.Message.Contains("symbolic link"));
    }

    [Fact]
    public void Folder_and_zip_of_the_same_package_have_the_same_hash_and_a_changed_template_another()
    {
        var package = new TestPackage("lesen-hash");
        var folder = ServicePackageReader.Read(package.WriteFolder());
        var zip = ServicePackageReader.Read(package.WriteZip(topFolder: "lesen-hash"));
        package.Files["templates/receipt.de.hbs"] += "!";
        var changed = ServicePackageReader.Read(package.WriteFolder());

        Assert.Equal(folder.Sha256, zip.Sha256);
        Assert.NotEqual(folder.Sha256, changed.Sha256);
    }

    [Fact]
    public void Text_that_is_not_UTF8_and_a_file_that_is_no_zip_are_refused()
    {
        var folder = new TestPackage("lesen-latin1").WriteFolder();
        File.WriteAllBytes(Path.Combine(folder, "templates", "receipt.de.hbs"), Encoding.Latin1.GetBytes("Gebühr"));
        var notAZip = Path.Combine(Directory.CreateTempSubdirectory("rathaus-zip-").FullName, "package.zip");
        File.WriteAllText(notAZip, "PK? no.");

        var latin1 = Assert.Throws<ServicePackageException>(() => ServicePackageReader.Read(folder));
        var broken = Assert.Throws<ServicePackageException>(() => ServicePackageReader.Read(notAZip));

        Assert.Contains(latin1.Problems, p => p.File == "templates/receipt.de.hbs" && p.Message == "is not UTF-8 text.");
        Assert.Contains("is neither a folder nor a readable zip file", broken.Message);
    }

    [Fact]
    public void A_zip_with_a_file_twice_is_refused()
    {
        var zip = Path.Combine(Directory.CreateTempSubdirectory("rathaus-zip-").FullName, "package.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var name in new[] { "form.json", "form.json" })
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write("{}");
            }
        }

        var error = Assert.Throws<ServicePackageException>(() => ServicePackageReader.Read(zip));

        Assert.Contains(error.Problems, p => p.File == "form.json" && p.Message == "appears more than once.");
    }

    [Fact]
    public void An_information_only_entry_with_a_form_is_refused_as_contradictory()
    {
        var package = new TestPackage("lesen-info", online: false);
        package.Files["form.json"] = TestPackage.Form("lesen-info");

        var error = Assert.Throws<ServicePackageException>(() => ServicePackageReader.Read(package.WriteFolder()));

        Assert.Contains(error.Problems, p => p.File == "form.json" && p.Message.Contains("onlineApplication is false"));
    }

    [Theory]
    [InlineData("1.0", false)]
    [InlineData("1.0.0", true)]
    [InlineData("01.0.0", false)]
    [InlineData("1.0.0-beta", false)]
    [InlineData("10.20.30", true)]
    public void Versions_are_MAJOR_MINOR_PATCH_and_compare_as_numbers(string text, bool valid)
    {
        Assert.Equal(valid, PackageVersion.TryParse(text, out _));
        Assert.True(PackageVersion.Parse("1.10.0") > PackageVersion.Parse("1.9.9"));
    }
}
