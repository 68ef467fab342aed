using System.Text.Json.Nodes;
using Rathaus.Cases;
using Rathaus.CatalogModule;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Notices;

/// <summary>Finds what a job needs to write to the citizen of a case: the case (from the variable <c>case.id</c>), its tenant, package and department.</summary>
public sealed class CaseLetterSources(CaseLookup cases, TenantDirectory tenants, IServiceCatalog catalog, Departments departments)
{
    /// <summary>The case id of a job's variables; throws with a message naming the variable when it is missing.</summary>
    public static Guid CaseIdOf(JsonObject variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return variables["case"] is JsonObject @case && @case["id"] is JsonValue id && id.TryGetValue<string>(out var text) && Guid.TryParse(text, out var caseId)
            ? caseId
            : throw new InvalidOperationException("The job needs the variable 'case' with the case's 'id'; every case's process has it from the submission.");
    }

    public async Task<CaseLetterSource> LoadAsync(Guid tenantId, Guid caseId, CancellationToken ct)
    {
        var tenant = await tenants.FindByIdAsync(tenantId, ct) ?? throw new InvalidOperationException($"Tenant {tenantId} does not exist.");
        var facts = await cases.FindAsync(tenantId, caseId, ct) ?? throw new InvalidOperationException($"Case {caseId} does not exist in tenant {tenant.Slug}.");
        var service = await catalog.GetVersionAsync(tenantId, facts.ServiceId, facts.ServiceVersion, ct)
            ?? throw new InvalidOperationException($"Service {facts.ServiceId} {facts.ServiceVersion} of case {facts.Reference} is not installed.");
        var department = (await departments.ListAsync(tenantId, ct)).FirstOrDefault(d => d.Key == facts.DepartmentKey);
        return new CaseLetterSource(tenant, facts, service, department);
    }
}
