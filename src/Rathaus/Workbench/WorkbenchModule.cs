namespace Rathaus.Workbench;

/// <summary>The caseworker workbench (docs/workbench.md): inbox, task pages, case view, team lead overview.</summary>
public static class WorkbenchModule
{
    public static IServiceCollection AddWorkbench(this IServiceCollection services)
    {
        services.AddSingleton<TaskInbox>();
        services.AddSingleton<TaskActions>();
        services.AddSingleton<TaskFormCache>();
        services.AddSingleton<CaseFiles>();
        services.AddSingleton<WorkloadOverview>();
        return services;
    }
}
