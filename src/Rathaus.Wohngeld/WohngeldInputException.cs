namespace Rathaus.Wohngeld;

/// <summary>
/// Invalid input to a Wohngeld calculation. <see cref="ParameterName"/> is the name of the offending input as the
/// web API spells it (for example <c>mietstufe</c>), so a caller can answer with a 400 problem details that names it.
/// </summary>
public sealed class WohngeldInputException : Exception
{
    /// <summary>Creates the error for one input, with a German and an English message.</summary>
    public WohngeldInputException(string parameterName, string messageGerman, string messageEnglish)
        : base(messageEnglish)
    {
        ParameterName = parameterName;
        MessageGerman = messageGerman;
        MessageEnglish = messageEnglish;
    }

    /// <summary>Creates the error without a parameter name; prefer the three-argument constructor.</summary>
    public WohngeldInputException()
        : this("unbekannt", "Ungültige Eingabe.", "Invalid input.")
    {
    }

    /// <summary>Creates the error with one English message and no parameter name.</summary>
    public WohngeldInputException(string message)
        : this("unbekannt", message, message)
    {
    }

    /// <summary>Creates the error with one English message and an inner exception.</summary>
    public WohngeldInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        ParameterName = "unbekannt";
        MessageGerman = message;
        MessageEnglish = message;
    }

    /// <summary>The input that is wrong, named as in the web API (<c>haushaltsmitglieder</c>, <c>miete</c>, …).</summary>
    public string ParameterName { get; }

    /// <summary>What is wrong, in German (the default UI language).</summary>
    public string MessageGerman { get; }

    /// <summary>What is wrong, in English.</summary>
    public string MessageEnglish { get; }
}
