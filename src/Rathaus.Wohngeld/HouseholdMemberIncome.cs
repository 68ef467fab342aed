namespace Rathaus.Wohngeld;

/// <summary>
/// Annual income of one household member to be considered (§ 14 WoGG) and the facts that decide the § 16
/// deductions and § 17 allowances. All amounts are euros per year (Jahresbeträge), expected for the approval period.
/// </summary>
public sealed record HouseholdMemberIncome
{
    /// <summary>Gross annual receipts (Bruttoeinnahmen) that count under § 14 WoGG, e.g. wages, pension,
    /// unemployment benefit, maintenance received. Child benefit (Kindergeld) does not count.</summary>
    public decimal GrossAnnualIncome { get; init; }

    /// <summary>Income-related expenses (Werbungskosten) to deduct from <see cref="GrossAnnualIncome"/>; for wages at
    /// least the Arbeitnehmer-Pauschbetrag of § 9a EStG (1,230 € since 2023), for pensions 102 €, none for receipts
    /// that have no Werbungskosten (e.g. ALG I, Unterhaltsvorschuss). The caller decides; the library does not guess.</summary>
    public decimal IncomeRelatedExpenses { get; init; }

    /// <summary>§ 16 (1) Nr. 1: taxes on income are expected to be paid (10 % deduction).</summary>
    public bool PaysIncomeTax { get; init; }

    /// <summary>§ 16 (1) Nr. 2: compulsory (or comparable ongoing) health and long-term care insurance contributions
    /// are expected (10 % deduction).</summary>
    public bool PaysHealthAndCareInsurance { get; init; }

    /// <summary>§ 16 (1) Nr. 3: compulsory (or comparable ongoing) pension contributions are expected
    /// (10 % deduction).</summary>
    public bool PaysPensionContributions { get; init; }

    /// <summary>§ 17 Nr. 1: severely disabled with a degree of disability of 100, or below 100 with need of care under
    /// § 14 SGB XI and home, day/night or short-term care (1,800 € per year).</summary>
    public bool IsSeverelyDisabledWithCareNeed { get; init; }

    /// <summary>§ 17 Nr. 2: victim of National Socialist persecution or equivalent (750 € per year).</summary>
    public bool IsPersecutionVictim { get; init; }

    /// <summary>§ 17 Nr. 3: lives only with one or more children, at least one under 18 with child benefit
    /// (1,320 € per year, once per single parent, not per child).</summary>
    public bool IsSingleParent { get; init; }

    /// <summary>§ 17 Nr. 4: this member is a child of a household member, under 25; the own earnings from
    /// employment stay free up to 1,200 € per year.</summary>
    public decimal ChildEarningsFromEmployment { get; init; }
}
