using System.Text.Json.Nodes;

namespace Rathaus.Forms;

/// <summary>
/// The data of a form checked field by field, and which groups and fields are shown. Shared by the validator and
/// <see cref="FormRules"/>, so the page and the check decide visibility the same way.
/// </summary>
internal sealed class FormEvaluation
{
    /// <summary>Show rules can depend on each other; a chain longer than this is cut (and a cycle cannot loop forever).</summary>
    private const int MaxVisibilityRounds = 10;

    private readonly Dictionary<FormGroup, GroupState> _groups = [];

    public FormEvaluation(FormDefinition form, JsonObject data, TimeProvider time)
    {
        Form = form;
        Time = time;
        Today = FormClock.Today(time);
        foreach (var group in form.Groups)
        {
            _groups[group] = ReadGroup(group, data);
        }

        ComputeVisibility();
    }

    public FormDefinition Form { get; }

    public TimeProvider Time { get; }

    public DateOnly Today { get; }

    /// <summary>The valid values of the shown groups and fields: what rules see.</summary>
    public JsonObject CleanData { get; private set; } = [];

    public GroupState State(FormGroup group) => _groups[group];

    public bool IsVisible(FormGroup group) => _groups[group].Visible;

    public bool IsVisible(FormField field, int? index)
    {
        var state = _groups[field.Group];
        if (!state.Visible)
        {
            return false;
        }

        var item = state.Item(index);
        if (item is not null)
        {
            return item.FieldVisible[FieldIndex(field)];
        }

        // An item not in the data yet (a new one the page is about to show): its fields' rules see it empty.
        return field.Show is null || FormFeelContext.IsTrue(field.Show, Context(field.Group, []));
    }

    public bool IsRequired(FormField field, int? index)
    {
        if (field.Required)
        {
            return true;
        }

        if (field.Require is null)
        {
            return false;
        }

        var item = _groups[field.Group].Item(index);
        return FormFeelContext.IsTrue(field.Require, Context(field.Group, item?.Clean ?? []));
    }

    public FormFeelContext Context(FormGroup? group, JsonObject? item) => new(CleanData, group, item, Time);

    private static int FieldIndex(FormField field)
    {
        var fields = field.Group.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            if (ReferenceEquals(fields[i], field))
            {
                return i;
            }
        }

        throw new ArgumentException("The field is not part of its group.", nameof(field));
    }

    private GroupState ReadGroup(FormGroup group, JsonObject data)
    {
        var present = data.TryGetPropertyValue(group.Id, out var raw) && raw is not null;
        var state = new GroupState(group, present);
        if (!present)
        {
            if (!group.Repeatable)
            {
                state.Items.Add(ReadItem(group, null, null));
            }

            return state;
        }

        if (group.Repeatable)
        {
            if (raw is not JsonArray array)
            {
                state.ShapeError = new FormError(group.Id, FormErrorCodes.Type, group: group);
                return state;
            }

            for (var i = 0; i < array.Count; i++)
            {
                var item = array[i] as JsonObject;
                var itemState = ReadItem(group, item, i);
                if (item is null)
                {
                    itemState.ShapeError = new FormError(group.PathAt(i), FormErrorCodes.Type, group: group, itemIndex: i);
                }

                state.Items.Add(itemState);
            }
        }
        else
        {
            var item = raw as JsonObject;
            var itemState = ReadItem(group, item, null);
            if (item is null)
            {
                state.ShapeError = new FormError(group.Id, FormErrorCodes.Type, group: group);
            }

            state.Items.Add(itemState);
        }

        return state;
    }

    private ItemState ReadItem(FormGroup group, JsonObject? raw, int? index)
    {
        var values = new CheckedValue[group.Fields.Count];
        for (var f = 0; f < values.Length; f++)
        {
            var field = group.Fields[f];
            var value = raw is not null && raw.TryGetPropertyValue(field.Id, out var node) ? node : null;
            values[f] = FieldValueChecks.Check(field, value, field.PathAt(index), index, Today);
        }

        return new ItemState(index, raw, values);
    }

    private void ComputeVisibility()
    {
        for (var round = 0; round < MaxVisibilityRounds; round++)
        {
            CleanData = BuildCleanData();
            var changed = false;
            foreach (var (group, state) in _groups)
            {
                var visible = group.Show is null || FormFeelContext.IsTrue(group.Show, Context(null, null));
                changed |= visible != state.Visible;
                state.Visible = visible;
                foreach (var item in state.Items)
                {
                    for (var f = 0; f < group.Fields.Count; f++)
                    {
                        var show = group.Fields[f].Show;
                        var fieldVisible = show is null || FormFeelContext.IsTrue(show, Context(group, item.Clean));
                        changed |= fieldVisible != item.FieldVisible[f];
                        item.FieldVisible[f] = fieldVisible;
                    }
                }
            }

            if (!changed)
            {
                return;
            }
        }

        CleanData = BuildCleanData();
    }

    private JsonObject BuildCleanData()
    {
        var data = new JsonObject();
        foreach (var (group, state) in _groups)
        {
            foreach (var item in state.Items)
            {
                item.Clean = new JsonObject();
                for (var f = 0; f < group.Fields.Count; f++)
                {
                    if (item.FieldVisible[f] && item.Values[f].State == ValueState.Valid)
                    {
                        item.Clean[group.Fields[f].Id] = item.Values[f].Value!.DeepClone();
                    }
                }
            }

            if (!state.Visible)
            {
                continue;
            }

            data[group.Id] = group.Repeatable
                ? new JsonArray(state.Items.Select(i => (JsonNode?)i.Clean.DeepClone()).ToArray())
                : state.Items[0].Clean.DeepClone();
        }

        return data;
    }

    /// <summary>One group's data: its items (one for a group that is not repeatable).</summary>
    internal sealed class GroupState(FormGroup group, bool present)
    {
        public FormGroup Group { get; } = group;

        /// <summary>True when the data has the group's key.</summary>
        public bool Present { get; } = present;

        public bool Visible { get; set; } = true;

        public FormError? ShapeError { get; set; }

        public List<ItemState> Items { get; } = [];

        public ItemState? Item(int? index) => Group.Repeatable
            ? index is int i && i >= 0 && i < Items.Count ? Items[i] : null
            : Items.Count > 0 ? Items[0] : null;
    }

    /// <summary>One item: the checked value and the visibility of each field.</summary>
    internal sealed class ItemState(int? index, JsonObject? raw, CheckedValue[] values)
    {
        public int? Index { get; } = index;

        public JsonObject? Raw { get; } = raw;

        public CheckedValue[] Values { get; } = values;

        public bool[] FieldVisible { get; } = Enumerable.Repeat(true, values.Length).ToArray();

        public FormError? ShapeError { get; set; }

        public JsonObject Clean { get; set; } = [];
    }
}
