using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Rathaus.Platform.Web;

/// <summary>Texts of <see cref="ApiProblems"/> (Resources/Platform/Web/ApiProblemText.resx and .en.resx).</summary>
#pragma warning disable CA1052 // Names the resource for the localizer; never instantiated.
public sealed class ApiProblemText
#pragma warning restore CA1052
{
    private ApiProblemText()
    {
    }
}

/// <summary>
/// The refusals the framework answers with an empty body before an API handler runs — a body that cannot be bound
/// (malformed JSON, a wrong type, a number out of range: 400), a body over the size limit (413), a content type the
/// endpoint does not take (415) — get translated problem details, so that every refusal says what is wrong.
/// 401, 403 and 404 stay as they are.
/// </summary>
public static class ApiProblems
{
    public static IApplicationBuilder UseApiProblemDetails(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages(WriteAsync));

    private static async Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        if (status is not (StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType))
        {
            return;
        }
        var text = http.RequestServices.GetRequiredService<IStringLocalizer<ApiProblemText>>();
        var problem = new ProblemDetails
        {
            Status = status,
            Title = text["Title"],
            Detail = status switch
            {
                StatusCodes.Status413PayloadTooLarge => text["Status413"],
                StatusCodes.Status415UnsupportedMediaType => text["Status415", http.Request.ContentType ?? "–"],
                _ => text["Status400"],
            },
        };
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }
}
