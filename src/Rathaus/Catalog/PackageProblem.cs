namespace Rathaus.CatalogModule;

/// <summary>One reason why a service package cannot be installed: the file, where in it (a JSON path, a BPMN element), what.</summary>
public sealed record PackageProblem(string File, string? Location, string Message)
{
    public override string ToString() => Location is null ? $"{File}: {Message}" : $"{File} {Location}: {Message}";
}

/// <summary>A service package that cannot be installed; <see cref="Problems"/> names every problem found. Nothing was stored.</summary>
public sealed class ServicePackageException : Exception
{
    public ServicePackageException()
        : base("The service package cannot be installed.")
    {
        Problems = [];
    }

    public ServicePackageException(string message)
        : base(message)
    {
        Problems = [];
    }

    public ServicePackageException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    public ServicePackageException(string source, IReadOnlyList<PackageProblem> problems)
        : base($"The service package {source} cannot be installed; nothing was stored:" + Environment.NewLine +
               string.Join(Environment.NewLine, (problems ?? []).Select(p => "  " + p)))
    {
        Problems = problems ?? [];
    }

    public IReadOnlyList<PackageProblem> Problems { get; }
}
