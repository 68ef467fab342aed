using System.Globalization;

namespace Rathaus.Portal.Applications;

/// <summary>Reads the paths the form pages name inputs and items by: <c>hunde[1]</c>, <c>hunde[1].rasse</c>.</summary>
public static class ItemPath
{
    /// <summary>An item of a repeatable group: <c>hunde[1]</c> → (<c>hunde</c>, 1).</summary>
    public static bool TryParse(string path, out string groupId, out int index)
    {
        ArgumentNullException.ThrowIfNull(path);
        groupId = "";
        index = -1;
        var bracket = path.IndexOf('[', StringComparison.Ordinal);
        if (bracket <= 0 || !path.EndsWith(']')
            || !int.TryParse(path[(bracket + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            return false;
        }
        groupId = path[..bracket];
        return true;
    }

    /// <summary>
    /// A field path: <c>hunde[1].rasse</c> → (<c>hunde.rasse</c>, 1), <c>halter.name</c> → (<c>halter.name</c>, null);
    /// false for anything else (also for the part of an address, <c>halter.anschrift.street</c>).
    /// </summary>
    public static bool TryParseField(string path, out string fieldPath, out int? index)
    {
        ArgumentNullException.ThrowIfNull(path);
        fieldPath = "";
        index = null;
        var parts = path.Split('.');
        if (parts.Length != 2)
        {
            return false;
        }
        if (parts[0].Contains('[', StringComparison.Ordinal))
        {
            if (!TryParse(parts[0], out var groupId, out var i))
            {
                return false;
            }
            parts[0] = groupId;
            index = i;
        }
        fieldPath = parts[0] + "." + parts[1];
        return true;
    }
}
