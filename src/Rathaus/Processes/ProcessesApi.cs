using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Rathaus.Bpmn.Model;
using Rathaus.Platform.Database;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Web;

namespace Rathaus.Processes;

/// <summary>Body of <c>POST /tasks/{id}/complete</c>.</summary>
/// <param name="Variables">The form's variables.</param>
public sealed record CompleteTaskBody(JsonObject? Variables);

/// <summary>Body of <c>POST /messages</c>.</summary>
/// <param name="Name">Message name.</param>
/// <param name="CorrelationKey">Correlation key, or null for subscriptions without one.</param>
/// <param name="Variables">Message payload.</param>
/// <param name="InstanceId">Deliver only to this instance.</param>
public sealed record CorrelateMessageBody(string? Name, string? CorrelationKey, JsonObject? Variables, string? InstanceId);

/// <summary>Body of <c>POST /incidents/{id}/resolve</c>.</summary>
/// <param name="Retries">New attempts for a failed job (default 1).</param>
/// <param name="Variables">Variables to set before the step runs again (e.g. to fix a condition).</param>
public sealed record ResolveIncidentBody(int? Retries, JsonObject? Variables);

/// <summary>Body of <c>POST /jobs/{id}/retry</c>.</summary>
/// <param name="Retries">New attempts for a job that ran out of them (default 1).</param>
public sealed record RetryJobBody(int? Retries);

/// <summary>One problem of a refused deployment.</summary>
public sealed record DeploymentProblem(string Severity, string Message, string? ElementId, string? ElementType, int Line, int Column);

/// <summary>The handlers of the process API; errors are RFC 9457 problem details.</summary>
internal static class ProcessesApi
{
    private const string ProblemType = "https://rathaus.example/probleme/prozesse/";

    internal static async Task<Results<Created<DeploymentResult>, Ok<DeploymentResult>, ProblemHttpResult>> DeployAsync(
        HttpRequest request, CurrentTenant tenant, ProcessService processes, ClaimsPrincipal user, CancellationToken ct)
    {
        if (tenant.Tenant is not { } t)
        {
            return NoTenant();
        }
        var limit = BpmnParserOptions.Default.MaxInputBytes;
        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        // The body is read with a limit before the parser sees it: a 50 MB upload ends here, not in memory.
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + read > limit)
            {
                return TooLarge(limit);
            }
            body.Write(buffer, 0, read);
        }
        body.Position = 0;
        string xml;
        // UTF-8 unless a byte order mark says otherwise; a byte sequence that is no character is refused, not replaced.
        using (var reader = new StreamReader(body, StrictUtf8.Encoding, detectEncodingFromByteOrderMarks: true))
        {
            try
            {
                xml = await reader.ReadToEndAsync(ct);
            }
            catch (DecoderFallbackException)
            {
                return TypedResults.Problem(
                    title: Text("Der Prozess kann nicht bereitgestellt werden; es wurde nichts gespeichert.", "The process cannot be deployed; nothing was stored."),
                    detail: Text("Die Datei ist kein gültiger UTF-8-Text.", "The file is not valid UTF-8 text."),
                    statusCode: StatusCodes.Status400BadRequest,
                    type: ProblemType + "bereitstellung");
            }
        }

        try
        {
            var result = await processes.DeployAsync(t.Id, xml, user.FindFirstValue(ClaimTypes.NameIdentifier), ct);
            return result.AnyNew
                ? TypedResults.Created($"/api/v1/processes/definitions/{result.Definitions[0].Id}", result)
                : TypedResults.Ok(result);
        }
        catch (DeploymentRefusedException e)
        {
            var problems = e.Problems.Select(p => new DeploymentProblem(
                p.Severity.ToString().ToLowerInvariant(), p.Message, p.ElementId, p.ElementType, p.Line, p.Column)).ToList();
            return TypedResults.Problem(
                title: Text("Der Prozess kann nicht bereitgestellt werden; es wurde nichts gespeichert.", "The process cannot be deployed; nothing was stored."),
                detail: string.Join(Environment.NewLine, e.Problems.Select(p => p.ToString())),
                statusCode: StatusCodes.Status400BadRequest,
                type: ProblemType + "bereitstellung",
                extensions: new Dictionary<string, object?> { ["problems"] = problems });
        }
    }

    internal static async Task<Results<Created<InstanceView>, ProblemHttpResult>> StartAsync(
        StartRequest body, CurrentTenant tenant, ProcessService processes, CancellationToken ct)
    {
        if (tenant.Tenant is not { } t)
        {
            return NoTenant();
        }
        try
        {
            var instance = await processes.StartAsync(t.Id, body, ct);
            return TypedResults.Created($"/api/v1/processes/instances/{instance.Id}", instance);
        }
        catch (ProcessCommandException e)
        {
            return Problem(e);
        }
    }

    internal static async Task<Results<Ok<InstanceView>, ProblemHttpResult>> GetInstanceAsync(
        string id, CurrentTenant tenant, ProcessService processes, Db db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (tenant.Tenant is not { } t)
        {
            return NoTenant();
        }
        return await processes.GetInstanceAsync(t.Id, id, ct) is { } instance && await MayReadAsync(db, t.Id, instance, Actor(user), ct)
            ? TypedResults.Ok(instance)
            : Problem(new ProcessCommandException(ProcessErrorKind.NotFound, $"Process instance {id} does not exist."));
    }

    /// <summary>
    /// The instance of a case carries the application's data: only the case's department, whoever has an open task of
    /// it, and tenant admins read it; to anyone else it does not exist (as in the workbench, docs/workbench.md).
    /// Instances without a case stay readable by all staff of the tenant.
    /// </summary>
    private static async Task<bool> MayReadAsync(Db db, Guid tenantId, InstanceView instance, TaskActor actor, CancellationToken ct)
    {
        if (actor.IsTenantAdmin)
        {
            return true;
        }
        var department = await db.InTenantAsync(tenantId, (c, tx) => c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT department_key FROM cases WHERE process_instance_id = @id", new { id = instance.Id }, tx, cancellationToken: ct)), ct);
        return department is null
            || actor.Departments.Contains(department, StringComparer.Ordinal)
            || instance.OpenTasks.Any(task => task.CandidateGroups.Any(g => actor.Departments.Contains(g, StringComparer.Ordinal))
                || task.Assignee == actor.UserId || (actor.Email is not null && task.Assignee == actor.Email));
    }

    internal static async Task<Results<Ok<InstanceView>, ProblemHttpResult>> CancelAsync(
        string id, CurrentTenant tenant, ProcessService processes, CancellationToken ct) =>
        await Run(tenant, t => processes.CancelAsync(t, id, ct));

    internal static async Task<Results<Ok<IReadOnlyList<TaskView>>, ProblemHttpResult>> ListTasksAsync(
        CurrentTenant tenant, ProcessService processes, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = Actor(user);
        return await Run(tenant, t => processes.ListOpenTasksAsync(t, actor.IsTenantAdmin ? null : actor.Departments, ct));
    }

    internal static async Task<Results<Ok<InstanceView>, ProblemHttpResult>> CompleteTaskAsync(
        string id, [FromBody] CompleteTaskBody? body, CurrentTenant tenant, ProcessService processes, ClaimsPrincipal user, CancellationToken ct) =>
        await Run(tenant, t => processes.CompleteTaskAsync(t, id, body?.Variables, Actor(user), ct));

    internal static async Task<Results<Ok<CorrelationResult>, ProblemHttpResult>> CorrelateAsync(
        CorrelateMessageBody body, CurrentTenant tenant, ProcessService processes, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Name))
        {
            return Problem(new ProcessCommandException(ProcessErrorKind.Invalid, "The message needs a name."));
        }
        return await Run(tenant, t => processes.CorrelateMessageAsync(t, body.Name, body.CorrelationKey, body.Variables, body.InstanceId, ct));
    }

    internal static async Task<Results<Ok<IReadOnlyList<IncidentView>>, ProblemHttpResult>> ListIncidentsAsync(
        bool? includeResolved, CurrentTenant tenant, ProcessService processes, CancellationToken ct) =>
        await Run(tenant, t => processes.ListIncidentsAsync(t, includeResolved ?? false, ct));

    internal static async Task<Results<Ok<IncidentView>, ProblemHttpResult>> ResolveIncidentAsync(
        string id, [FromBody] ResolveIncidentBody? body, CurrentTenant tenant, ProcessService processes, CancellationToken ct) =>
        await Run(tenant, t => processes.ResolveIncidentAsync(t, id, body?.Retries ?? 1, body?.Variables, ct));

    internal static async Task<Results<Ok<JobView>, ProblemHttpResult>> RetryJobAsync(
        string id, [FromBody] RetryJobBody? body, CurrentTenant tenant, ProcessService processes, CancellationToken ct) =>
        await Run(tenant, t => processes.RetryJobAsync(t, id, body?.Retries ?? 1, ct));

    private static async Task<Results<Ok<T>, ProblemHttpResult>> Run<T>(CurrentTenant tenant, Func<Guid, Task<T>> command)
    {
        if (tenant.Tenant is not { } t)
        {
            return NoTenant();
        }
        try
        {
            return TypedResults.Ok(await command(t.Id));
        }
        catch (ProcessCommandException e)
        {
            return Problem(e);
        }
    }

    private static TaskActor Actor(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
        user.FindFirstValue(ClaimTypes.Email),
        user.FindAll(RathausClaims.Department).Select(c => c.Value).ToList(),
        user.IsInRole(Roles.TenantAdmin));

    private static ProblemHttpResult Problem(ProcessCommandException e)
    {
        var (status, slug, de, en) = e.Kind switch
        {
            ProcessErrorKind.NotFound => (StatusCodes.Status404NotFound, "nicht-gefunden", "Nicht gefunden.", "Not found."),
            ProcessErrorKind.Forbidden => (StatusCodes.Status403Forbidden, "nicht-erlaubt", "Das dürfen Sie nicht.", "You may not do this."),
            ProcessErrorKind.Invalid => (StatusCodes.Status400BadRequest, "ungueltig", "Die Anfrage ist nicht gültig.", "The request is not valid."),
            _ => (StatusCodes.Status409Conflict, "konflikt", "Das passt nicht zum Stand des Vorgangs; es wurde nichts geändert.",
                "This does not fit the state of the process; nothing was changed."),
        };
        return TypedResults.Problem(title: Text(de, en), detail: e.Message, statusCode: status, type: ProblemType + slug);
    }

    private static ProblemHttpResult NoTenant() => TypedResults.Problem(
        title: Text("Keine Kommune angegeben.", "No municipality given."), statusCode: StatusCodes.Status404NotFound, type: ProblemType + "mandant");

    private static ProblemHttpResult TooLarge(long limit) => TypedResults.Problem(
        title: Text("Der Prozess kann nicht bereitgestellt werden; es wurde nichts gespeichert.", "The process cannot be deployed; nothing was stored."),
        detail: string.Create(CultureInfo.InvariantCulture, $"The BPMN file is larger than {limit / (1024 * 1024)} MB."),
        statusCode: StatusCodes.Status400BadRequest,
        type: ProblemType + "bereitstellung",
        extensions: new Dictionary<string, object?>
        {
            ["problems"] = new[] { new DeploymentProblem("error", string.Create(CultureInfo.InvariantCulture, $"The file is larger than {limit} bytes."), null, null, 0, 0) },
        });

    private static string Text(string german, string english) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? english : german;
}
