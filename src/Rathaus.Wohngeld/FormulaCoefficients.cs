namespace Rathaus.Wohngeld;

/// <summary>The values a, b and c of the § 19 formula for one household size (Anlage 2 WoGG).</summary>
public sealed record FormulaCoefficients(decimal A, decimal B, decimal C);
