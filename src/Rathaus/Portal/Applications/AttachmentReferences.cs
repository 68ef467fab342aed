using System.Text.Json;
using System.Text.Json.Nodes;
using Rathaus.Forms;

namespace Rathaus.Portal.Applications;

/// <summary>
/// A file field's value is a list of references <c>{ "id", "name", "contentType", "size" }</c> to uploaded files.
/// The data is the truth: a file belongs to the application while a reference to it is in the data.
/// </summary>
public static class AttachmentReferences
{
    public static Guid IdOf(JsonNode? reference) =>
        reference is JsonObject o && o["id"] is JsonValue v && v.GetValueKind() == JsonValueKind.String && Guid.TryParse(v.GetValue<string>(), out var id)
            ? id
            : Guid.Empty;

    /// <summary>The file field (and item) a posted file input names, if it is a visible file field of this page.</summary>
    public static (FormField Field, int? Index)? FileField(FormDefinition form, FormPage page, JsonObject data, string inputName)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(inputName);
        if (!ItemPath.TryParseField(inputName, out var fieldPath, out var index))
        {
            return null;
        }
        var field = form.FindField(fieldPath);
        var group = field?.Group;
        if (group is null || group.Page != page || field is not { Kind: FormFieldKind.File } || group.Repeatable != index.HasValue
            || (index is int n && n >= group.MaxItems)
            || !FormRules.IsVisible(form, data, field, index))
        {
            return null;
        }
        return (field, index);
    }

    public static int Count(JsonObject data, FormField field, int? index) => (ListOf(data, field, index, create: false)?.Count) ?? 0;

    public static void Add(JsonObject data, FormField field, int? index, DraftAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        ListOf(data, field, index, create: true)!.Add(new JsonObject
        {
            ["id"] = attachment.Id.ToString(),
            ["name"] = attachment.FileName,
            ["contentType"] = attachment.ContentType,
            ["size"] = attachment.Size,
        });
    }

    /// <summary>Removes every reference to a file.</summary>
    public static void Remove(JsonNode? node, Guid id)
    {
        switch (node)
        {
            case JsonArray list:
                foreach (var item in list.Where(r => IdOf(r) == id).ToList())
                {
                    list.Remove(item);
                }
                foreach (var item in list)
                {
                    Remove(item, id);
                }
                break;
            case JsonObject o:
                foreach (var (_, value) in o)
                {
                    Remove(value, id);
                }
                break;
        }
    }

    /// <summary>Every file the data refers to, with the field and item it belongs to.</summary>
    public static IEnumerable<(Guid Id, string Path)> All(FormDefinition form, JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(data);
        foreach (var field in form.Fields.Where(f => f.Kind == FormFieldKind.File))
        {
            if (field.Group.Repeatable)
            {
                var count = data[field.Group.Id] is JsonArray items ? items.Count : 0;
                for (var i = 0; i < count; i++)
                {
                    foreach (var r in ListOf(data, field, i, create: false) ?? [])
                    {
                        yield return (IdOf(r), field.PathAt(i));
                    }
                }
            }
            else
            {
                foreach (var r in ListOf(data, field, null, create: false) ?? [])
                {
                    yield return (IdOf(r), field.Path);
                }
            }
        }
    }

    public static HashSet<Guid> Ids(FormDefinition form, JsonObject data) => All(form, data).Select(a => a.Id).ToHashSet();

    private static JsonArray? ListOf(JsonObject data, FormField field, int? index, bool create)
    {
        JsonObject? container;
        if (index is int i)
        {
            if (data[field.Group.Id] is not JsonArray items)
            {
                if (!create)
                {
                    return null;
                }
                items = [];
                data[field.Group.Id] = items;
            }
            while (create && items.Count <= i)
            {
                items.Add(new JsonObject());
            }
            container = items.ElementAtOrDefault(i) as JsonObject;
        }
        else
        {
            container = data[field.Group.Id] as JsonObject;
            if (container is null && create)
            {
                container = [];
                data[field.Group.Id] = container;
            }
        }
        if (container is null)
        {
            return null;
        }
        if (container[field.Id] is not JsonArray list)
        {
            if (!create)
            {
                return null;
            }
            list = [];
            container[field.Id] = list;
        }
        return list;
    }
}
