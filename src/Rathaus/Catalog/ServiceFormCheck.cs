using System.Globalization;
using Rathaus.Forms;

namespace Rathaus.CatalogModule;

/// <summary>
/// The one place where a package's <c>form.json</c> is checked before installation: by
/// <see cref="FormDefinition.Parse"/>, the same reading the portal renders and validates with, so a form that
/// installs is a form the portal can use. Its id must equal the service id.
/// </summary>
public static class ServiceFormCheck
{
    public const string FileName = "form.json";

    /// <summary>Every problem of the form definition, each with its JSON path; empty when it may be installed.</summary>
    public static IReadOnlyList<PackageProblem> Check(string json, string serviceId)
    {
        FormDefinition form;
        try
        {
            form = FormDefinition.Parse(json);
        }
        catch (FormDefinitionException e)
        {
            return e.Problems.Select(p => new PackageProblem(FileName, p.Path, p.Message)).ToList();
        }
        return form.Id == serviceId
            ? []
            : [new PackageProblem(FileName, "$.id", $"'{form.Id}' differs from the service id '{serviceId}'.")];
    }

    /// <summary>Every declared transfer field (service.json <c>transfers</c>) must be a field of the form.</summary>
    public static IReadOnlyList<PackageProblem> CheckTransfers(string json, IReadOnlyList<ServiceTransfer> transfers)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        if (transfers.Count == 0)
        {
            return [];
        }
        var form = FormDefinition.Parse(json);
        var problems = new List<PackageProblem>();
        for (var t = 0; t < transfers.Count; t++)
        {
            for (var f = 0; f < transfers[t].Fields.Count; f++)
            {
                var path = transfers[t].Fields[f];
                var location = string.Create(CultureInfo.InvariantCulture, $"$.transfers[{t}].fields[{f}]");
                if (form.FindField(path) is null)
                {
                    problems.Add(new PackageProblem(ServiceJsonValidator.FileName, location, $"'{path}' is no field of form.json (paths are \"group.field\")."));
                }
            }
        }
        return problems;
    }
}
