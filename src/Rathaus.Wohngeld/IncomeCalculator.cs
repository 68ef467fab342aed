using static Rathaus.Wohngeld.StepText;

namespace Rathaus.Wohngeld;

/// <summary>
/// Computes the monthly total income Y (monatliches Gesamteinkommen) from each member's annual income:
/// § 14 positive income, § 16 flat deductions, § 17 allowances, § 18 maintenance deduction, § 13 (2) one twelfth.
/// </summary>
public sealed class IncomeCalculator
{
    private readonly WohngeldParameterCatalog _catalog;

    /// <summary>Uses the parameter sets embedded in this library.</summary>
    public IncomeCalculator()
        : this(WohngeldParameterCatalog.Embedded)
    {
    }

    /// <summary>Uses the given parameter sets.</summary>
    public IncomeCalculator(WohngeldParameterCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
    }

    /// <summary>The monthly total income Y of the household.</summary>
    /// <exception cref="WohngeldInputException">An input is out of range; the exception names it.</exception>
    public IncomeResult Calculate(IncomeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var p = _catalog.ForDate(request.ReferenceDate);
        var steps = new List<CalculationStep>();
        var members = new List<MemberIncomeResult>(request.Members.Count);
        decimal allowances = 0;

        for (var i = 0; i < request.Members.Count; i++)
        {
            var member = request.Members[i];
            var positive = Math.Max(0, member.GrossAnnualIncome - member.IncomeRelatedExpenses);
            var categories = (member.PaysIncomeTax ? 1 : 0)
                + (member.PaysHealthAndCareInsurance ? 1 : 0)
                + (member.PaysPensionContributions ? 1 : 0);
            var rate = p.FlatDeductionRate * categories;
            var deduction = positive * rate;
            var annual = positive - deduction;
            members.Add(new MemberIncomeResult(i, positive, rate, deduction, annual));
            steps.Add(new CalculationStep(
                $"mitglied-{i + 1}",
                $"Mitglied {i + 1}: Einnahmen {De(member.GrossAnnualIncome)} € − Werbungskosten {De(member.IncomeRelatedExpenses)} € = {De(positive)} €; "
                    + $"pauschaler Abzug {categories} · {De(p.FlatDeductionRate * 100)} % = {De(deduction)} € (§ 16 WoGG); Jahreseinkommen {De(annual)} € (§ 14 WoGG)",
                $"Member {i + 1}: receipts {En(member.GrossAnnualIncome)} € − income-related expenses {En(member.IncomeRelatedExpenses)} € = {En(positive)} €; "
                    + $"flat deduction {categories} · {En(p.FlatDeductionRate * 100)} % = {En(deduction)} € (§ 16 WoGG); annual income {En(annual)} € (§ 14 WoGG)",
                annual));

            allowances += MemberAllowances(member, i, p.Allowances, steps);
        }

        var sum = members.Sum(m => m.AnnualIncome);
        steps.Add(new CalculationStep("summe",
            $"Summe der Jahreseinkommen: {De(sum)} €",
            $"Sum of annual incomes: {En(sum)} €",
            sum));

        if (request.AnnualMaintenanceDeduction > 0)
        {
            steps.Add(new CalculationStep("unterhalt",
                $"Abzugsbetrag für Unterhaltsleistungen (§ 18 WoGG): − {De(request.AnnualMaintenanceDeduction)} €",
                $"Deduction for maintenance paid (§ 18 WoGG): − {En(request.AnnualMaintenanceDeduction)} €",
                request.AnnualMaintenanceDeduction));
        }

        // The Gesamteinkommen is a sum of incomes; allowances beyond it leave nothing, not a negative income.
        var total = Math.Max(0, sum - allowances - request.AnnualMaintenanceDeduction);
        steps.Add(new CalculationStep("gesamteinkommen",
            $"Jährliches Gesamteinkommen (§ 13 Abs. 1 WoGG): {De(total)} €",
            $"Annual total income (§ 13 (1) WoGG): {En(total)} €",
            total));

        var monthly = FixedPoint.TenPlaces(total / 12);
        steps.Add(new CalculationStep("Y",
            $"Monatliches Gesamteinkommen Y = ein Zwölftel (§ 13 Abs. 2 WoGG): {De(monthly)} €",
            $"Monthly total income Y = one twelfth (§ 13 (2) WoGG): {En(monthly)} €",
            monthly));

        return new IncomeResult
        {
            Members = members,
            SumOfAnnualIncomes = sum,
            Allowances = allowances,
            MaintenanceDeduction = request.AnnualMaintenanceDeduction,
            AnnualTotalIncome = total,
            MonthlyTotalIncome = monthly,
            ParameterSetValidFrom = p.ValidFrom,
            Steps = steps,
        };
    }

    private static decimal MemberAllowances(HouseholdMemberIncome member, int index, IncomeAllowances amounts, List<CalculationStep> steps)
    {
        decimal total = 0;
        var n = index + 1;
        if (member.IsSeverelyDisabledWithCareNeed)
        {
            total += amounts.SevereDisability;
            steps.Add(Allowance($"freibetrag-schwerbehinderung-{n}",
                $"Mitglied {n}: Freibetrag für schwerbehinderte Menschen (§ 17 Nr. 1 WoGG)",
                $"Member {n}: allowance for severely disabled person (§ 17 no. 1 WoGG)",
                amounts.SevereDisability));
        }

        if (member.IsPersecutionVictim)
        {
            total += amounts.PersecutionVictim;
            steps.Add(Allowance($"freibetrag-verfolgte-{n}",
                $"Mitglied {n}: Freibetrag für Verfolgte (§ 17 Nr. 2 WoGG)",
                $"Member {n}: allowance for victim of persecution (§ 17 no. 2 WoGG)",
                amounts.PersecutionVictim));
        }

        if (member.IsSingleParent)
        {
            total += amounts.SingleParent;
            steps.Add(Allowance($"freibetrag-alleinerziehend-{n}",
                $"Mitglied {n}: Freibetrag für Alleinerziehende (§ 17 Nr. 3 WoGG)",
                $"Member {n}: single-parent allowance (§ 17 no. 3 WoGG)",
                amounts.SingleParent));
        }

        if (member.ChildEarningsFromEmployment > 0)
        {
            var free = Math.Min(member.ChildEarningsFromEmployment, amounts.ChildEarningsMaximum);
            total += free;
            steps.Add(Allowance($"freibetrag-kind-{n}",
                $"Mitglied {n}: Freibetrag für Erwerbseinnahmen eines Kindes unter 25 (§ 17 Nr. 4 WoGG, höchstens {De(amounts.ChildEarningsMaximum)} €)",
                $"Member {n}: allowance for a child's earnings, under 25 (§ 17 no. 4 WoGG, at most {En(amounts.ChildEarningsMaximum)} €)",
                free));
        }

        return total;
    }

    private static CalculationStep Allowance(string key, string german, string english, decimal amount) =>
        new(key, $"{german}: − {De(amount)} €", $"{english}: − {En(amount)} €", amount);

    private static void Validate(IncomeRequest request)
    {
        if (request.Members is null || request.Members.Count == 0)
        {
            throw new WohngeldInputException(
                ParameterNames.Members,
                "Es muss mindestens ein Haushaltsmitglied angegeben werden.",
                "At least one household member must be given.");
        }

        for (var i = 0; i < request.Members.Count; i++)
        {
            var member = request.Members[i]
                ?? throw new WohngeldInputException(
                    ParameterNames.Member(i, "bruttoeinkommen"),
                    $"Angaben zu Mitglied {i + 1} fehlen.",
                    $"Member {i + 1} is missing.");
            NotNegative(member.GrossAnnualIncome, ParameterNames.Member(i, "bruttoeinkommen"), "Die Einnahmen", "The receipts", i);
            NotNegative(member.IncomeRelatedExpenses, ParameterNames.Member(i, "werbungskosten"), "Die Werbungskosten", "The income-related expenses", i);
            NotNegative(member.ChildEarningsFromEmployment, ParameterNames.Member(i, "erwerbseinkommenKind"), "Die Erwerbseinnahmen des Kindes", "The child's earnings", i);
        }

        if (request.AnnualMaintenanceDeduction < 0)
        {
            throw new WohngeldInputException(
                ParameterNames.MaintenanceDeduction,
                "Der Abzugsbetrag für Unterhaltsleistungen darf nicht negativ sein.",
                "The maintenance deduction must not be negative.");
        }
    }

    private static void NotNegative(decimal value, string parameter, string german, string english, int index)
    {
        if (value < 0)
        {
            throw new WohngeldInputException(
                parameter,
                $"{german} von Mitglied {index + 1} dürfen nicht negativ sein.",
                $"{english} of member {index + 1} must not be negative.");
        }
    }
}
