namespace Rathaus.LocalRules;

/// <summary>Texts of the tenant admin's page of local rules (Resources/LocalRules/LocalRulesText.resx and .en.resx).</summary>
#pragma warning disable CA1052 // Names the resource for the localizer; never instantiated.
public sealed class LocalRulesText
#pragma warning restore CA1052
{
    private LocalRulesText()
    {
    }
}
