namespace Rathaus.Portal.Account;

/// <summary>Texts of the citizen account pages (Resources/Portal/Account/AccountText.resx and .en.resx).</summary>
#pragma warning disable CA1052 // Names the resource for the localizer; never instantiated.
public sealed class AccountText
#pragma warning restore CA1052
{
    private AccountText()
    {
    }
}
