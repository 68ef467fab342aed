namespace Rathaus.Platform.Web;

/// <summary>
/// Gives every request a correlation id (taken from <c>X-Correlation-Id</c> when it is well-formed), returns it
/// in the response, puts it into every log line of the request and on error pages, so that a user's report
/// leads to the log.
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public const string Header = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        var id = IsWellFormed(incoming) ? incoming : Guid.CreateVersion7().ToString("N");
        context.TraceIdentifier = id;
        context.Response.Headers[Header] = id;
        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
        {
            await next(context);
        }
    }

    private static bool IsWellFormed(string value) =>
        value.Length is >= 8 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
