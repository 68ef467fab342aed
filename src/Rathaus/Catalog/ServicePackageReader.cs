using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Rathaus.Bpmn;
using Rathaus.Notices;
using Rathaus.Processes;

namespace Rathaus.CatalogModule;

/// <summary>A service package read from a folder or zip and checked; nothing of it is stored yet.</summary>
/// <param name="Source">Where it was read from (for messages).</param>
/// <param name="Service">The metadata of service.json.</param>
/// <param name="ServiceJson">service.json as written.</param>
/// <param name="FormJson">form.json; null for an information-only entry.</param>
/// <param name="ProcessXml">process.bpmn; null for an information-only entry.</param>
/// <param name="ProcessId">The BPMN process an application starts; null for an information-only entry.</param>
/// <param name="Templates">Notice and message templates by file name (templates/receipt.de.hbs → receipt.de.hbs).</param>
/// <param name="Sha256">Hash over the installed files (service.json, form.json, process.bpmn, templates, task forms), independent of folder or zip.</param>
public sealed record ServicePackage(
    string Source,
    ServiceMetadata Service,
    string ServiceJson,
    string? FormJson,
    string? ProcessXml,
    string? ProcessId,
    IReadOnlyDictionary<string, string> Templates,
    string Sha256)
{
    /// <summary>Task forms (forms/&lt;key&gt;.json) by key, checked like form.json; user tasks name them by form key.</summary>
    public IReadOnlyDictionary<string, string> TaskForms { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>Limits on what a package may contain; a package beyond them is refused before its content is read.</summary>
public sealed record PackageLimits
{
    public static PackageLimits Default { get; } = new();

    /// <summary>Files and folders in the package, ignored ones (examples) included.</summary>
    public int MaxEntries { get; init; } = 200;

    /// <summary>Bytes of one file, as unpacked.</summary>
    public long MaxFileBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>Bytes of all files read, as unpacked (and of the zip file itself).</summary>
    public long MaxTotalBytes { get; init; } = 20 * 1024 * 1024;
}

/// <summary>
/// Reads a service package from a folder or a zip of it and checks it completely: the paths (no absolute path, no
/// <c>..</c>, no link, only the known files), the limits, service.json, form.json, process.bpmn and the templates.
/// Every problem is reported at once in a <see cref="ServicePackageException"/>. Reading writes nothing to disk.
/// </summary>
public static partial class ServicePackageReader
{
    private const string ProcessFile = "process.bpmn";
    private const string TemplatesFolder = "templates/";
    private const string ExamplesFolder = "examples/";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex TemplateNamePattern();

    /// <summary>A folder, or a file ending in .zip.</summary>
    public static ServicePackage Read(string path, PackageLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        limits ??= PackageLimits.Default;
        if (Directory.Exists(path))
        {
            return ReadFolder(path, limits);
        }
        if (File.Exists(path))
        {
            using var stream = File.OpenRead(path);
            return ReadZip(stream, path, limits);
        }
        throw new ServicePackageException(path, [new PackageProblem(path, null, "is neither a folder nor a zip file.")]);
    }

    /// <summary>A zip of a package folder; its files may also lie in one top-level folder (hundeanmeldung/service.json).</summary>
    public static ServicePackage ReadZip(Stream zip, string source, PackageLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(zip);
        limits ??= PackageLimits.Default;
        if (zip.CanSeek && zip.Length > limits.MaxTotalBytes)
        {
            throw Refused(source, new PackageProblem(Path.GetFileName(source), null,
                string.Create(CultureInfo.InvariantCulture, $"is larger than {limits.MaxTotalBytes} bytes.")));
        }
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw Refused(source, new PackageProblem(Path.GetFileName(source), null, "is neither a folder nor a readable zip file: " + e.Message));
        }
        using (archive)
        {
            if (archive.Entries.Count > limits.MaxEntries)
            {
                throw Refused(source, TooManyEntries(source, limits));
            }
            var entries = archive.Entries.Select(e => new Entry(e.FullName, e.FullName.EndsWith('/'), IsLink: false, () => e.Open())).ToList();
            return FromEntries(entries, source, limits);
        }
    }

    public static ServicePackage ReadFolder(string folder, PackageLimits? limits = null)
    {
        limits ??= PackageLimits.Default;
        var root = new DirectoryInfo(folder);
        var entries = new List<Entry>();
        Collect(root, "", entries, limits, folder);
        return FromEntries(entries, folder, limits);
    }

    private static void Collect(DirectoryInfo directory, string prefix, List<Entry> entries, PackageLimits limits, string source)
    {
        foreach (var item in directory.EnumerateFileSystemInfos())
        {
            if (entries.Count >= limits.MaxEntries)
            {
                throw Refused(source, TooManyEntries(source, limits));
            }
            var name = prefix + item.Name;
            // A link could point anywhere on the disk; a package is plain files.
            if (item.LinkTarget is not null)
            {
                entries.Add(new Entry(name, IsDirectory: false, IsLink: true, () => Stream.Null));
                continue;
            }
            if (item is DirectoryInfo sub)
            {
                entries.Add(new Entry(name + "/", IsDirectory: true, IsLink: false, () => Stream.Null));
                Collect(sub, name + "/", entries, limits, source);
            }
            else
            {
                var file = (FileInfo)item;
                entries.Add(new Entry(name, IsDirectory: false, IsLink: false, file.OpenRead));
            }
        }
    }

    private sealed record Entry(string Name, bool IsDirectory, bool IsLink, Func<Stream> Open);

    private static ServicePackage FromEntries(List<Entry> entries, string source, PackageLimits limits)
    {
        var problems = new List<PackageProblem>();
        foreach (var entry in entries)
        {
            if (PathProblem(entry.Name) is { } problem)
            {
                problems.Add(new PackageProblem(entry.Name, null, problem));
            }
            else if (entry.IsLink)
            {
                problems.Add(new PackageProblem(entry.Name, null, "is a symbolic link; a package holds plain files only."));
            }
        }
        if (problems.Count > 0)
        {
            throw new ServicePackageException(source, problems);
        }

        var files = entries.Where(e => !e.IsDirectory).ToList();
        var prefix = CommonFolder(files);
        var known = new List<(string Name, Entry Entry)>();
        foreach (var file in files)
        {
            var name = file.Name[prefix.Length..];
            if (Ignored(name))
            {
                continue;
            }
            if (name is ServiceJsonValidator.FileName or ServiceFormCheck.FileName or ProcessFile)
            {
                known.Add((name, file));
            }
            else if (name.StartsWith(TemplatesFolder, StringComparison.Ordinal) && TemplateNamePattern().IsMatch(name[TemplatesFolder.Length..]))
            {
                known.Add((name, file));
            }
            else if (TaskForms.KeyOf(name) is not null)
            {
                known.Add((name, file));
            }
            else
            {
                problems.Add(new PackageProblem(name, null, name.StartsWith(TemplatesFolder, StringComparison.Ordinal)
                    ? "is not a valid template name: one file directly in templates/, letters, digits, '.', '-' and '_' (e.g. templates/receipt.de.hbs)."
                    : name.StartsWith(TaskForms.Folder, StringComparison.Ordinal)
                    ? "is not a valid task form name: one file directly in forms/, named by its form key in lower-case letters, digits and '-', ending in .json (e.g. forms/pruefung.json)."
                    : "is not part of a service package, which holds service.json, form.json, process.bpmn, templates/, forms/ and examples/."));
            }
        }
        foreach (var duplicate in known.GroupBy(k => k.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(new PackageProblem(duplicate.Key, null, "appears more than once."));
        }
        if (problems.Count > 0)
        {
            throw new ServicePackageException(source, problems);
        }

        var content = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        long total = 0;
        foreach (var (name, entry) in known)
        {
            var bytes = ReadBounded(entry, limits.MaxFileBytes);
            if (bytes is null)
            {
                problems.Add(new PackageProblem(name, null, string.Create(CultureInfo.InvariantCulture, $"is larger than {limits.MaxFileBytes} bytes.")));
                continue;
            }
            total += bytes.Length;
            if (total > limits.MaxTotalBytes)
            {
                throw Refused(source, new PackageProblem(Path.GetFileName(source), null,
                    string.Create(CultureInfo.InvariantCulture, $"holds more than {limits.MaxTotalBytes} bytes.")));
            }
            content[name] = bytes;
        }
        if (problems.Count > 0)
        {
            throw new ServicePackageException(source, problems);
        }
        return Check(content, source);
    }

    /// <summary>Why a path inside a package is refused; null when it is a plain relative path.</summary>
    internal static string? PathProblem(string name)
    {
        if (name.Length == 0 || name.Length > 300)
        {
            return "has an empty or overlong path.";
        }
        if (name.Contains('\\', StringComparison.Ordinal))
        {
            return "has a backslash in its path; paths in a package use '/'.";
        }
        if (name.StartsWith('/') || (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0])))
        {
            return "has an absolute path; paths in a package are relative to the package folder.";
        }
        if (name.Any(char.IsControl))
        {
            return "has control characters in its path.";
        }
        var segments = name.TrimEnd('/').Split('/');
        if (segments.Any(s => s is ".." or "."))
        {
            return "has '..' or '.' in its path, which would leave the package folder.";
        }
        if (segments.Any(s => s.Length == 0))
        {
            return "has an empty folder name in its path.";
        }
        return null;
    }

    /// <summary>"x/" when every file lies in one top-level folder x and no service.json is at the top (a zip of the folder).</summary>
    private static string CommonFolder(List<Entry> files)
    {
        if (files.Count == 0 || files.Any(f => f.Name == ServiceJsonValidator.FileName))
        {
            return "";
        }
        var first = files[0].Name;
        var slash = first.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return "";
        }
        var prefix = first[..(slash + 1)];
        return files.All(f => f.Name.StartsWith(prefix, StringComparison.Ordinal)) ? prefix : "";
    }

    /// <summary>Examples (documentation and tests of the package), hidden files and macOS zip metadata are not installed.</summary>
    private static bool Ignored(string name) =>
        name.StartsWith(ExamplesFolder, StringComparison.Ordinal)
        || name.StartsWith("__MACOSX/", StringComparison.Ordinal)
        || name.Split('/').Any(s => s.StartsWith('.'));

    /// <summary>The content, or null when it is longer than the limit; the size a zip claims is not trusted.</summary>
    private static byte[]? ReadBounded(Entry entry, long limit)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static ServicePackage Check(SortedDictionary<string, byte[]> content, string source)
    {
        var problems = new List<PackageProblem>();
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, bytes) in content)
        {
            try
            {
                var span = bytes.AsSpan();
                if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                {
                    span = span[3..];
                }
                texts[name] = Platform.Web.StrictUtf8.Encoding.GetString(span);
            }
            catch (DecoderFallbackException)
            {
                problems.Add(new PackageProblem(name, null, "is not UTF-8 text."));
            }
        }
        if (!texts.TryGetValue(ServiceJsonValidator.FileName, out var serviceJson))
        {
            problems.Add(new PackageProblem(ServiceJsonValidator.FileName, null, content.ContainsKey(ServiceJsonValidator.FileName)
                ? "cannot be read." : "is missing: every package has a service.json at its top."));
            throw new ServicePackageException(source, problems);
        }

        var service = ServiceJsonValidator.Validate(serviceJson, out var serviceProblems);
        problems.AddRange(serviceProblems);
        texts.TryGetValue(ServiceFormCheck.FileName, out var formJson);
        texts.TryGetValue(ProcessFile, out var processXml);
        string? processId = null;
        if (service is not null)
        {
            var why = service.Internal ? "internal is true, so the package needs the form of the data transferred to it"
                : "onlineApplication is true, so the package needs the application form";
            if (service.HasProcedure)
            {
                if (formJson is null && !content.ContainsKey(ServiceFormCheck.FileName))
                {
                    problems.Add(new PackageProblem(ServiceFormCheck.FileName, null, $"is missing: {why}."));
                }
                if (processXml is null && !content.ContainsKey(ProcessFile))
                {
                    problems.Add(new PackageProblem(ProcessFile, null, service.Internal
                        ? "is missing: internal is true, so the package needs the process its cases run."
                        : "is missing: onlineApplication is true, so the package needs the process an application runs."));
                }
            }
            else
            {
                foreach (var file in new[] { ServiceFormCheck.FileName, ProcessFile }.Where(content.ContainsKey))
                {
                    problems.Add(new PackageProblem(file, null, "is given, but onlineApplication is false: an information-only entry has no form and no process."));
                }
            }
            if (formJson is not null && service.HasProcedure)
            {
                var formProblems = ServiceFormCheck.Check(formJson, service.Id);
                problems.AddRange(formProblems);
                if (formProblems.Count == 0)
                {
                    problems.AddRange(ServiceFormCheck.CheckTransfers(formJson, service.Transfers));
                }
            }
            var taskForms = texts.Where(t => TaskForms.KeyOf(t.Key) is not null).ToList();
            if (!service.HasProcedure)
            {
                problems.AddRange(taskForms.Select(t => new PackageProblem(t.Key, null,
                    "is given, but onlineApplication is false: an information-only entry has no process and so no task forms.")));
            }
            foreach (var (name, json) in taskForms)
            {
                problems.AddRange(TaskForms.Check(TaskForms.KeyOf(name)!, json));
            }
            if (processXml is not null && service.HasProcedure)
            {
                var keys = content.Keys.Select(TaskForms.KeyOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
                processId = CheckProcess(processXml, service.Id, keys, problems);
            }
        }
        var templates = texts.Where(t => t.Key.StartsWith(TemplatesFolder, StringComparison.Ordinal))
            .ToDictionary(t => t.Key[TemplatesFolder.Length..], t => t.Value, StringComparer.Ordinal);
        foreach (var name in templates.Keys.Order(StringComparer.Ordinal))
        {
            problems.AddRange(NoticeTemplates.Check(name, templates).Select(p => new PackageProblem(TemplatesFolder + name, null, p)));
        }
        if (problems.Count > 0 || service is null)
        {
            throw new ServicePackageException(source, problems);
        }

        var forms = texts.Where(t => TaskForms.KeyOf(t.Key) is not null)
            .ToDictionary(t => TaskForms.KeyOf(t.Key)!, t => t.Value, StringComparer.Ordinal);
        return new ServicePackage(source, service, serviceJson, service.HasProcedure ? formJson : null,
            service.HasProcedure ? processXml : null, processId, templates, Hash(content))
        {
            TaskForms = forms,
        };
    }

    /// <summary>
    /// Validates as the deployment will, and every form key of a user task must name a task form of the package; the
    /// process to start is the only executable one, or the one named like the service.
    /// </summary>
    private static string? CheckProcess(string xml, string serviceId, IReadOnlyCollection<string> taskFormKeys, List<PackageProblem> problems)
    {
        try
        {
            var (_, processes) = ProcessDefinitions.Validate(xml);
            problems.AddRange(TaskForms.CheckFormKeys(processes, taskFormKeys, ProcessFile));
            if (processes.Count == 1)
            {
                return processes[0].Id;
            }
            if (processes.FirstOrDefault(p => p.Id == serviceId) is { } named)
            {
                return named.Id;
            }
            problems.Add(new PackageProblem(ProcessFile, null,
                $"has {processes.Count} executable processes ({string.Join(", ", processes.Select(p => p.Id))}); give the one an application starts the id '{serviceId}'."));
        }
        catch (DeploymentRefusedException e)
        {
            problems.AddRange(e.Problems.Where(p => p.Severity == ProblemSeverity.Error).Select(p => new PackageProblem(ProcessFile,
                p.ElementId is not null ? $"{p.ElementType ?? "element"} {p.ElementId}"
                : p.Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"line {p.Line}") : null,
                p.Message)));
        }
        return null;
    }

    /// <summary>SHA-256 over "path NUL sha256(content) LF" of each installed file in path order.</summary>
    private static string Hash(SortedDictionary<string, byte[]> content)
    {
        var manifest = new StringBuilder();
        foreach (var (name, bytes) in content)
        {
            manifest.Append(name).Append('\0').Append(Convert.ToHexStringLower(SHA256.HashData(bytes))).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest.ToString())));
    }

    private static PackageProblem TooManyEntries(string source, PackageLimits limits) =>
        new(Path.GetFileName(source.TrimEnd('/', Path.DirectorySeparatorChar)), null,
            string.Create(CultureInfo.InvariantCulture, $"holds more than {limits.MaxEntries} files and folders."));

    private static ServicePackageException Refused(string source, PackageProblem problem) => new(source, [problem]);
}
