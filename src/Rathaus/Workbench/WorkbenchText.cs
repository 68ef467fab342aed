namespace Rathaus.Workbench;

/// <summary>Texts of the workbench (Resources/Workbench/WorkbenchText.resx and .en.resx).</summary>
#pragma warning disable CA1052 // Names the resource for the localizer; never instantiated.
public sealed class WorkbenchText
#pragma warning restore CA1052
{
    private WorkbenchText()
    {
    }
}
