using static Rathaus.Wohngeld.StepText;

namespace Rathaus.Wohngeld;

/// <summary>
/// Wohngeldrechner: computes the monthly Wohngeld (Mietzuschuss or Lastenzuschuss) per § 19 WoGG with the steps and
/// rounding of Anlage 3, the rent cap of § 11 (1) and § 12 and the minimum payment of § 21 Nr. 1.
/// </summary>
public sealed class WohngeldCalculator
{
    private readonly WohngeldParameterCatalog _catalog;
    private readonly IncomeCalculator _incomeCalculator;

    /// <summary>Uses the parameter sets embedded in this library.</summary>
    public WohngeldCalculator()
        : this(WohngeldParameterCatalog.Embedded)
    {
    }

    /// <summary>Uses the given parameter sets.</summary>
    public WohngeldCalculator(WohngeldParameterCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _incomeCalculator = new IncomeCalculator(catalog);
    }

    /// <summary>Wohngeld for a household whose monthly total income Y is already known.</summary>
    /// <exception cref="WohngeldInputException">An input is out of range; the exception names it.</exception>
    public WohngeldResult Calculate(WohngeldRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var parameters = _catalog.ForDate(request.ReferenceDate);
        return Calculate(request, parameters);
    }

    /// <summary>
    /// Wohngeld from detailed incomes per member: first Y by <see cref="IncomeCalculator"/>, then the formula.
    /// The household size is the number of members listed.
    /// </summary>
    /// <exception cref="WohngeldInputException">An input is out of range; the exception names it.</exception>
    public DetailedWohngeldResult CalculateDetailed(DetailedWohngeldRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var income = _incomeCalculator.Calculate(new IncomeRequest(request.Members, request.ReferenceDate, request.AnnualMaintenanceDeduction));
        var wohngeld = Calculate(new WohngeldRequest(
            request.Members.Count, request.MonthlyRent, request.RentLevel, income.MonthlyTotalIncome, request.ReferenceDate));
        return new DetailedWohngeldResult(income, wohngeld);
    }

    private static void Validate(WohngeldRequest request)
    {
        if (request.HouseholdMembers < 1)
        {
            throw new WohngeldInputException(
                ParameterNames.HouseholdMembers,
                "Die Zahl der Haushaltsmitglieder muss mindestens 1 sein.",
                "The number of household members must be at least 1.");
        }

        if (request.MonthlyRent < 0)
        {
            throw new WohngeldInputException(
                ParameterNames.Rent,
                "Die Miete darf nicht negativ sein.",
                "The rent must not be negative.");
        }

        if (request.RentLevel is < 1 or > 7)
        {
            throw new WohngeldInputException(
                ParameterNames.RentLevel,
                "Die Mietstufe muss zwischen 1 (I) und 7 (VII) liegen.",
                "The rent level (Mietstufe) must be between 1 (I) and 7 (VII).");
        }

        if (request.MonthlyIncome < 0)
        {
            throw new WohngeldInputException(
                ParameterNames.MonthlyIncome,
                "Das monatliche Gesamteinkommen darf nicht negativ sein.",
                "The monthly total income must not be negative.");
        }
    }

    private static WohngeldResult Calculate(WohngeldRequest request, WohngeldParameterSet p)
    {
        var steps = new List<CalculationStep>();

        // § 19 (3) with WoGVwV 19.31: households above twelve are computed with every value for twelve members.
        var members = Math.Min(request.HouseholdMembers, WohngeldParameterSet.MaxFormulaMembers);
        steps.Add(new CalculationStep(
            "parameter",
            $"Rechtsstand ab {p.ValidFrom:dd.MM.yyyy}; {request.HouseholdMembers} Haushaltsmitglieder, Mietstufe {Roman(request.RentLevel)}"
                + (members < request.HouseholdMembers ? $"; Berechnung für {members} Mitglieder (§ 19 Abs. 3 WoGG)" : string.Empty),
            $"Parameters valid from {p.ValidFrom:yyyy-MM-dd}; {request.HouseholdMembers} household members, rent level {Roman(request.RentLevel)}"
                + (members < request.HouseholdMembers ? $"; computed for {members} members (§ 19 (3) WoGG)" : string.Empty),
            null));

        var ceiling = p.CeilingFor(members, request.RentLevel);
        steps.Add(new CalculationStep("hoechstbetrag",
            $"Höchstbetrag nach § 12 Abs. 1 und Anlage 1 WoGG: {De(ceiling)} €",
            $"Rent ceiling (Höchstbetrag), § 12 (1) and Anlage 1 WoGG: {En(ceiling)} €",
            ceiling));

        var climate = p.ClimateComponentFor(members);
        var cap = ceiling + climate;
        steps.Add(new CalculationStep("klimakomponente",
            $"Klimakomponente nach § 12 Abs. 7 WoGG: {De(climate)} €; Höchstbetrag einschließlich Klimakomponente: {De(cap)} €",
            $"Climate component (Klimakomponente), § 12 (7) WoGG: {En(climate)} €; ceiling including climate component: {En(cap)} €",
            cap));

        var rentConsidered = Math.Min(request.MonthlyRent, cap);
        var capped = request.MonthlyRent > cap;
        steps.Add(new CalculationStep("miete",
            capped
                ? $"Miete/Belastung {De(request.MonthlyRent)} € übersteigt den Höchstbetrag; berücksichtigt werden {De(rentConsidered)} € (§ 11 Abs. 1 Nr. 1 WoGG)"
                : $"Miete/Belastung {De(request.MonthlyRent)} € liegt nicht über dem Höchstbetrag und wird voll berücksichtigt (§ 11 Abs. 1 Nr. 1 WoGG)",
            capped
                ? $"Rent/burden {En(request.MonthlyRent)} € exceeds the ceiling; {En(rentConsidered)} € is considered (§ 11 (1) no. 1 WoGG)"
                : $"Rent/burden {En(request.MonthlyRent)} € does not exceed the ceiling and is considered in full (§ 11 (1) no. 1 WoGG)",
            rentConsidered));

        var heating = p.HeatingReliefFor(members);
        var rentToBeConsidered = rentConsidered + heating;
        steps.Add(new CalculationStep("heizkostenentlastung",
            $"Entlastung bei den Heizkosten nach § 12 Abs. 6 WoGG: + {De(heating)} € = {De(rentToBeConsidered)} € (§ 11 Abs. 1 Nr. 2 WoGG)",
            $"Heating-cost relief (Heizkostenentlastung), § 12 (6) WoGG: + {En(heating)} € = {En(rentToBeConsidered)} € (§ 11 (1) no. 2 WoGG)",
            rentToBeConsidered));

        var (minimumM, minimumY) = p.MinimumsFor(members);
        var m = Math.Max(rentToBeConsidered, minimumM);
        var minimumMApplied = rentToBeConsidered < minimumM;
        steps.Add(new CalculationStep("M",
            minimumMApplied
                ? $"M = Mindestwert nach Anlage 3 Nr. 1 WoGG: {De(m)} €"
                : $"M = {De(m)} € (Mindestwert nach Anlage 3 Nr. 1 WoGG: {De(minimumM)} €)",
            minimumMApplied
                ? $"M = minimum value of Anlage 3 no. 1 WoGG: {En(m)} €"
                : $"M = {En(m)} € (minimum of Anlage 3 no. 1 WoGG: {En(minimumM)} €)",
            m));

        var y = Math.Max(request.MonthlyIncome, minimumY);
        var minimumYApplied = request.MonthlyIncome < minimumY;
        steps.Add(new CalculationStep("Y",
            minimumYApplied
                ? $"Y = Mindestwert nach Anlage 3 Nr. 1 WoGG: {De(y)} € (Gesamteinkommen {De(request.MonthlyIncome)} €)"
                : $"Y = {De(y)} € (Mindestwert nach Anlage 3 Nr. 1 WoGG: {De(minimumY)} €)",
            minimumYApplied
                ? $"Y = minimum value of Anlage 3 no. 1 WoGG: {En(y)} € (total income {En(request.MonthlyIncome)} €)"
                : $"Y = {En(y)} € (minimum of Anlage 3 no. 1 WoGG: {En(minimumY)} €)",
            y));

        var k = p.CoefficientsFor(members);
        steps.Add(new CalculationStep("koeffizienten",
            $"Werte nach Anlage 2 WoGG für {members} Mitglieder: a = {CoefficientDe(k.A)}, b = {CoefficientDe(k.B)}, c = {CoefficientDe(k.C)}",
            $"Coefficients of Anlage 2 WoGG for {members} members: a = {CoefficientEn(k.A)}, b = {CoefficientEn(k.B)}, c = {CoefficientEn(k.C)}",
            null));

        // Anlage 3 Nr. 2: each step is a fixed-point number with ten decimal places, computed from the previous one.
        var z1 = FixedPoint.TenPlaces(k.A + (k.B * m) + (k.C * y));
        var z2 = FixedPoint.TenPlaces(z1 * y);
        var z3 = FixedPoint.TenPlaces(m - z2);
        var z4 = FixedPoint.TenPlaces(p.FormulaFactor * z3);
        steps.Add(new CalculationStep("z1", $"z1 = a + b · M + c · Y = {De(z1)}", $"z1 = a + b · M + c · Y = {En(z1)}", z1));
        steps.Add(new CalculationStep("z2", $"z2 = z1 · Y = {De(z2)}", $"z2 = z1 · Y = {En(z2)}", z2));
        steps.Add(new CalculationStep("z3", $"z3 = M − z2 = {De(z3)}", $"z3 = M − z2 = {En(z3)}", z3));
        steps.Add(new CalculationStep("z4",
            $"z4 = {De(p.FormulaFactor)} · z3 = {De(z4)} (ungerundetes Wohngeld, § 19 Abs. 1 WoGG)",
            $"z4 = {En(p.FormulaFactor)} · z3 = {En(z4)} (unrounded Wohngeld, § 19 (1) WoGG)",
            z4));

        var rounded = z4 > 0 ? (int)FixedPoint.WholeEuros(z4) : 0;
        steps.Add(new CalculationStep("gerundet",
            z4 > 0
                ? $"Auf volle Euro gerundet (bis unter 0,50 € ab-, ab 0,50 € aufrunden; Anlage 3 Nr. 3 WoGG): {rounded} €"
                : "Die Formel ergibt keinen positiven Betrag: kein Wohngeld",
            z4 > 0
                ? $"Rounded to whole euros (below 0.50 € down, from 0.50 € up; Anlage 3 no. 3 WoGG): {rounded} €"
                : "The formula gives no positive amount: no Wohngeld",
            rounded));

        decimal amount = rounded;
        decimal supplement = 0;
        var extraMembers = request.HouseholdMembers - members;
        if (extraMembers > 0 && rounded > 0)
        {
            supplement = p.SupplementPerMemberAbove12 * extraMembers;

            // "höchstens jedoch bis zur Höhe der zu berücksichtigenden Miete oder Belastung", kept in whole euros.
            amount = Math.Min(rounded + supplement, Math.Floor(rentToBeConsidered));
            steps.Add(new CalculationStep("mehr-als-12",
                $"§ 19 Abs. 3 WoGG: + {extraMembers} · {De(p.SupplementPerMemberAbove12)} € = {De(amount)} € (höchstens die zu berücksichtigende Miete/Belastung)",
                $"§ 19 (3) WoGG: + {extraMembers} · {En(p.SupplementPerMemberAbove12)} € = {En(amount)} € (at most the rent/burden to be considered)",
                amount));
        }

        var belowMinimum = amount > 0 && amount < p.MinimumPayment;
        if (belowMinimum)
        {
            steps.Add(new CalculationStep("bagatellgrenze",
                $"{De(amount)} € liegt unter {De(p.MinimumPayment)} €: kein Wohngeld (§ 21 Nr. 1 WoGG)",
                $"{En(amount)} € is below {En(p.MinimumPayment)} €: no Wohngeld (§ 21 no. 1 WoGG)",
                0m));
            amount = 0;
        }

        steps.Add(new CalculationStep("wohngeld",
            $"Monatliches Wohngeld: {(int)amount} €",
            $"Monthly Wohngeld: {(int)amount} €",
            amount));

        return new WohngeldResult
        {
            Wohngeld = (int)amount,
            M = m,
            Y = y,
            A = k.A,
            B = k.B,
            C = k.C,
            Z1 = z1,
            Z2 = z2,
            Z3 = z3,
            Z4 = z4,
            HouseholdMembers = request.HouseholdMembers,
            FormulaMembers = members,
            RentLevel = request.RentLevel,
            Rent = request.MonthlyRent,
            Ceiling = ceiling,
            ClimateComponent = climate,
            CeilingIncludingClimateComponent = cap,
            RentCapped = capped,
            RentConsidered = rentConsidered,
            HeatingRelief = heating,
            RentToBeConsidered = rentToBeConsidered,
            MonthlyIncome = request.MonthlyIncome,
            MinimumMApplied = minimumMApplied,
            MinimumYApplied = minimumYApplied,
            RoundedFormulaAmount = rounded,
            SupplementAbove12 = supplement,
            BelowMinimumPayment = belowMinimum,
            ParameterSetValidFrom = p.ValidFrom,
            Steps = steps,
        };
    }

    private static string Roman(int level) => level switch
    {
        1 => "I",
        2 => "II",
        3 => "III",
        4 => "IV",
        5 => "V",
        6 => "VI",
        _ => "VII",
    };
}
