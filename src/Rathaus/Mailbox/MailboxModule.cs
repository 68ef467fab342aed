using Microsoft.Extensions.Options;
using Rathaus.Notices;
using Rathaus.Processes;

namespace Rathaus.Mailbox;

/// <summary>Notices, the citizen mailbox and their job handlers (docs/notices.md, docs/mailbox.md).</summary>
public static class MailboxModule
{
    public static IServiceCollection AddMailbox(this IServiceCollection services)
    {
        services.AddOptions<MailboxOptions>().BindConfiguration(MailboxOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailboxOptions>, MailboxOptionsValidation>();
        services.AddSingleton<MailboxNotifier>();
        services.AddSingleton<CitizenMailbox>();
        services.AddSingleton<Rathaus.Portal.Mailbox.MailboxPages>();
        services.AddSingleton<CaseLetterSources>();
        services.AddSingleton<NoticeLetters>();
        services.AddJobHandler(NoticeJobHandler.TaskType, sp => ActivatorUtilities.CreateInstance<NoticeJobHandler>(sp));
        services.AddJobHandler(MessageJobHandler.TaskType, sp => ActivatorUtilities.CreateInstance<MessageJobHandler>(sp));
        services.AddJobHandler(RequestInformationJobHandler.TaskType, sp => ActivatorUtilities.CreateInstance<RequestInformationJobHandler>(sp));
        return services;
    }
}
