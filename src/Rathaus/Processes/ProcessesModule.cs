using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Rathaus.Bpmn.Runtime;
using Rathaus.Platform.Database;
using Rathaus.Platform.Identity;

namespace Rathaus.Processes;

/// <summary>The durable process runtime: definitions, instances, the job executor and the API under <c>/api/v1/processes</c>.</summary>
public static class ProcessesModule
{
    public static IServiceCollection AddProcesses(this IServiceCollection services)
    {
        services.AddOptions<JobExecutorOptions>().BindConfiguration(JobExecutorOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobExecutorOptions>, JobExecutorOptionsValidation>();
        services.AddSingleton<ProcessDefinitions>();
        services.AddSingleton<ProcessRuntime>();
        services.AddSingleton(sp => new ProcessService(sp.GetRequiredService<ProcessRuntime>()));
        services.AddSingleton(sp => new JobHandlers(sp.GetServices<JobHandlerRegistration>(), sp));
        services.AddHostedService(sp => new JobExecutor(
            sp.GetRequiredService<IOptions<JobExecutorOptions>>().Value,
            sp.GetRequiredService<ProcessRuntime>(),
            sp.GetRequiredService<RathausDataSources>(),
            sp.GetRequiredService<DatabaseState>(),
            sp.GetRequiredService<JobHandlers>(),
            sp.GetRequiredService<ILogger<JobExecutor>>(),
            takesLocalJobs: true));
        return services;
    }

    /// <summary>Registers the handler of a task type (<c>zeebe:taskDefinition type</c>) for this node's job executor.</summary>
    public static IServiceCollection AddJobHandler(this IServiceCollection services, string taskType, Func<IServiceProvider, IJobHandler> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return services.AddJobHandler(taskType, sp => (ITenantJobHandler)new JobHandlers.EngineJobHandler(create(sp)));
    }

    /// <summary>Registers a handler of the web application (tenant-aware, asynchronous) for a task type.</summary>
    public static IServiceCollection AddJobHandler(this IServiceCollection services, string taskType, Func<IServiceProvider, ITenantJobHandler> create)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskType);
        services.AddSingleton(new JobHandlerRegistration(taskType, create));
        return services;
    }

    public static IEndpointRouteBuilder MapProcessesApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/processes").WithTags("Processes").DisableAntiforgery();

        api.MapPost("/definitions", ProcessesApi.DeployAsync)
            .RequireAuthorization(Policies.TenantAdmin)
            .Accepts<string>("application/xml", "text/xml", "application/octet-stream")
            .WithName("DeployProcess")
            .WithSummary("Deploys the executable processes of a BPMN 2.0 file (XML body). The same XML again returns the existing version (200); a refused file lists every problem with its element id and stores nothing.");
        api.MapPost("/instances", ProcessesApi.StartAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("StartProcessInstance")
            .WithSummary("Starts an instance by process id (latest or a fixed version) or by the message of a message start event.");
        api.MapGet("/instances/{id}", ProcessesApi.GetInstanceAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("GetProcessInstance")
            .WithSummary("The instance: status, revision, variables and open tasks.");
        api.MapPost("/instances/{id}/cancel", ProcessesApi.CancelAsync)
            .RequireAuthorization(Policies.TenantAdmin)
            .WithName("CancelProcessInstance")
            .WithSummary("Cancels a running instance and the instances its call activities started.");
        api.MapGet("/tasks", ProcessesApi.ListTasksAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("ListOpenTasks")
            .WithSummary("Open user tasks offered to the signed-in person's departments (all open tasks for an administrator).");
        api.MapPost("/tasks/{id}/complete", ProcessesApi.CompleteTaskAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("CompleteTask")
            .WithSummary("Completes an open user task with the given variables.");
        api.MapPost("/messages", ProcessesApi.CorrelateAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("CorrelateMessage")
            .WithSummary("Delivers a message (name and correlation key) to the instance waiting for it, or starts the processes whose message start event listens to it.");
        api.MapGet("/incidents", ProcessesApi.ListIncidentsAsync)
            .RequireAuthorization(Policies.TenantAdmin)
            .WithName("ListIncidents")
            .WithSummary("Incidents of the tenant, newest first; open ones unless includeResolved=true.");
        api.MapPost("/incidents/{id}/resolve", ProcessesApi.ResolveIncidentAsync)
            .RequireAuthorization(Policies.TenantAdmin)
            .WithName("ResolveIncident")
            .WithSummary("Resolves an incident: optionally sets variables, then runs the stopped step again.");
        api.MapPost("/jobs/{id}/retry", ProcessesApi.RetryJobAsync)
            .RequireAuthorization(Policies.TenantAdmin)
            .WithName("RetryJob")
            .WithSummary("Runs a job again: new retries for a job that ran out of them, or due now for one waiting in back-off.");
        return endpoints;
    }
}
