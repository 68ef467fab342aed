using System.Globalization;
using Microsoft.Playwright;
using Xunit.Sdk;

namespace Rathaus.Browser.Tests.Infrastructure;

/// <summary>
/// Someone who uses only the keyboard: moves with Tab and Shift+Tab, chooses with the arrow keys and Space, types, and
/// activates with Enter. Never clicks; reaching an element by Tab is part of what is tested.
/// </summary>
public sealed class KeyboardUser(IPage page)
{
    private string? _dateFormat;

    /// <summary>How many presses of Tab may lie between two controls before the test gives up.</summary>
    public const int MaxTabs = 80;

    /// <summary>Presses Tab (or Shift+Tab) until <paramref name="target"/> has the focus.</summary>
    public Task TabToAsync(ILocator target, bool backwards = false) =>
        TabUntilAsync(target, "e => e === document.activeElement", backwards);

    /// <summary>Presses Tab until the focus is inside <paramref name="container"/> (e.g. a group of radio buttons).</summary>
    public Task TabIntoAsync(ILocator container, bool backwards = false) =>
        TabUntilAsync(container, "e => e.contains(document.activeElement)", backwards);

    private async Task TabUntilAsync(ILocator target, string reached, bool backwards)
    {
        await target.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        for (var presses = 0; presses <= MaxTabs; presses++)
        {
            if (await target.EvaluateAsync<bool>(reached))
            {
                return;
            }
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }
        throw new XunitException($"{target} was not reached with {MaxTabs} presses of {(backwards ? "Shift+Tab" : "Tab")}; the focus is on {await FocusedAsync()}.");
    }

    /// <summary>Tabs to a text field and types into it.</summary>
    public async Task TypeIntoAsync(ILocator field, string text)
    {
        await TabToAsync(field);
        await page.Keyboard.TypeAsync(text);
    }

    /// <summary>Tabs to a date field and types the date's digits in the order the browser shows the field's parts.</summary>
    public async Task TypeDateAsync(ILocator field, DateOnly date)
    {
        var format = await DateFieldFormatAsync();
        await TabToAsync(field);
        await page.Keyboard.TypeAsync(date.ToString(format, CultureInfo.InvariantCulture));
        Assert.Equal(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), await field.InputValueAsync());
    }

    /// <summary>
    /// Chromium orders a date field's parts by its own user-interface language (Debian's chromium without
    /// chromium-l10n: month first), not by the page's; typed into a blank tab once, a date tells which order it is.
    /// </summary>
    private async Task<string> DateFieldFormatAsync()
    {
        if (_dateFormat is null)
        {
            var probe = await page.Context.NewPageAsync();
            await probe.SetContentAsync("<input type=date id=d>");
            await probe.FocusAsync("#d");
            await probe.Keyboard.TypeAsync("01022000");
            _dateFormat = await probe.InputValueAsync("#d") == "2000-02-01" ? "ddMMyyyy" : "MMddyyyy";
            await probe.CloseAsync();
        }
        return _dateFormat;
    }

    /// <summary>Tabs into a radio group, moves with the arrow keys to <paramref name="option"/> and selects it.</summary>
    public async Task ChooseAsync(ILocator group, ILocator option)
    {
        await TabIntoAsync(group);
        for (var presses = 0; presses < 20 && !await option.EvaluateAsync<bool>("e => e === document.activeElement"); presses++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }
        await page.Keyboard.PressAsync("Space");
        Assert.True(await option.IsCheckedAsync(), $"{option} is not selected.");
    }

    /// <summary>Tabs to a check box and ticks it with Space.</summary>
    public async Task CheckAsync(ILocator checkbox)
    {
        await TabToAsync(checkbox);
        await page.Keyboard.PressAsync("Space");
        Assert.True(await checkbox.IsCheckedAsync(), $"{checkbox} is not ticked.");
    }

    /// <summary>Tabs to a file field, opens the file dialog with Space and picks <paramref name="file"/> in it.</summary>
    public async Task ChooseFileAsync(ILocator input, string file)
    {
        await TabToAsync(input);
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.Keyboard.PressAsync("Space"));
        await chooser.SetFilesAsync(file);
    }

    /// <summary>Tabs to a link or button and presses Enter; waits for the page it leads to.</summary>
    public async Task ActivateAsync(ILocator target)
    {
        await TabToAsync(target);
        await page.EvaluateAsync("() => { window.rathausPageLeft = false; }");
        await page.Keyboard.PressAsync("Enter");
        // A new document has no such variable; waiting for a function survives the navigation.
        await page.WaitForFunctionAsync("() => window.rathausPageLeft === undefined && document.readyState === 'complete'");
    }

    /// <summary>Tabs to a link or button and presses Enter, leaving the page as it is (e.g. a download).</summary>
    public async Task PressEnterOnAsync(ILocator target)
    {
        await TabToAsync(target);
        await page.Keyboard.PressAsync("Enter");
    }

    /// <summary>The focused element, described for a failure message.</summary>
    public Task<string> FocusedAsync() => page.EvaluateAsync<string>(
        "() => { const e = document.activeElement; return e ? e.outerHTML.slice(0, 160) : '(nothing)'; }");
}
