namespace Rathaus.Browser.Tests.Workbench;

/// <summary>Musterstadt's demo staff (README.md); every demo account has the same password.</summary>
public static class Staff
{
    public const string Ordnungsamt = "ordnungsamt@musterstadt.example";
    public const string DemoPassword = "Demo-Passwort-2026";
    public const string Auditor = "datenschutz@musterstadt.example";

    /// <summary>A demo citizen with a portal account (same password).</summary>
    public const string DemoCitizen = "erika.mustermann@example.org";
}
