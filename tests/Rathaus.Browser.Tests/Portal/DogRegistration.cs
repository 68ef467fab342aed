using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Rathaus.Browser.Tests.Infrastructure;
using Rathaus.Platform.Pdf;

namespace Rathaus.Browser.Tests.Portal;

/// <summary>
/// Musterstadt's dog registration (service <c>hundeanmeldung</c>) as a citizen fills it in: one dog of a listed breed
/// from the animal shelter, with the proof of liability insurance as a PDF, no tax exemption claimed, no direct debit. Fields are found by
/// their ids, which follow the form's paths (<c>hunde[0].name</c> → <c>#hunde-0-name</c>) in every language.
/// </summary>
public static class DogRegistration
{
    public const string ServiceId = "hundeanmeldung";
    public const string DogName = "Bella";
    public const string ProofFileName = "versicherung-bella.pdf";
    public static readonly DateOnly OwnerBorn = new(1985, 4, 12);
    public static readonly DateOnly DogBorn = new(2021, 8, 9);
    public static readonly DateOnly KeptSince = new(2024, 10, 1);

    private static readonly (string Id, string Value)[] OwnerTexts =
    [
        ("halter-familienname", "Hundefreund"),
        ("halter-vornamen", "Hanna"),
        ("halter-anschrift-street", "Lindenweg"),
        ("halter-anschrift-houseNumber", "12a"),
        ("halter-anschrift-postalCode", "99991"),
        ("halter-anschrift-city", "Musterstadt"),
    ];

    private static readonly (string Id, string Value)[] DogTexts =
    [
        ("hunde-0-name", DogName),
        ("hunde-0-rasse", "American Staffordshire Terrier"),
        ("hunde-0-farbe", "blau-grau mit weißer Brust"),
        ("hunde-0-chipnummer", "276098100128734"),
    ];

    private const string Shelter = "Tierheim Musterstadt, Tierheimweg 1, 99991 Musterstadt";

    /// <summary>A real PDF, as an insurer sends it, written to a fresh folder under the name the citizen uploads.</summary>
    public static string WriteInsuranceProof(IServiceProvider services)
    {
        var pdf = services.GetRequiredService<PdfLetterWriter>().Render(new LetterDocument(
            new Letterhead("Beispiel Versicherung AG", ["Abteilung Tierhalterhaftpflicht", "Versicherungsplatz 1", "99990 Beispielstadt"]),
            "Versicherungsbestätigung Hundehalterhaftpflicht",
            [
                new LetterParagraph("Wir bestätigen, dass für den Hund Bella (American Staffordshire Terrier, Chip 276098100128734) eine Hundehalterhaftpflichtversicherung besteht."),
                new LetterTable([new LetterTableRow("Versicherungsnummer", "HH-2024-0815"), new LetterTableRow("Deckungssumme", "5.000.000 EUR")]),
            ]));
        var path = Path.Combine(Directory.CreateTempSubdirectory("rathaus-upload-").FullName, ProofFileName);
        File.WriteAllBytes(path, pdf);
        return path;
    }

    /// <summary>Applies in the session's window (signed in or not) from the service's start page to the receipt; returns the case reference.</summary>
    public static async Task<string> ApplyAsync(BrowserSession session, string proof)
    {
        ArgumentNullException.ThrowIfNull(session);
        var page = session.Page;
        await session.GoToAsync($"/leistungen/{ServiceId}/antrag");
        await page.Locator("main form button[type=submit]").ClickAsync();
        await FillOwnerAsync(page);
        await NextAsync(page);
        await FillDogAsync(page, proof);
        await NextAsync(page);
        await NextAsync(page);
        await page.Locator("main form button[type=submit]").ClickAsync();
        return await page.Locator("#aktenzeichen").InnerTextAsync();
    }

    /// <summary>"Weiter" on a form page.</summary>
    public static Task NextAsync(IPage page) => page.Locator(".rathaus-actions button[value=weiter]").ClickAsync();

    /// <summary>Page 1 (owner), with the mouse.</summary>
    public static async Task FillOwnerAsync(IPage page)
    {
        foreach (var (id, value) in OwnerTexts)
        {
            await page.Locator("#" + id).FillAsync(value);
        }
        await page.Locator("#halter-geburtsdatum").FillAsync(Iso(OwnerBorn));
    }

    /// <summary>Page 2 (the dog), with the mouse; uploads <paramref name="proof"/>.</summary>
    public static async Task FillDogAsync(IPage page, string proof)
    {
        foreach (var (id, value) in DogTexts)
        {
            await page.Locator("#" + id).FillAsync(value);
        }
        await page.Locator("#hunde-0-geschlecht input[value=huendin]").CheckAsync();
        await page.Locator("#hunde-0-wurfdatum").FillAsync(Iso(DogBorn));
        await page.Locator("#hunde-0-listenhund-ja").CheckAsync();
        await page.Locator("#hunde-0-versicherungsnachweis").SetInputFilesAsync(proof);
        await page.Locator("#hunde-0-steuerbefreiung input[value=keine]").CheckAsync();
        await page.Locator("#hunde-0-haltungsbeginn").FillAsync(Iso(KeptSince));
        await page.Locator("#hunde-0-herkunft input[value=tierheim]").CheckAsync();
        await page.Locator("#hunde-0-vorbesitzer").FillAsync(Shelter);
    }

    /// <summary>Page 1 (owner), with the keyboard only.</summary>
    public static async Task FillOwnerAsync(KeyboardUser keyboard, IPage page)
    {
        await keyboard.TypeIntoAsync(page.Locator("#halter-familienname"), "Hundefreund");
        await keyboard.TypeIntoAsync(page.Locator("#halter-vornamen"), "Hanna");
        await keyboard.TypeDateAsync(page.Locator("#halter-geburtsdatum"), OwnerBorn);
        foreach (var (id, value) in OwnerTexts.Skip(2))
        {
            await keyboard.TypeIntoAsync(page.Locator("#" + id), value);
        }
    }

    /// <summary>Page 2 (the dog), with the keyboard only; picks <paramref name="proof"/> in the file dialog.</summary>
    public static async Task FillDogAsync(KeyboardUser keyboard, IPage page, string proof)
    {
        await keyboard.TypeIntoAsync(page.Locator("#hunde-0-name"), DogName);
        await keyboard.TypeIntoAsync(page.Locator("#hunde-0-rasse"), "American Staffordshire Terrier");
        await keyboard.ChooseAsync(page.Locator("#hunde-0-geschlecht"), page.Locator("#hunde-0-geschlecht input[value=huendin]"));
        await keyboard.TypeIntoAsync(page.Locator("#hunde-0-farbe"), "blau-grau mit weißer Brust");
        await keyboard.TypeDateAsync(page.Locator("#hunde-0-wurfdatum"), DogBorn);
        await keyboard.TypeIntoAsync(page.Locator("#hunde-0-chipnummer"), "276098100128734");
        await keyboard.ChooseAsync(page.Locator("#hunde-0-listenhund"), page.Locator("#hunde-0-listenhund-ja"));
        await keyboard.ChooseFileAsync(page.Locator("#hunde-0-versicherungsnachweis"), proof);
        await keyboard.ChooseAsync(page.Locator("#hunde-0-steuerbefreiung"), page.Locator("#hunde-0-steuerbefreiung input[value=keine]"));
        await keyboard.TypeDateAsync(page.Locator("#hunde-0-haltungsbeginn"), KeptSince);
        await keyboard.ChooseAsync(page.Locator("#hunde-0-herkunft"), page.Locator("#hunde-0-herkunft input[value=tierheim]"));
        await keyboard.TypeIntoAsync(page.Locator("#hunde-0-vorbesitzer"), Shelter);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
