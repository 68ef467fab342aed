namespace Rathaus.Wohngeld;

/// <summary>
/// One line of the step-by-step explanation a caseworker reads to check a result (Rechenweg).
/// </summary>
/// <param name="Key">Stable key for translations and tests, e.g. <c>z1</c> or <c>hoechstbetrag</c>.</param>
/// <param name="German">The step in German, with the legal reference.</param>
/// <param name="English">The same step in English.</param>
/// <param name="Value">The value the step produced, if it produced one.</param>
public sealed record CalculationStep(string Key, string German, string English, decimal? Value);
