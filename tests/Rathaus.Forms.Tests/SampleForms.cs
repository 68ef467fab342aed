using System.Text.Json.Nodes;

namespace Rathaus.Forms.Tests;

/// <summary>The sample definitions under Forms/ and a complete valid application of the dog registration.</summary>
internal static class SampleForms
{
    private static readonly Lazy<FormDefinition> Dogs = new(() => FormDefinition.Parse(Read("hundeanmeldung")));

    private static readonly Lazy<FormDefinition> Kinds = new(() => FormDefinition.Parse(Read("feldarten")));

    /// <summary>One group with a field of every kind and most limits (no field required but the consent box).</summary>
    public static FormDefinition EveryKind => Kinds.Value;

    /// <summary>Today in every test: Sunday 15 March 2026, noon in Germany.</summary>
    public static TimeProvider Clock { get; } = new FixedClock(new DateTimeOffset(2026, 3, 15, 11, 0, 0, TimeSpan.Zero));

    /// <summary>Hundeanmeldung: owner, dogs as a repeatable group, payment with rules.</summary>
    public static FormDefinition DogRegistration => Dogs.Value;

    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Forms", name + ".json"));

    /// <summary>A valid application; today is 2026-03-15 in the tests.</summary>
    public static JsonObject ValidDogData() => JsonNode.Parse("""
        {
          "halter": {
            "vorname": "Erika",
            "nachname": "Mustermann",
            "geburtsdatum": "1980-05-17",
            "anschrift": { "street": "Prinzipalmarkt", "houseNumber": "10", "postalCode": "48143", "city": "Münster" },
            "email": "erika@example.org",
            "telefon": "+49 251 492-0"
          },
          "hunde": [
            { "name": "Bello", "rasse": "Labrador", "geschlecht": "m", "geburtsdatum": "2024-02-01",
              "chipnummer": "276098106123456", "listenhund": false, "haltungsbeginn": "2026-03-01" },
            { "name": "Hasso", "rasse": "Staffordshire-Bullterrier", "geschlecht": "w", "chipnummer": "276098106654321",
              "listenhund": true, "haltungsbeginn": "2026-02-01",
              "versicherungsnachweis": [ { "id": "a1b2c3", "name": "police.pdf", "contentType": "application/pdf", "size": 52311 } ] }
          ],
          "zahlung": { "lastschrift": true, "iban": "DE89370400440532013000", "kontoinhaber": "Erika Mustermann", "mandat": true }
        }
        """)!.AsObject();

    /// <summary>A clock standing still.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
