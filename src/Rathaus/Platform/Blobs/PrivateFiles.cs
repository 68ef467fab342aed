namespace Rathaus.Platform.Blobs;

/// <summary>Files with personal data are created readable by this process's user only (0600 on Unix).</summary>
internal static class PrivateFiles
{
    public static FileStreamOptions Create(FileAccess access, FileOptions options)
    {
        var settings = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = access,
            Share = FileShare.None,
            Options = options,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            settings.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return settings;
    }
}
