namespace Rathaus.Platform.Identity;

/// <summary>Cookie schemes: staff of a tenant, citizens of a tenant's portal, operators of the installation.</summary>
public static class AuthSchemes
{
    public const string Staff = "Staff";
    public const string Citizen = "Citizen";
    public const string Operator = "Operator";
}

/// <summary>Claim types Rathaus adds to its principals.</summary>
public static class RathausClaims
{
    public const string Tenant = "rathaus:tenant";
    public const string Department = "rathaus:department";
    public const string AssuranceLevel = "rathaus:assurance";
}

/// <summary>Roles. Caseworker is not stored: it follows from membership in at least one department.</summary>
public static class Roles
{
    public const string TenantAdmin = "tenant_admin";
    public const string Auditor = "auditor";

    /// <summary>Teamleitung: sees the workload of their departments and hands over any of their tasks (docs/workbench.md).</summary>
    public const string TeamLead = "team_lead";

    /// <summary>Registratur: runs the file plan, hands files to the archive and takes files in (docs/records.md).</summary>
    public const string RecordsManager = "records_manager";
    public const string Caseworker = "caseworker";
    public const string PlatformOperator = "platform_operator";

    public static readonly IReadOnlyList<string> Stored = [TenantAdmin, Auditor, TeamLead, RecordsManager];
}

/// <summary>Authorization policy names.</summary>
public static class Policies
{
    public const string Staff = "staff";
    public const string TenantAdmin = "tenant-admin";
    public const string Auditor = "auditor";

    /// <summary>Teamleitung: sees the workload of their departments and hands over any of their tasks (docs/workbench.md).</summary>
    public const string TeamLead = "team_lead";

    /// <summary>Tenant admin or records manager (docs/records.md).</summary>
    public const string Records = "records";
    public const string Caseworker = "caseworker";
    public const string Citizen = "citizen";
    public const string Operator = "operator";
}
