namespace Rathaus.Browser.Tests.Infrastructure;

/// <summary>
/// Where the browser tests leave what a person may want to look at afterwards: <c>artifacts/</c> in the repository
/// (git-ignored), or the folder named by <c>RATHAUS_ARTIFACTS</c>.
/// </summary>
internal static class Artifacts
{
    public static string Root { get; } = Environment.GetEnvironmentVariable("RATHAUS_ARTIFACTS") is { Length: > 0 } configured
        ? Path.GetFullPath(configured)
        : Path.Combine(RepositoryRoot(), "artifacts");

    /// <summary>An empty folder for one test's screenshots: <c>artifacts/screenshots/{test}</c>.</summary>
    public static string ScreenshotFolder(string test)
    {
        var folder = Path.Combine(Root, "screenshots", test);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        return Directory.CreateDirectory(folder).FullName;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rathaus.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Rathaus.slnx not found above " + AppContext.BaseDirectory);
    }
}
