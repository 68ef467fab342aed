using System.Text.Json;

namespace Rathaus.CatalogModule;

/// <summary>
/// The one place where a package's <c>form.json</c> is checked before installation.
/// </summary>
/// <remarks>
/// Interim check until <c>Rathaus.Forms</c> is referenced: the form must be a JSON object whose <c>id</c> equals the
/// service id. Switch the body of <see cref="Check"/> to <c>Rathaus.Forms.FormDefinition.Parse(json)</c>, turning
/// each <c>FormDefinitionException.Problems</c> entry into a <see cref="PackageProblem"/> (file form.json, its JSON
/// path, its text), and keep the id comparison.
/// </remarks>
public static class ServiceFormCheck
{
    public const string FileName = "form.json";

    /// <summary>Every problem of the form definition; empty when it may be installed.</summary>
    public static IReadOnlyList<PackageProblem> Check(string json, string serviceId)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            return [new PackageProblem(FileName, null, "is not valid JSON: " + e.Message)];
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return [new PackageProblem(FileName, "$", "must be a JSON object.")];
            }
            if (!root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
            {
                return [new PackageProblem(FileName, "$.id", "is missing: the form's id equals the service id.")];
            }
            if (id.GetString() != serviceId)
            {
                return [new PackageProblem(FileName, "$.id", $"'{id.GetString()}' differs from the service id '{serviceId}'.")];
            }
        }
        return [];
    }
}
