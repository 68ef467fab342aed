using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using HandlebarsDotNet;

namespace Rathaus.Notices;

/// <summary>A template cannot be rendered or its result does not follow the template format (docs/notices.md).</summary>
public sealed class NoticeTemplateException : Exception
{
    public NoticeTemplateException()
    {
    }

    public NoticeTemplateException(string message)
        : base(message)
    {
    }

    public NoticeTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Notice and message templates of a service package (<c>templates/&lt;name&gt;.&lt;language&gt;.hbs</c>): Handlebars
/// with the helpers <c>euro</c> and <c>datum</c>, the other templates of the package as partials
/// (<c>{{&gt; rechtsbehelfsbelehrung}}</c>), and values that can never become markup of the template format:
/// every line a <c>{{value}}</c> writes starts with <see cref="ValueMark"/>, so a citizen's "# …" stays text.
/// </summary>
public static partial class NoticeTemplates
{
    /// <summary>Marks the start of each line of an inserted value; a private-use character the PDF writer drops.</summary>
    internal const char ValueMark = '\uE000';

    private const string Extension = ".hbs";

    [GeneratedRegex(@"^(?<name>[a-z0-9][a-z0-9_-]*)\.(?<language>[a-z]{2})\.hbs$")]
    private static partial Regex TemplateName();

    [GeneratedRegex(@"\{\{~?#?>\s*(?<name>[A-Za-z0-9_-]+)")]
    private static partial Regex PartialReference();

    /// <summary>The file of template <paramref name="name"/> in <paramref name="language"/>, else in German; null when neither exists.</summary>
    public static string? Find(IReadOnlyDictionary<string, string> templates, string name, string language)
    {
        ArgumentNullException.ThrowIfNull(templates);
        foreach (var candidate in new[] { $"{name}.{language}{Extension}", $"{name}.de{Extension}" })
        {
            if (templates.ContainsKey(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>The language of a template file name (<c>notice.en.hbs</c> → <c>en</c>).</summary>
    public static string LanguageOf(string fileName) =>
        TemplateName().Match(fileName) is { Success: true } m ? m.Groups["language"].Value : "de";

    /// <summary>Renders one template of the package with the model (dictionaries, lists, strings, numbers, booleans).</summary>
    public static string Render(IReadOnlyDictionary<string, string> templates, string fileName, object model)
    {
        ArgumentNullException.ThrowIfNull(templates);
        if (!templates.TryGetValue(fileName, out var source))
        {
            throw new NoticeTemplateException($"The service package has no template {fileName}.");
        }
        var language = LanguageOf(fileName);
        try
        {
            var handlebars = Environment(templates, language);
            return handlebars.Compile(source)(model);
        }
        catch (HandlebarsException e)
        {
            throw new NoticeTemplateException($"Template {fileName} cannot be rendered: {e.Message}", e);
        }
    }

    /// <summary>
    /// Why a template file of a package cannot be used; empty when it can. Checked on installation: the name, the
    /// Handlebars syntax, the partials it includes, a trial rendering without data, and the subject line of every
    /// template that is not only included by others.
    /// </summary>
    public static IReadOnlyList<string> Check(string fileName, IReadOnlyDictionary<string, string> templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        if (!fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            return [];
        }
        if (!TemplateName().IsMatch(fileName))
        {
            return ["is not named <name>.<language>.hbs in lower case (e.g. notice.de.hbs)."];
        }
        var source = templates[fileName];
        var language = LanguageOf(fileName);
        var problems = new List<string>();
        var partialNames = PartialNames(templates, language);
        foreach (var missing in PartialReference().Matches(source).Select(m => m.Groups["name"].Value).Distinct()
                     .Where(n => !partialNames.ContainsKey(n)))
        {
            problems.Add($"includes the partial '{missing}', but the package has no template {missing}.{language}.hbs or {missing}.de.hbs.");
        }
        if (problems.Count > 0)
        {
            return problems;
        }
        string rendered;
        try
        {
            var template = Environment(templates, language).Compile(source);
            rendered = template(new Dictionary<string, object?>());
        }
        catch (HandlebarsException e)
        {
            return [$"does not compile as a Handlebars template: {OneLine(e.Message)}"];
        }
        var includedByOthers = templates.Where(t => t.Key != fileName)
            .Any(t => PartialReference().Matches(t.Value).Any(m => m.Groups["name"].Value == BaseName(fileName)));
        if (!includedByOthers)
        {
            try
            {
                NoticeText.Parse(rendered);
            }
            catch (NoticeTemplateException e)
            {
                problems.Add(e.Message);
            }
        }
        return problems;
    }

    private static string BaseName(string fileName) => TemplateName().Match(fileName).Groups["name"].Value;

    private static string OneLine(string text) => string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The templates that may be included as partials, by base name: the language's own, else the German one.</summary>
    private static Dictionary<string, string> PartialNames(IReadOnlyDictionary<string, string> templates, string language)
    {
        var partials = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, source) in templates.OrderBy(t => LanguageOf(t.Key) == language ? 1 : 0))
        {
            var match = TemplateName().Match(file);
            if (match.Success && (match.Groups["language"].Value == language || match.Groups["language"].Value == "de"))
            {
                partials[match.Groups["name"].Value] = source;
            }
        }
        return partials;
    }

    private static IHandlebars Environment(IReadOnlyDictionary<string, string> templates, string language)
    {
        var culture = CultureFor(language);
        var handlebars = Handlebars.Create(new HandlebarsConfiguration { TextEncoder = new ValueEncoder(), FormatProvider = culture });
        handlebars.RegisterHelper("euro", (writer, _, arguments) =>
        {
            if (arguments.Length > 0 && NoticeFormats.Euro(arguments[0], culture) is { } text)
            {
                writer.Write(text);
            }
        });
        handlebars.RegisterHelper("datum", (writer, _, arguments) =>
        {
            if (arguments.Length > 0 && NoticeFormats.Date(arguments[0], culture) is { } text)
            {
                writer.Write(text);
            }
        });
        foreach (var (name, source) in PartialNames(templates, language))
        {
            handlebars.RegisterTemplate(name, source);
        }
        return handlebars;
    }

    /// <summary>The culture whose formats a template of this language uses: de-DE, en-GB for English (day before month).</summary>
    public static CultureInfo CultureFor(string language) =>
        CultureInfo.GetCultureInfo(language == "en" ? "en-GB" : "de-DE");

    /// <summary>Inserted values: each of their lines starts with the mark, so no value can open a line of markup.</summary>
    private sealed class ValueEncoder : ITextEncoder
    {
        public void Encode(StringBuilder? text, TextWriter target) => Encode(text?.ToString(), target);

        public void Encode(string? text, TextWriter target)
        {
            if (string.IsNullOrEmpty(text))
            {
                return;
            }
            target.Write(ValueMark);
            foreach (var c in text)
            {
                switch (c)
                {
                    case '\r':
                        break;
                    case '\n':
                        target.Write('\n');
                        target.Write(ValueMark);
                        break;
                    default:
                        target.Write(c);
                        break;
                }
            }
        }

        public void Encode<T>(T? text, TextWriter target)
            where T : IEnumerator<char>
        {
            if (text is null)
            {
                return;
            }
            var buffer = new StringBuilder();
            while (text.MoveNext())
            {
                buffer.Append(text.Current);
            }
            Encode(buffer.ToString(), target);
        }
    }
}
