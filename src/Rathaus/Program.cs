using Microsoft.Extensions.Options;
using Rathaus.Cases;
using Rathaus.CatalogModule;
using Rathaus.DogTax;
using Rathaus.Mailbox;
using Rathaus.Platform;
using Rathaus.Platform.Admin;
using Rathaus.Platform.Configuration;
using Rathaus.Portal;
using Rathaus.Portal.Applications;
using Rathaus.Privacy;
using Rathaus.Processes;
using Rathaus.Records;
using Rathaus.Transfers;
using Rathaus.WasteCollection;
using Rathaus.WohngeldModule;
using Rathaus.Workbench;

if (args is ["bpmn", "check", var bpmnFile])
{
    return Rathaus.Bpmn.Validation.BpmnCheckCommand.Run(bpmnFile, Console.Out);
}
if (args.Length > 0 && CommandLine.Handles(args[0]))
{
    return await CommandLine.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddRathausEnvironment();
builder.Logging.ClearProviders();
builder.Logging.AddJsonConsole(o =>
{
    o.IncludeScopes = true;
    o.UseUtcTimestamp = true;
    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
});
builder.Services.AddPlatform(builder.Configuration);
builder.Services.AddProcesses();
builder.Services.AddCases();
builder.Services.AddRecords(builder.Configuration);
builder.Services.AddCatalog(builder.Configuration);
builder.Services.AddPortal(builder.Configuration);
builder.Services.AddWorkbench();
builder.Services.AddMailbox();
builder.Services.AddDogTax();
builder.Services.AddWasteCollection();
builder.Services.AddTransfers();
builder.Services.AddPrivacy();

var app = builder.Build();
app.UsePlatform();
app.MapPlatform();
app.MapWohngeldApi();
app.MapProcessesApi();
app.MapCatalogApi();
app.MapSubmissionsApi();
app.MapRecords();
app.MapDogTaxApi();
app.MapWasteCollectionApi();

try
{
    await app.RunAsync();
    return Environment.ExitCode;
}
catch (OptionsValidationException e)
{
    await Console.Error.WriteLineAsync("Rathaus cannot start, a setting is wrong:");
    foreach (var failure in e.Failures)
    {
        await Console.Error.WriteLineAsync("  " + failure);
    }
    return 1;
}

/// <summary>The web application's entry point, named for the test host.</summary>
public partial class Program;
