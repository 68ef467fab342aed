using Microsoft.AspNetCore.Mvc.Filters;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Platform.Web;

/// <summary>Marks a page that also serves without a tenant (the platform's own pages).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PlatformPageAttribute : Attribute;

/// <summary>Every other page belongs to a tenant: without one it does not exist (404).</summary>
public sealed class RequireTenantPageFilter(CurrentTenant current) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var platformPage = context.HandlerInstance.GetType().IsDefined(typeof(PlatformPageAttribute), inherit: true);
        if (current.Tenant is null && !platformPage)
        {
            context.Result = new Microsoft.AspNetCore.Mvc.NotFoundResult();
            return;
        }
        await next();
    }
}
