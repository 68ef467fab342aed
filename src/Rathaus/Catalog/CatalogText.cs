namespace Rathaus.CatalogModule;

/// <summary>Texts of the catalog module (Resources/CatalogModule/CatalogText.resx and .en.resx).</summary>
#pragma warning disable CA1052 // Names the resource for the localizer; never instantiated.
public sealed class CatalogText
#pragma warning restore CA1052
{
    private CatalogText()
    {
    }
}
