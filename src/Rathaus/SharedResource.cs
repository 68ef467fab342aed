namespace Rathaus;

/// <summary>Marker for the UI texts in Resources/SharedResource.resx (German) and .en.resx (English).</summary>
#pragma warning disable CA1052 // The localizer needs a type to name the resource; it is never instantiated.
public sealed class SharedResource
#pragma warning restore CA1052
{
    private SharedResource()
    {
    }
}
