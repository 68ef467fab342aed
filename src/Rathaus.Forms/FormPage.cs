namespace Rathaus.Forms;

/// <summary>One page of a form: the groups the citizen fills in before "Weiter".</summary>
public sealed class FormPage
{
    internal FormPage(string id, LocalizedText title, IReadOnlyList<FormGroup> groups)
    {
        Id = id;
        Title = title;
        Groups = groups.ToList().AsReadOnly();
        foreach (var group in groups)
        {
            group.Page = this;
        }
    }

    /// <summary>The page's id, unique in the form.</summary>
    public string Id { get; }

    /// <summary>The page title (the heading).</summary>
    public LocalizedText Title { get; }

    /// <summary>The groups in their order.</summary>
    public IReadOnlyList<FormGroup> Groups { get; }

    /// <inheritdoc />
    public override string ToString() => Id;
}
