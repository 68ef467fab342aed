using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Rathaus.Platform.Web;

/// <summary>Error pages: what happened in plain words and the correlation id that leads to the log.</summary>
[PlatformPage]
// After the global AutoValidateAntiforgery convention (order 1000): the status page re-executes a refused POST, and
// must show the explanation rather than fail the token check again with an empty 400.
[IgnoreAntiforgeryToken(Order = 1001)]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel(IStringLocalizer<SharedResource> text) : PageModel
{
    public string Title { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    public string CorrelationId { get; private set; } = "";

    // From the route only: a re-executed POST whose form cannot be read must not lose its status code.
    public void OnGet([FromRoute] int? code) => Describe(code);

    public void OnPost([FromRoute] int? code) => Describe(code);

    private void Describe(int? code)
    {
        var status = code ?? HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalStatusCode
            ?? (HttpContext.Features.Get<IExceptionHandlerFeature>() is null ? 404 : 500);
        var key = status switch
        {
            404 => "NotFound",
            403 => "Forbidden",
            400 => "BadRequest",
            503 => "Unavailable",
            _ => "Internal",
        };
        Title = text[$"Error.{key}.Title"];
        Explanation = text[$"Error.{key}.Text"];
        CorrelationId = HttpContext.TraceIdentifier;
        Response.StatusCode = status is >= 400 and <= 599 ? status : 500;
        if (status == 503)
        {
            Response.Headers.RetryAfter = "5";
        }
    }
}
