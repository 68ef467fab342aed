namespace Rathaus.Bpmn.Tests;

/// <summary>Finds the repository root (the folder holding Rathaus.slnx) from the test's base directory.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string BpmnCorpus => Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpora", "bpmn-miwg"));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rathaus.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Rathaus.slnx not found above " + AppContext.BaseDirectory);
    }
}
