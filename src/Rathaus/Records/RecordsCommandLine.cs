using System.Globalization;
using Rathaus.Platform.Tenancy;
using Rathaus.Records.Xdomea;

namespace Rathaus.Records;

/// <summary>
/// <c>rathaus admin records …</c>: the file plan (<c>fileplan import FILE.csv|list</c>), the files (<c>files [--due DATE]</c>)
/// and the xdomea hand-over (<c>export FILE-ID… --out FOLDER</c>, <c>import ZIP</c>), always with <c>--tenant SLUG</c>.
/// </summary>
public static class RecordsCommandLine
{
    public const string Usage = """
          rathaus admin records fileplan import FILE.csv --tenant SLUG
          rathaus admin records fileplan list --tenant SLUG
          rathaus admin records files --tenant SLUG [--due YYYY-MM-DD]
          rathaus admin records export FILE-ID... --tenant SLUG [--out FOLDER] [--recipient ARCHIVE]
          rathaus admin records import MESSAGE.zip --tenant SLUG
          rathaus admin records disposal list --tenant SLUG [--state proposed|approved|postponed|disposed]
          rathaus admin records disposal propose --tenant SLUG
          rathaus admin records disposal approve FILE-ID --as EMAIL --tenant SLUG
          rathaus admin records disposal postpone FILE-ID --until YYYY-MM-DD --reason TEXT --as EMAIL --tenant SLUG
          rathaus admin records disposal run [FILE-ID...] --tenant SLUG
        """;

    /// <param name="args">Everything after <c>admin records</c>.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        // Operator texts are English, like the other commands.
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        var positional = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var options = Options(args.Skip(positional.Count).ToList());
        if (!options.TryGetValue("tenant", out var slug))
        {
            await error.WriteLineAsync("--tenant is required.\nUsage:\n" + Usage);
            return 2;
        }
        var tenant = await services.GetRequiredService<TenantDirectory>().FindBySlugAsync(slug);
        if (tenant is null)
        {
            await error.WriteLineAsync($"Error: there is no tenant '{slug}'.");
            return 1;
        }
        var workdir = Environment.GetEnvironmentVariable("RATHAUS_WORKDIR") ?? Directory.GetCurrentDirectory();
        try
        {
            switch (positional)
            {
                case ["fileplan", "import", var file]:
                {
                    var entries = FilePlanCsv.Parse(await File.ReadAllTextAsync(Path.GetFullPath(file, workdir)));
                    await services.GetRequiredService<FilePlans>().ImportAsync(tenant.Id, entries, RecordsActor.Operator());
                    await output.WriteLineAsync($"File plan of {slug} imported: {entries.Count} entries.");
                    return 0;
                }
                case ["fileplan", "list"]:
                    foreach (var e in await services.GetRequiredService<FilePlans>().ListAsync(tenant.Id))
                    {
                        var departments = e.Departments.Count == 0 ? "" : "  [" + string.Join(' ', e.Departments) + "]";
                        await output.WriteLineAsync(
                            $"{e.Number,-10} {e.Title,-50} {e.RetentionYears,3} years  {FilePlanEntry.DisposalToDb(e.Disposal),-7}{departments}");
                    }
                    return 0;
                case ["files"]:
                {
                    DateOnly? due = options.TryGetValue("due", out var d) ? DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
                    var files = await services.GetRequiredService<RecordsStore>().ListFilesAsync(tenant.Id, due);
                    foreach (var f in files)
                    {
                        await output.WriteLineAsync(
                            f.DisposedAt is { } disposedAt
                                ? $"{f.Id}  {f.Reference,-28} {f.FilePlanNumber,-8} disposed of {disposedAt:yyyy-MM-dd} (tombstone)  {f.Title}"
                                : $"{f.Id}  {f.Reference,-28} {f.FilePlanNumber,-8} {f.Procedures,4} procedures  disposal {f.DisposalDue?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "open",-10} {f.Disposal,-7} {f.Title}");
                    }
                    if (files.Count == 0)
                    {
                        await output.WriteLineAsync(due is null ? $"No files in {slug}." : $"No files of {slug} are due for disposal by {due:yyyy-MM-dd}.");
                    }
                    return 0;
                }
                case ["export", .. var ids] when ids.Count > 0:
                {
                    var fileIds = ids.Select(i => Guid.TryParse(i, out var g) ? g : throw new RecordsException("bad-request", $"'{i}' is not a file id.")).ToList();
                    var folder = Path.GetFullPath(options.GetValueOrDefault("out") ?? ".", workdir);
                    var temporary = Path.Combine(folder, "." + Guid.NewGuid().ToString("N") + ".part");
                    XdomeaExportResult result;
                    await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite))
                    {
                        try
                        {
                            result = await services.GetRequiredService<XdomeaTransfer>().ExportAsync(tenant, fileIds,
                                options.GetValueOrDefault("recipient") ?? "Zuständiges Archiv", RecordsActor.Operator(), stream);
                        }
                        catch
                        {
                            stream.Close();
                            File.Delete(temporary);
                            throw;
                        }
                    }
                    var target = Path.Combine(folder, result.FileName);
                    File.Move(temporary, target);
                    await output.WriteLineAsync($"Exported {result.Files} file(s), {result.Procedures} procedure(s), {result.Documents} document(s) to {target}");
                    return 0;
                }
                case ["import", var zip]:
                {
                    await using var stream = File.OpenRead(Path.GetFullPath(zip, workdir));
                    var result = await services.GetRequiredService<XdomeaTransfer>().ImportAsync(tenant, stream, RecordsActor.Operator());
                    await output.WriteLineAsync(
                        $"Imported {result.FileIds.Count} file(s), {result.Procedures} procedure(s), {result.Documents} document(s), {result.Versions} version(s) into {slug}:");
                    foreach (var id in result.FileIds)
                    {
                        await output.WriteLineAsync("  " + id);
                    }
                    return 0;
                }
                case ["disposal", "list"]:
                {
                    var list = await services.GetRequiredService<RecordDisposals>().ListAsync(tenant.Id, options.GetValueOrDefault("state"));
                    foreach (var d in list)
                    {
                        await output.WriteLineAsync(DisposalLine(d));
                    }
                    if (list.Count == 0)
                    {
                        await output.WriteLineAsync($"No disposals in {slug}.");
                    }
                    return 0;
                }
                case ["disposal", "propose"]:
                {
                    var count = await services.GetRequiredService<RecordDisposals>().ProposeDueAsync(tenant.Id);
                    await output.WriteLineAsync($"{count} file(s) of {slug} newly proposed for disposal.");
                    return 0;
                }
                case ["disposal", "approve", var id]:
                {
                    var disposals = services.GetRequiredService<RecordDisposals>();
                    var staff = await StaffAsync(disposals, tenant.Id, options);
                    var d = await disposals.ApproveAsync(tenant.Id, FileId(id), staff, RecordsActor.Operator());
                    await output.WriteLineAsync($"Disposal of {d.Reference} approved by {d.ApprovedByName}.");
                    return 0;
                }
                case ["disposal", "postpone", var id]:
                {
                    var disposals = services.GetRequiredService<RecordDisposals>();
                    var staff = await StaffAsync(disposals, tenant.Id, options);
                    var until = DateOnly.ParseExact(options.GetValueOrDefault("until") ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    var d = await disposals.PostponeAsync(tenant.Id, FileId(id), until, options.GetValueOrDefault("reason"), staff,
                        RecordsActor.Operator());
                    await output.WriteLineAsync($"Disposal of {d.Reference} postponed until {d.PostponedUntil:yyyy-MM-dd}.");
                    return 0;
                }
                case ["disposal", "run", .. var ids]:
                {
                    var results = await services.GetRequiredService<RecordDisposals>().RunAsync(tenant.Id, RecordsActor.Operator(),
                        ids.Count == 0 ? null : ids.Select(FileId).ToList());
                    foreach (var r in results)
                    {
                        await output.WriteLineAsync($"Disposed of {r.Reference} ({r.FileId}){(r.Exported ? ", exported to the archive first" : "")}, {r.BlobsDeleted} blob(s) deleted.");
                    }
                    if (results.Count == 0)
                    {
                        await output.WriteLineAsync($"No approved disposals in {slug}.");
                    }
                    return 0;
                }
                default:
                    await error.WriteLineAsync("Usage:\n" + Usage);
                    return 2;
            }
        }
        catch (RecordsException e)
        {
            await error.WriteLineAsync("Error: " + e.Message);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            await error.WriteLineAsync("Error: " + e.Message);
            return 1;
        }
    }

    private static string DisposalLine(RecordDisposal d)
    {
        var state = d.State switch
        {
            "approved" => $"approved by {d.ApprovedByName} on {d.ApprovedAt:yyyy-MM-dd}",
            "postponed" => $"postponed until {d.PostponedUntil:yyyy-MM-dd} ({d.PostponeReason})",
            "disposed" => $"disposed {d.DisposedAt:yyyy-MM-dd}, approved by {d.ApprovedByName}{(d.ExportSha256 is null ? "" : ", archived as " + d.ExportFileName + " sha256 " + d.ExportSha256)}",
            _ => "proposed",
        };
        return $"{d.FileId}  {d.Reference,-28} {d.FilePlanNumber,-8} due {d.DisposalDue:yyyy-MM-dd} {d.Disposal,-7} {state}  {d.Title}";
    }

    private static Guid FileId(string id) =>
        Guid.TryParse(id, out var g) ? g : throw new RecordsException("bad-request", $"'{id}' is not a file id.");

    /// <summary>The records manager in whose name the operator decides (<c>--as EMAIL</c>): a disposal is approved by a person.</summary>
    private static async Task<Guid> StaffAsync(RecordDisposals disposals, Guid tenantId, Dictionary<string, string> options) =>
        options.TryGetValue("as", out var email)
            ? await disposals.FindStaffAsync(tenantId, email) ?? throw new RecordsException("not-found", $"There is no staff account '{email}'.")
            : throw new RecordsException("bad-request", "--as EMAIL is required: the records manager who decides.");

    private static Dictionary<string, string> Options(List<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }
        return options;
    }
}
