namespace Rathaus.Forms;

/// <summary>
/// A service's application form (<c>form.json</c>): pages of groups of fields, with rules in FEEL. Immutable and
/// thread-safe; parse once, use for rendering, binding, validating and the JSON Schema.
/// </summary>
public sealed class FormDefinition
{
    private readonly Dictionary<string, FormGroup> _groups;

    internal FormDefinition(string id, string version, LocalizedText title, IReadOnlyList<FormPage> pages, IReadOnlyList<FormRule> rules)
    {
        Id = id;
        Version = version;
        Title = title;
        Pages = pages.ToList().AsReadOnly();
        Rules = rules.ToList().AsReadOnly();
        _groups = pages.SelectMany(p => p.Groups).ToDictionary(g => g.Id, StringComparer.Ordinal);
    }

    /// <summary>The form's id (equals the service id).</summary>
    public string Id { get; }

    /// <summary>The form's version (<c>1.0.0</c>).</summary>
    public string Version { get; }

    /// <summary>The form's title.</summary>
    public LocalizedText Title { get; }

    /// <summary>The pages in their order.</summary>
    public IReadOnlyList<FormPage> Pages { get; }

    /// <summary>The rules declared on the form (rules declared on a group are in <see cref="FormGroup.Rules"/>).</summary>
    public IReadOnlyList<FormRule> Rules { get; }

    /// <summary>Every group of every page, in form order.</summary>
    public IEnumerable<FormGroup> Groups => Pages.SelectMany(p => p.Groups);

    /// <summary>Every field of the form, in form order.</summary>
    public IEnumerable<FormField> Fields => Groups.SelectMany(g => g.Fields);

    /// <summary>Every rule: the form's and every group's.</summary>
    public IEnumerable<FormRule> AllRules => Rules.Concat(Groups.SelectMany(g => g.Rules));

    /// <summary>Reads and checks a definition; throws <see cref="FormDefinitionException"/> listing every problem.</summary>
    public static FormDefinition Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new DefinitionReader().Read(json);
    }

    /// <summary>The page with an id, if any.</summary>
    public FormPage? FindPage(string id) => Pages.FirstOrDefault(p => p.Id == id);

    /// <summary>The group with an id, if any.</summary>
    public FormGroup? FindGroup(string id) => _groups.GetValueOrDefault(id);

    /// <summary>The field at a path <c>group.field</c>, if any.</summary>
    public FormField? FindField(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : FindGroup(path[..dot])?.FindField(path[(dot + 1)..]);
    }

    /// <inheritdoc />
    public override string ToString() => Id + " " + Version;
}
