namespace Rathaus.Wohngeld;

/// <summary>Annual allowances (Freibeträge) of § 17 WoGG in euros, as valid for one parameter set.</summary>
/// <param name="SevereDisability">§ 17 Nr. 1: per severely disabled member with care need.</param>
/// <param name="PersecutionVictim">§ 17 Nr. 2: per victim of Nazi persecution or equivalent.</param>
/// <param name="SingleParent">§ 17 Nr. 3: per single parent living only with children, one of them under 18.</param>
/// <param name="ChildEarningsMaximum">§ 17 Nr. 4: cap on a child's own earnings that stay free.</param>
public sealed record IncomeAllowances(
    decimal SevereDisability,
    decimal PersecutionVictim,
    decimal SingleParent,
    decimal ChildEarningsMaximum);
