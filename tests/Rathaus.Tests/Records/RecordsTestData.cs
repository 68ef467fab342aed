using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Cases;
using Rathaus.Platform.Admin;
using Rathaus.Platform.Blobs;
using Rathaus.Platform.Tenancy;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Records;

/// <summary>Cases with documents, the admin command line and the shared xdomea corpus for the records tests.</summary>
internal static class RecordsTestData
{
    public static async Task<Tenant> TenantAsync(this RathausApp app, string slug) =>
        (await app.Services.GetRequiredService<TenantDirectory>().FindBySlugAsync(slug))!;

    /// <summary>The file (Akte) a case was filed into.</summary>
    public static Task<Guid> FileIdAsync(this RathausApp app, Guid caseId) =>
        app.QueryAsync<Guid>("SELECT file_id FROM record_procedures WHERE case_id = @caseId", new { caseId });

    /// <summary>Submits a case of a service without process, with one evidence PDF and a receipt PDF.</summary>
    public static async Task<(Guid CaseId, string Reference)> SubmitCaseAsync(this RathausApp app, Tenant tenant, string department, string marker,
        string serviceId = "records-test")
    {
        var blobs = app.Services.GetRequiredService<IBlobStore>();
        var evidence = await blobs.PutAsync(new MemoryStream(SampleFiles.Pdf("Nachweis " + marker)), default);
        var receipt = await blobs.PutAsync(new MemoryStream(SampleFiles.Pdf("Eingang " + marker)), default);
        var service = new IntakeService(serviceId, "1.0.0", department, "REC", null, null);
        var submitted = await app.Services.GetRequiredService<CaseIntake>().SubmitAsync(new IntakeRequest(tenant, service,
            new JsonObject { ["name"] = marker },
            [
                new IntakeDocument(Guid.CreateVersion7(), "evidence", "nachweis", "Nachweis " + marker + ".pdf", "application/pdf", evidence.Size, evidence.Sha256),
                new IntakeDocument(Guid.CreateVersion7(), "receipt", null, "Eingangsbestätigung.pdf", "application/pdf", receipt.Size, receipt.Sha256),
            ],
            "portal", new IntakeActor("anonymous", null, null), "corr-" + marker), receipt: null);
        return (submitted.Id, submitted.Reference);
    }

    public static async Task<(int Exit, string Output, string Error)> AdminAsync(this RathausApp app, params string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Database:ConnectionString", app.ConnectionString), new("Blobs:Path", app.BlobFolder)])
            .Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(["admin", .. args], output, error, configuration);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary><c>../shared/corpora/xdomea</c> next to the repository (the worktree's root holds Rathaus.slnx).</summary>
    public static string XdomeaCorpus
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Rathaus.slnx")))
            {
                folder = folder.Parent;
            }
            return folder is null
                ? throw new InvalidOperationException("The repository root (Rathaus.slnx) was not found above " + AppContext.BaseDirectory)
                : Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "corpora", "xdomea"));
        }
    }
}
