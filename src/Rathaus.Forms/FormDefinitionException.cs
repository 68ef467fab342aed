namespace Rathaus.Forms;

/// <summary>One problem of a form definition.</summary>
/// <param name="Path">Where: a JSON path such as <c>$.pages[0].groups[1].fields[2].kind</c>.</param>
/// <param name="Message">What is wrong, in one English sentence.</param>
public sealed record FormDefinitionProblem(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Path + ": " + Message;
}

/// <summary>Thrown when a form definition cannot be used; <see cref="Problems"/> lists every problem found.</summary>
public sealed class FormDefinitionException : Exception
{
    /// <summary>Creates an exception without problems.</summary>
    public FormDefinitionException()
        : this("The form definition cannot be read.")
    {
    }

    /// <summary>Creates an exception with one problem at the root.</summary>
    public FormDefinitionException(string message)
        : this(message, (Exception?)null)
    {
    }

    /// <summary>Creates an exception with one problem at the root and a cause.</summary>
    public FormDefinitionException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Problems = [new FormDefinitionProblem("$", message)];
    }

    /// <summary>Creates an exception listing problems.</summary>
    public FormDefinitionException(IReadOnlyList<FormDefinitionProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, in document order.</summary>
    public IReadOnlyList<FormDefinitionProblem> Problems { get; }

    private static string Describe(IReadOnlyList<FormDefinitionProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var shown = string.Join(Environment.NewLine, problems.Take(20).Select(p => "  " + p));
        var more = problems.Count > 20 ? Environment.NewLine + "  … and " + (problems.Count - 20) + " more" : string.Empty;
        return "The form definition has " + problems.Count + " problem(s):" + Environment.NewLine + shown + more;
    }
}
