using Rathaus.Platform.Identity;

namespace Rathaus.Tests.Security;

/// <summary>The nine principals the matrix calls every endpoint as (docs/security.md).</summary>
[Flags]
public enum Who
{
    Nobody = 0,
    Anonymous = 1,

    /// <summary>Max Mustermann, Musterstadt: owns the case, draft, message and documents the routes are filled with.</summary>
    CitizenA = 2,

    /// <summary>Erika Mustermann, Musterstadt: has a case of her own, but not A's.</summary>
    CitizenB = 4,

    /// <summary>Ordnungsamt of Musterstadt: the department that handles A's case.</summary>
    CaseworkerX = 8,

    /// <summary>Steueramt of Musterstadt: a department with nothing to do with A's case.</summary>
    CaseworkerY = 16,

    /// <summary>Tenant admin of Musterstadt (tenant 1, which owns every object).</summary>
    Admin1 = 32,

    /// <summary>Tenant admin of Beispielheim (tenant 2), with a valid cookie of its own tenant carried to tenant 1.</summary>
    Admin2 = 64,

    /// <summary>Datenschutz/auditor of Musterstadt.</summary>
    Auditor = 128,

    /// <summary>Operator of the installation.</summary>
    Operator = 256,

    Citizens = CitizenA | CitizenB,

    /// <summary>Every member of staff of tenant 1.</summary>
    Staff1 = CaseworkerX | CaseworkerY | Admin1 | Auditor,
    Everyone = Anonymous | Citizens | Staff1 | Admin2 | Operator,
}

/// <summary>
/// One operation of the application: an HTTP method on a route pattern (a Razor page handler as <c>?handler=Name</c>),
/// the authorization it carries in its endpoint metadata, and who gets through.
/// </summary>
/// <param name="Operation">"METHOD /route/pattern" exactly as ASP.NET Core's endpoint data source names it.</param>
/// <param name="Gate">The policy in the endpoint's metadata (<see cref="Policies"/>), or <see cref="AuthorizationMatrix.Public"/>.</param>
/// <param name="Allowed">Who gets through: everyone else is refused (401, 403, 404 or sent to a sign-in page).</param>
/// <param name="Why">Required when a public endpoint refuses anonymous callers: where the check is made instead.</param>
/// <param name="NoObject">The route names an object the matrix does not seed (an incident, a job): the allowed get a
/// 404 after authorization, so the refused must be refused by the policy itself (401/403/sign-in), not by a 404.</param>
/// <param name="Body">For an API write: the JSON body to send (route parameter names in braces are filled in); else <c>{}</c>.</param>
public sealed record Declared(string Operation, string Gate, Who Allowed, string? Why = null, bool NoObject = false, string? Body = null);

/// <summary>
/// The declaration of who may call what: the single table a reviewer reads. Every endpoint and page handler of the
/// application must have exactly one row; a new endpoint is one new line (docs/security.md).
/// Route parameters are filled with objects of citizen A, department X (Ordnungsamt) and tenant 1 (Musterstadt).
/// </summary>
public static class AuthorizationMatrix
{
    /// <summary>No authorization metadata, or <c>AllowAnonymous</c>.</summary>
    public const string Public = "public";

    private const string Staff = Policies.Staff;
    private const string Admin = Policies.TenantAdmin;
    private const string Citizen = Policies.Citizen;
    private const string Operator = Policies.Operator;
    private const string Records = Policies.Records;
    private const string Auditor = Policies.Auditor;
    private const string TeamLead = Policies.TeamLead;
    private const string Caseworker = Policies.Caseworker;

    /// <summary>
    /// Who may see the reference of citizen A's case (and of B's, which is in the same department) in any answer; the
    /// auditor sees references in the audit log (docs/privacy.md).
    /// </summary>
    public const Who SeesCaseOfA = Who.CitizenA | Who.CaseworkerX | Who.Admin1 | Who.Auditor;

    /// <summary>Citizen B's case: B, its department (X, like A's), the tenant admin and the auditor.</summary>
    public const Who SeesCaseOfB = Who.CitizenB | Who.CaseworkerX | Who.Admin1 | Who.Auditor;

    /// <summary>The constant a new row names its gate with, for the test's message.</summary>
    public static string GateName(string policy) => policy switch
    {
        Public => nameof(Public),
        Staff => nameof(Staff),
        Admin => nameof(Admin),
        Citizen => nameof(Citizen),
        Operator => nameof(Operator),
        Records => nameof(Records),
        Auditor => nameof(Auditor),
        TeamLead => nameof(TeamLead),
        Caseworker => nameof(Caseworker),
        _ => $"\"{policy}\"",
    };

    private const string DraftOwner = "the draft opens only for its account or the holder of its secret (ApplicationFlow.OpenAsync)";

    public static IReadOnlyList<Declared> Rows { get; } =
    [
        // Public pages of the portal and the platform
        new("GET /", Public, Who.Everyone),
        new("GET /leistungen", Public, Who.Everyone),
        new("GET /leistungen/{id}", Public, Who.Everyone),
        new("GET /leistungen/{serviceId}/antrag", Public, Who.Everyone),
        new("POST /leistungen/{serviceId}/antrag", Public, Who.Everyone),
        new("GET /wohngeld", Public, Who.Everyone),
        new("POST /wohngeld", Public, Who.Everyone),
        new("GET /fehler/{code:int?}", Public, Who.Everyone),
        new("POST /fehler/{code:int?}", Public, Who.Everyone),
        new("GET /sprache/{culture}", Public, Who.Everyone),

        // Citizen accounts
        new("GET /anmelden", Public, Who.Everyone),
        new("POST /anmelden", Public, Who.Everyone),
        new("GET /abmelden", Public, Who.Everyone),
        new("POST /abmelden", Public, Who.Everyone),
        new("GET /registrieren", Public, Who.Everyone),
        new("POST /registrieren", Public, Who.Everyone),
        new("GET /registrieren/bestaetigen", Public, Who.Everyone),
        new("GET /konto", Citizen, Who.Citizens),
        new("GET /konto/antraege", Citizen, Who.Citizens),
        new("GET /konto/antraege/{caseId:guid}", Citizen, Who.CitizenA),
        new("GET /konto/antraege/{caseId:guid}/dokumente/{documentId:guid}", Citizen, Who.CitizenA),
        new("GET /konto/postfach", Citizen, Who.Citizens),
        new("GET /konto/postfach/{messageId:guid}", Citizen, Who.CitizenA),
        new("POST /konto/postfach/{messageId:guid}", Citizen, Who.CitizenA),
        new("GET /konto/datencockpit", Citizen, Who.Citizens),
        new("GET /konto/datenexport", Citizen, Who.Citizens),
        new("POST /konto/datenexport", Citizen, Who.Citizens),

        // Application drafts: public pages, the draft itself is the key
        new("GET /antrag/{draftId:guid}/seite/{pageId}", Public, Who.CitizenA, DraftOwner),
        new("POST /antrag/{draftId:guid}/seite/{pageId}", Public, Who.CitizenA, DraftOwner),
        new("GET /antrag/{draftId:guid}/pruefen", Public, Who.CitizenA, DraftOwner),
        new("POST /antrag/{draftId:guid}/pruefen", Public, Who.CitizenA, DraftOwner),
        new("GET /antrag/{draftId:guid}/gespeichert", Public, Who.CitizenA, DraftOwner),
        new("GET /antrag/{draftId:guid}/eingang", Public, Who.CitizenA, DraftOwner),
        new("GET /antrag/{draftId:guid}/eingang?handler=Pdf", Public, Who.CitizenA, DraftOwner),
        new("GET /antrag/fortsetzen/{token}", Public, Who.Nobody, "the link carries the secret of an anonymous draft; a made-up one opens nothing"),

        // Staff: workbench
        new("GET /verwaltung/anmelden", Public, Who.Everyone),
        new("POST /verwaltung/anmelden", Public, Who.Everyone),
        new("GET /verwaltung/abmelden", Staff, Who.Staff1),
        new("POST /verwaltung/abmelden", Staff, Who.Staff1),
        new("GET /verwaltung", Staff, Who.Staff1),
        new("GET /verwaltung/aufgaben", Staff, Who.Staff1),
        new("POST /verwaltung/aufgaben?handler=Claim", Staff, Who.CaseworkerX),
        new("POST /verwaltung/aufgaben?handler=Release", Staff, Who.CaseworkerX),
        new("GET /verwaltung/aufgaben/{taskId}", Staff, Who.CaseworkerX),
        new("POST /verwaltung/aufgaben/{taskId}?handler=Claim", Staff, Who.CaseworkerX),
        new("POST /verwaltung/aufgaben/{taskId}?handler=Complete", Staff, Who.CaseworkerX),
        new("POST /verwaltung/aufgaben/{taskId}?handler=HandOver", Staff, Who.CaseworkerX),
        new("POST /verwaltung/aufgaben/{taskId}?handler=Release", Staff, Who.CaseworkerX),
        new("GET /verwaltung/vorgaenge/{caseId:guid}", Staff, Who.CaseworkerX),
        new("GET /verwaltung/vorgaenge/{caseId:guid}?handler=Diagram", Staff, Who.CaseworkerX),
        new("POST /verwaltung/vorgaenge/{caseId:guid}?handler=Note", Staff, Who.CaseworkerX),
        new("GET /verwaltung/vorgaenge/{caseId:guid}/dokumente/{documentId:guid}", Staff, Who.CaseworkerX),
        new("GET /verwaltung/vorgaenge/{caseId:guid}/dokumente/{documentId:guid}?handler=Content", Staff, Who.CaseworkerX),
        new("POST /verwaltung/vorgaenge/{caseId:guid}/dokumente/{documentId:guid}?handler=Print", Staff, Who.CaseworkerX),
        new("GET /verwaltung/uebersicht", Staff, Who.Admin1, "the workload overview is for team leads and tenant admins (StaffMember.SeesOverview)"),
        new("GET /verwaltung/suche", Staff, Who.Staff1),
        new("GET /verwaltung/organisation", Admin, Who.Admin1),
        new("GET /verwaltung/regeln", Admin, Who.Admin1),
        new("POST /verwaltung/regeln?handler=Statute", Admin, Who.Admin1),
        new("POST /verwaltung/regeln?handler=Calendar", Admin, Who.Admin1),
        new("GET /verwaltung/aussonderung", Records, Who.Admin1),
        new("POST /verwaltung/aussonderung?handler=Approve", Records, Who.Admin1, NoObject: true),
        new("POST /verwaltung/aussonderung?handler=Postpone", Records, Who.Admin1, NoObject: true),
        new("POST /verwaltung/aussonderung?handler=Run", Records, Who.Admin1),
        new("GET /verwaltung/protokoll", Auditor, Who.Auditor),
        new("POST /verwaltung/protokoll?handler=Csv", Auditor, Who.Auditor),
        new("POST /verwaltung/protokoll?handler=Verify", Auditor, Who.Auditor),

        // Operators of the installation
        new("GET /betrieb/anmelden", Public, Who.Everyone),
        new("POST /betrieb/anmelden", Public, Who.Everyone),
        new("GET /betrieb/abmelden", Operator, Who.Operator),
        new("POST /betrieb/abmelden", Operator, Who.Operator),
        new("GET /betrieb", Operator, Who.Operator),

        // Platform endpoints
        new("GET /health/live", Public, Who.Everyone),
        new("GET /health/ready", Public, Who.Everyone),
        new("GET /openapi/{documentName}.json", Public, Who.Everyone),
        new("GET /api/v1/tenant", Public, Who.Everyone),

        // Catalog and submissions API
        new("GET /api/v1/services/", Public, Who.Everyone),
        new("GET /api/v1/services/{id}", Public, Who.Everyone),
        new("GET /api/v1/services/{id}/form", Public, Who.Everyone),
        new("GET /api/v1/services/{serviceId}/form/schema", Public, Who.Everyone),
        new("POST /api/v1/services/{serviceId}/submissions", Public, Who.Citizens, "a submission needs the service's assurance level, so a signed-in citizen (SubmissionsApi)"),
        new("GET /api/v1/wohngeld/berechnung", Public, Who.Everyone),
        new("POST /api/v1/wohngeld/berechnung", Public, Who.Everyone),

        // Processes API
        new("POST /api/v1/processes/definitions", Admin, Who.Admin1),
        new("POST /api/v1/processes/instances", Staff, Who.Staff1),
        new("GET /api/v1/processes/instances/{id}", Staff, Who.CaseworkerX | Who.Admin1, "a case's instance only for its department and tenant admins (ProcessesApi)"),
        new("POST /api/v1/processes/instances/{id}/cancel", Admin, Who.Admin1),
        new("GET /api/v1/processes/tasks", Staff, Who.Staff1),
        new("POST /api/v1/processes/tasks/{id}/complete", Staff, Who.CaseworkerX | Who.Admin1, "admins may complete any task of their tenant through the API (docs/processes.md)"),
        new("POST /api/v1/processes/messages", Staff, Who.Staff1),
        new("GET /api/v1/processes/incidents", Admin, Who.Admin1),
        new("POST /api/v1/processes/incidents/{id}/resolve", Admin, Who.Admin1, NoObject: true),
        new("POST /api/v1/processes/jobs/{id}/retry", Admin, Who.Admin1, NoObject: true),

        // Records (E-Akte) API
        new("GET /api/v1/records/fileplan", Records, Who.Admin1),
        new("PUT /api/v1/records/fileplan", Records, Who.Admin1),
        new("GET /api/v1/records/files", Records, Who.Admin1),
        new("GET /api/v1/records/files/{id:guid}", Records, Who.Admin1),
        new("POST /api/v1/records/exports", Records, Who.Admin1, Body: """{"fileIds":["{fileId}"]}"""),
        new("POST /api/v1/records/imports", Records, Who.Admin1),
        new("POST /api/v1/records/documents/{id:guid}/versions", Records, Who.Admin1),
        new("GET /api/v1/records/documents/{id:guid}/content", Records, Who.Admin1),
        new("GET /api/v1/records/disposals", Records, Who.Admin1),
        new("GET /api/v1/records/disposals/{fileId:guid}", Records, Who.Admin1, NoObject: true),
        new("POST /api/v1/records/disposals/{fileId:guid}/approval", Records, Who.Admin1),
        new("POST /api/v1/records/disposals/{fileId:guid}/postponement", Records, Who.Admin1),
        new("POST /api/v1/records/disposals/run", Records, Who.Admin1),
        new("GET /api/v1/records/search", Staff, Who.Staff1),

        // Local rules APIs
        new("GET /api/v1/dog-tax/statutes", Staff, Who.Staff1),
        new("PUT /api/v1/dog-tax/statutes", Admin, Who.Admin1),
        new("GET /api/v1/waste-calendar/", Staff, Who.Staff1),
        new("POST /api/v1/waste-calendar/", Admin, Who.Admin1),
    ];
}
