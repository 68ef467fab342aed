using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Rathaus.Bpmn.Feel;

namespace Rathaus.Bpmn.Tests.Feel;

/// <summary>Compares our FEEL evaluator with the feelin interpreter (npm) on generated expressions.</summary>
public class FeelDifferentialTests
{
    private static readonly string[] Words = ["Hund", "Katze", "ordnungsamt", "", "abc", "Bürgeramt", "x y"];

    [Fact]
    public void Generated_expressions_evaluate_like_feelin()
    {
        var cases = Generate(new Random(4711), 400);
        var oracle = RunFeelin(cases);
        Assert.Equal(cases.Count, oracle.Count);

        var mismatches = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            var (expression, context) = cases[i];
            var expected = oracle[i];
            Assert.True(expected?["ok"]?.GetValue<bool>() == true, $"feelin could not evaluate '{expression}': {expected?["error"]}");
            var actual = FeelExpression.Parse(expression).Evaluate(new JsonFeelContext(context));
            if (!SameValue(expected!["value"], actual))
            {
                mismatches.Add($"{expression}  with {context?.ToJsonString()}: feelin {expected["value"]?.ToJsonString() ?? "null"}, ours {actual?.ToJsonString() ?? "null"}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {cases.Count} differ:\n" + string.Join("\n", mismatches.Take(30)));
    }

    private static List<JsonNode?> RunFeelin(List<(string Expression, JsonObject? Context)> cases)
    {
        var feelin = Path.Combine(RepositoryPaths.Root, "node_modules", "feelin", "package.json");
        Assert.True(File.Exists(feelin), $"npm package feelin is missing ({feelin}); run npm install in {RepositoryPaths.Root}");
        var script = Path.Combine(RepositoryPaths.Root, "tests", "Rathaus.Bpmn.Tests", "Feel", "feelin-oracle.mjs");

        var start = new ProcessStartInfo("node", [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
            StandardOutputEncoding = Encoding.UTF8,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail("node (Node.js 20) is required on PATH for the FEEL differential test: " + ex.Message);
            throw;
        }

        using (process)
        {
            var input = new StringBuilder();
            foreach (var (expression, context) in cases)
            {
                input.Append(new JsonObject { ["expression"] = expression, ["context"] = context?.DeepClone() }.ToJsonString()).Append('\n');
            }

            var stdoutTask = process.StandardOutput.ReadToEndAsync();
            var stderrTask = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(input.ToString());
            process.StandardInput.Close();
            Assert.True(process.WaitForExit(60_000), "feelin did not finish within 60 s");
            var stdout = stdoutTask.GetAwaiter().GetResult();
            Assert.True(process.ExitCode == 0, "feelin oracle failed: " + stderrTask.GetAwaiter().GetResult());
            return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)).ToList();
        }
    }

    private static bool SameValue(JsonNode? expected, JsonNode? actual)
    {
        switch (expected, actual)
        {
            case (null, null):
                return true;
            case (JsonArray e, JsonArray a):
                return e.Count == a.Count && e.Zip(a).All(p => SameValue(p.First, p.Second));
            case (JsonObject e, JsonObject a):
                return e.Count == a.Count && e.All(kv => a.TryGetPropertyValue(kv.Key, out var v) && SameValue(kv.Value, v));
            case (JsonValue e, JsonValue a) when e.GetValueKind() == System.Text.Json.JsonValueKind.Number && a.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                var x = double.Parse(e.ToJsonString(), CultureInfo.InvariantCulture);
                var y = double.Parse(a.ToJsonString(), CultureInfo.InvariantCulture);
                return Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Abs(x));
            case (JsonValue e, JsonValue a):
                return e.ToJsonString() == a.ToJsonString();
            default:
                return false;
        }
    }

    private static List<(string Expression, JsonObject? Context)> Generate(Random random, int count)
    {
        var result = new List<(string, JsonObject?)>();
        var generators = new Func<Random, (string, JsonObject?)>[]
        {
            r => (Arithmetic(r, 3), null),
            r => ($"{Arithmetic(r, 2)} {Pick(r, "<", "<=", ">", ">=", "=", "!=")} {Arithmetic(r, 2)}", null),
            r => ($"{Bool(r)} {Pick(r, "and", "or")} {Bool(r)}", null),
            r => ($"not({Bool(r)})", null),
            r => ($"{Str(r)} {Pick(r, "<", ">", "=", "!=")} {Str(r)}", null),
            r => ($"{Str(r)} + {Str(r)}", null),
            r => ($"{Pick(r, "string length", "upper case", "lower case")}({Str(r)})", null),
            r => ($"{Pick(r, "contains", "starts with", "ends with")}({Str(r)}, {Str(r, shortOnly: true)})", null),
            // Start position 0 is undefined in FEEL (feelin answers the last character, we answer null), so it is not generated.
            r => ($"substring(\"Ordnungsamt\", {Pick(r, "-5", "-3", "-1", "1", "2", "4", "7", "11")}{(r.Next(2) == 0 ? string.Empty : ", " + r.Next(0, 5))})", null),
            r => ($"{Pick(r, "count", "sum", "min", "max")}({IntList(r)})", null),
            r => ($"list contains({IntList(r)}, {r.Next(0, 6)})", null),
            r => ($"{IntList(r)}[{Pick(r, "1", "2", "-1", "5", "0")}]", null),
            r => ($"{r.Next(0, 12)} in {Range(r)}", null),
            r => ($"{r.Next(0, 6)} in {IntList(r)}", null),
            r => ($"{r.Next(0, 12)} between {r.Next(0, 6)} and {r.Next(5, 12)}", null),
            r => ($"if {Bool(r)} then {Str(r)} else {r.Next(0, 9)}", null),
            r => ($"if amount > {r.Next(0, 200)} then \"hoch\" else \"niedrig\"", Context(r)),
            r => (Pick(r, "applicant.age >= 18", "applicant.name", "applicant.pets[1].name", "count(applicant.pets)",
                "applicant.pets[kind = \"Hund\"].name", "items[2]", "sum(items)", "amount * 2 + 1", "missing.field",
                "applicant.pets.kind", "dangerousBreed = true", "applicant.age between 18 and 65",
                "applicant.address.city", "items[item > 2]", "upper case(applicant.name)", "amount > 100 and dangerousBreed"), Context(r)),
            r => ($"{{a: {r.Next(0, 9)}, b: {Str(r)}}}.{Pick(r, "a", "b", "c")}", null),
            r => ($"date(\"{Date(r)}\") + duration(\"P{r.Next(0, 60)}D\")", null),
            r => ($"date(\"{Date(r)}\") - date(\"{Date(r)}\")", null),
            r => ($"date(\"{Date(r)}\") {Pick(r, "<", ">", "=")} date(\"{Date(r)}\")", null),
            r => ($"date and time(\"{Date(r)}T{r.Next(0, 24):00}:{r.Next(0, 60):00}:00\") + duration(\"PT{r.Next(1, 30)}H\")", null),
            r => ($"duration(\"P{r.Next(1, 5)}D\") + duration(\"PT{r.Next(1, 23)}H\")", null),
            r => ($"date(\"{Date(r)}\") + duration(\"P{r.Next(1, 3)}Y{r.Next(1, 11)}M\")", null),
            r => ($"{Arithmetic(r, 1)} {Pick(r, "<", "=", "+")} null", null),
        };
        for (var i = 0; i < count; i++)
        {
            result.Add(generators[i % generators.Length](random));
        }

        return result;
    }

    private static string Pick(Random r, params string[] options) => options[r.Next(options.Length)];

    private static string Bool(Random r) => Pick(r, "true", "false", "null", "1 < 2", "3 = 4");

    private static string Str(Random r, bool shortOnly = false)
    {
        var w = Words[r.Next(Words.Length)];
        if (shortOnly && w.Length > 2)
        {
            w = w.Substring(r.Next(w.Length - 2), 2);
        }

        return "\"" + w + "\"";
    }

    private static string Number(Random r) => r.Next(4) == 0
        ? (r.Next(-40, 40) / 4m).ToString(CultureInfo.InvariantCulture)
        : r.Next(0, 20).ToString(CultureInfo.InvariantCulture);

    private static string Arithmetic(Random r, int depth)
    {
        if (depth == 0 || r.Next(3) == 0)
        {
            return Number(r);
        }

        var op = Pick(r, "+", "-", "*", "/", "+", "-");
        var expr = $"{Arithmetic(r, depth - 1)} {op} {Arithmetic(r, depth - 1)}";
        return r.Next(2) == 0 ? "(" + expr + ")" : expr;
    }

    private static string IntList(Random r) =>
        "[" + string.Join(", ", Enumerable.Range(0, r.Next(0, 5)).Select(_ => r.Next(0, 6).ToString(CultureInfo.InvariantCulture))) + "]";

    private static string Range(Random r)
    {
        var a = r.Next(0, 6);
        var b = r.Next(a, 12);
        return $"{Pick(r, "[", "(")}{a}..{b}{Pick(r, "]", ")")}";
    }

    private static string Date(Random r) => new DateOnly(2024, 1, 1).AddDays(r.Next(0, 800)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JsonObject Context(Random r)
    {
        var pets = new JsonArray();
        for (var i = 0; i < r.Next(0, 3); i++)
        {
            pets.Add(new JsonObject { ["name"] = Pick(r, "Bello", "Minka", "Rex"), ["kind"] = Pick(r, "Hund", "Katze") });
        }

        return new JsonObject
        {
            ["amount"] = r.Next(0, 250),
            ["dangerousBreed"] = r.Next(2) == 0,
            ["items"] = new JsonArray(Enumerable.Range(0, r.Next(0, 4)).Select(_ => (JsonNode?)JsonValue.Create(r.Next(0, 6))).ToArray()),
            ["applicant"] = new JsonObject
            {
                ["name"] = Pick(r, "Erika Mustermann", "Max Muster"),
                ["age"] = r.Next(10, 80),
                ["pets"] = pets,
                ["address"] = r.Next(2) == 0 ? new JsonObject { ["city"] = "Musterstadt" } : null,
            },
        };
    }
}
