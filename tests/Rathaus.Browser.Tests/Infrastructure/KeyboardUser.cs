using System.Globalization;
using Microsoft.Playwright;
using Xunit.Sdk;

namespace Rathaus.Browser.Tests.Infrastructure;

/// <summary>
/// Someone who uses only the keyboard: moves with Tab and Shift+Tab, chooses with the arrow keys and Space, types, and
/// activates with Enter. Never clicks; reaching an element by Tab is part of what is tested.
/// </summary>
public sealed class KeyboardUser
{
    private readonly IPage _page;
    private readonly string _dateFieldOrder;
    private TaskCompletionSource<IFileChooser>? _fileDialog;

    /// <param name="page">The window to type into.</param>
    /// <param name="dateFieldOrder">The order of a date field's parts in this browser, "ddMMyyyy" or "MMddyyyy" (<see cref="BrowserFixture.DateFieldOrder"/>).</param>
    public KeyboardUser(IPage page, string dateFieldOrder)
    {
        ArgumentNullException.ThrowIfNull(page);
        _page = page;
        _dateFieldOrder = dateFieldOrder;
        // Listening from the start: Playwright turns on catching file dialogs without waiting for Chromium to confirm,
        // so a listener added just before the key press can miss the dialog that key opens.
        page.FileChooser += (_, chooser) => _fileDialog?.TrySetResult(chooser);
    }

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
            await _page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }
        throw new XunitException($"{target} was not reached with {MaxTabs} presses of {(backwards ? "Shift+Tab" : "Tab")}; the focus is on {await FocusedAsync()}.");
    }

    /// <summary>Tabs to a text field and types into it.</summary>
    public async Task TypeIntoAsync(ILocator field, string text)
    {
        await TabToAsync(field);
        await _page.Keyboard.TypeAsync(text);
    }

    /// <summary>Tabs to a date field and types the date's digits in the order the browser shows the field's parts.</summary>
    public async Task TypeDateAsync(ILocator field, DateOnly date)
    {
        await TabToAsync(field);
        await _page.Keyboard.TypeAsync(date.ToString(_dateFieldOrder, CultureInfo.InvariantCulture));
        Assert.Equal(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), await field.InputValueAsync());
    }

    /// <summary>Tabs into a radio group, moves with the arrow keys to <paramref name="option"/> and selects it.</summary>
    public async Task ChooseAsync(ILocator group, ILocator option)
    {
        await TabIntoAsync(group);
        for (var presses = 0; presses < 20 && !await option.EvaluateAsync<bool>("e => e === document.activeElement"); presses++)
        {
            await _page.Keyboard.PressAsync("ArrowDown");
        }
        await _page.Keyboard.PressAsync("Space");
        Assert.True(await option.IsCheckedAsync(), $"{option} is not selected.");
    }

    /// <summary>Tabs to a check box and ticks it with Space.</summary>
    public async Task CheckAsync(ILocator checkbox)
    {
        await TabToAsync(checkbox);
        await _page.Keyboard.PressAsync("Space");
        Assert.True(await checkbox.IsCheckedAsync(), $"{checkbox} is not ticked.");
    }

    /// <summary>Tabs to a file field, opens the file dialog with Space and picks <paramref name="file"/> in it.</summary>
    public async Task ChooseFileAsync(ILocator input, string file)
    {
        await TabToAsync(input);
        _fileDialog = new TaskCompletionSource<IFileChooser>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _page.Keyboard.PressAsync("Space");
        var chooser = await _fileDialog.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await chooser.SetFilesAsync(file);
    }

    /// <summary>Tabs to a link or button and presses Enter; waits for the page it leads to.</summary>
    public async Task ActivateAsync(ILocator target)
    {
        await TabToAsync(target);
        await _page.EvaluateAsync("() => { window.rathausPageLeft = false; }");
        await _page.Keyboard.PressAsync("Enter");
        // A new document has no such variable; waiting for a function survives the navigation.
        await _page.WaitForFunctionAsync("() => window.rathausPageLeft === undefined && document.readyState === 'complete'");
    }

    /// <summary>Tabs to a link or button and presses Enter, leaving the page as it is (e.g. a download).</summary>
    public async Task PressEnterOnAsync(ILocator target)
    {
        await TabToAsync(target);
        await _page.Keyboard.PressAsync("Enter");
    }

    /// <summary>The focused element, described for a failure message.</summary>
    public Task<string> FocusedAsync() => _page.EvaluateAsync<string>(
        "() => { const e = document.activeElement; return e ? e.outerHTML.slice(0, 160) : '(nothing)'; }");
}
