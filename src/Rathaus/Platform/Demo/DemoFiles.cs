namespace Rathaus.Platform.Demo;

/// <summary>The demo's data files embedded in the application (logical name <c>Rathaus.Demo.&lt;file&gt;</c>).</summary>
public static class DemoFiles
{
    public static string Read(string fileName)
    {
        using var stream = typeof(DemoFiles).Assembly.GetManifestResourceStream("Rathaus.Demo." + fileName)
            ?? throw new FileNotFoundException($"The demo file {fileName} is not embedded in the application.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
