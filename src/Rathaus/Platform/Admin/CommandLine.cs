using Microsoft.Extensions.Options;
using Rathaus.Cases;
using Rathaus.CatalogModule;
using Rathaus.Platform.Configuration;
using Rathaus.Platform.Database;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Processes;
using Rathaus.Records;

namespace Rathaus.Platform.Admin;

/// <summary>
/// Operator commands: <c>rathaus admin tenant add|list</c>, <c>admin department add</c>,
/// <c>admin user add|reset-password</c>, <c>admin operator add</c>, <c>admin service install|list|enable|disable</c>,
/// <c>admin audit verify</c>, <c>migrate</c>.
/// Passwords are read from standard input with <c>--password-stdin</c>, otherwise generated and printed once.
/// </summary>
public static class CommandLine
{
    private const string Usage = """
        Usage:
          rathaus migrate
          rathaus admin tenant add --slug SLUG --name NAME --ags AGS --kind gemeinde|stadt|kreis [--county SLUG]
                                   [--street S] [--postal-code P] [--city C] [--phone P] [--email E] [--website W]
                                   [--bank-name B] [--iban I] [--bic B]
          rathaus admin tenant list
          rathaus admin department add --tenant SLUG --key KEY --name NAME [--kind KIND] [--email E] [--phone P]
          rathaus admin user add --tenant SLUG --email E --name NAME [--role tenant_admin|auditor|team_lead]... [--department KEY]... [--password-stdin]
          rathaus admin user reset-password --tenant SLUG --email E [--password-stdin]
          rathaus admin operator add --email E --name NAME [--password-stdin]
          rathaus admin service install FOLDER|ZIP --tenant SLUG
          rathaus admin service list --tenant SLUG
          rathaus admin service enable|disable SERVICE-ID --tenant SLUG
          rathaus admin audit verify --tenant SLUG
        """ + "\n" + RecordsCommandLine.Usage + "\n" + RulesCommands.Usage;

    public static bool Handles(string verb) => verb is "admin" or "migrate";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IConfiguration? configuration = null, TextReader? input = null)
    {
        configuration ??= new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddRathausEnvironment()
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IHostEnvironment>(new CommandLineEnvironment());
        services.AddPlatformCore(configuration);
        services.AddOptions<RathausIdentityOptions>().Bind(configuration.GetSection(RathausIdentityOptions.Section));
        services.AddSingleton<Passwords>();
        // Service installation deploys processes, whose options bind from the configuration.
        services.AddSingleton(configuration);
        services.AddProcesses();
        services.AddCatalog(configuration);
        services.AddCases();
        services.AddRecords(configuration);
        services.AddSingleton<Rathaus.DogTax.DogTaxRegister>();
        services.AddSingleton<Rathaus.WasteCollection.CollectionCalendar>();
        await using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var sources = provider.GetRequiredService<RathausDataSources>();
            await provider.GetRequiredService<MigrationRunner>().ApplyAsync(sources.Owner, provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.AppPassword, CancellationToken.None);
            if (args[0] == "migrate")
            {
                await output.WriteLineAsync("Migrations applied.");
                return 0;
            }
            var admin = provider.GetRequiredService<TenantAdministration>();
            if (args.ElementAtOrDefault(1) == "records")
            {
                return await RecordsCommandLine.RunAsync(args.Skip(2).ToList(), provider, output, error);
            }
            if (args.ElementAtOrDefault(1) == "service")
            {
                return await ServiceCommandAsync(args, provider.GetRequiredService<ServicePackageInstaller>(), output, error);
            }
            if (RulesCommands.Handles(args.ElementAtOrDefault(1)))
            {
                return await RulesCommands.RunAsync(args, provider, output, error);
            }
            var options = Options.Parse(args.Skip(3));
            switch (args.ElementAtOrDefault(1), args.ElementAtOrDefault(2))
            {
                case ("tenant", "add"):
                    var kind = options.Required("kind") switch
                    {
                        "gemeinde" => TenantKind.Municipality,
                        "stadt" => TenantKind.Town,
                        "kreis" => TenantKind.County,
                        var other => throw new AdministrationException($"--kind must be gemeinde, stadt or kreis, not '{other}'."),
                    };
                    await admin.AddTenantAsync(new NewTenant(options.Required("slug"), kind, options.Required("ags"), options.Required("name"),
                        options.Optional("county"), options.Optional("street") ?? "", options.Optional("postal-code") ?? "", options.Optional("city") ?? "",
                        options.Optional("phone") ?? "", options.Optional("email") ?? "", options.Optional("website") ?? "",
                        options.Optional("bank-name") ?? "", options.Optional("iban") ?? "", options.Optional("bic") ?? ""));
                    await output.WriteLineAsync($"Tenant {options.Required("slug")} added.");
                    return 0;
                case ("tenant", "list"):
                    foreach (var t in await provider.GetRequiredService<TenantDirectory>().ListAsync())
                    {
                        await output.WriteLineAsync($"{t.Slug,-20} {t.Ags} {Tenant.KindToDb(t.Kind),-9} {t.Name}");
                    }
                    return 0;
                case ("department", "add"):
                    await admin.AddDepartmentAsync(options.Required("tenant"), options.Required("key"), options.Required("name"),
                        options.Optional("kind") ?? options.Required("key"), options.Optional("email") ?? "", options.Optional("phone") ?? "");
                    await output.WriteLineAsync($"Department {options.Required("key")} added.");
                    return 0;
                case ("user", "add"):
                {
                    var (password, generated) = ReadPassword(options, input);
                    await admin.AddStaffAsync(options.Required("tenant"), options.Required("email"), options.Required("name"), password,
                        options.All("role"), options.All("department"));
                    await output.WriteLineAsync($"Staff account {options.Required("email")} added.");
                    await PrintGeneratedAsync(output, generated, password);
                    return 0;
                }
                case ("user", "reset-password"):
                {
                    var (password, generated) = ReadPassword(options, input);
                    await admin.ResetStaffPasswordAsync(options.Required("tenant"), options.Required("email"), password);
                    await output.WriteLineAsync($"Password of {options.Required("email")} reset; the account is unlocked.");
                    await PrintGeneratedAsync(output, generated, password);
                    return 0;
                }
                case ("operator", "add"):
                {
                    var (password, generated) = ReadPassword(options, input);
                    await admin.AddOperatorAsync(options.Required("email"), options.Required("name"), password);
                    await output.WriteLineAsync($"Operator account {options.Required("email")} added.");
                    await PrintGeneratedAsync(output, generated, password);
                    return 0;
                }
                case ("audit", "verify"):
                    return await VerifyAuditAsync(provider, options.Required("tenant"), output, error);
                default:
                    await error.WriteLineAsync(Usage);
                    return 2;
            }
        }
        catch (ServicePackageException e)
        {
            await error.WriteLineAsync("Error: " + e.Message);
            return 1;
        }
        catch (AdministrationException e)
        {
            await error.WriteLineAsync("Error: " + e.Message);
            return 1;
        }
        catch (OptionsValidationException e)
        {
            await error.WriteLineAsync("Error: " + string.Join(Environment.NewLine, e.Failures));
            return 1;
        }
        catch (Npgsql.PostgresException e)
        {
            await error.WriteLineAsync($"Error: the database refused the change ({e.SqlState}): {e.MessageText}");
            return 1;
        }
        catch (Npgsql.NpgsqlException e)
        {
            await error.WriteLineAsync("Error: the database is not reachable: " + e.Message);
            return 1;
        }
    }

    /// <summary><c>admin service …</c>: the package or service id is the argument after the verb.</summary>
    private static async Task<int> ServiceCommandAsync(string[] args, ServicePackageInstaller installer, TextWriter output, TextWriter error)
    {
        var verb = args.ElementAtOrDefault(2);
        var argument = args.ElementAtOrDefault(3) is { } a && !a.StartsWith("--", StringComparison.Ordinal) ? a : null;
        var options = Options.Parse(args.Skip(argument is null ? 3 : 4));
        switch (verb)
        {
            case "install" when argument is not null:
            {
                // The launcher runs the app from its own folder; a relative path means the operator's working folder.
                var path = Path.GetFullPath(argument, Environment.GetEnvironmentVariable("RATHAUS_WORKDIR") ?? Directory.GetCurrentDirectory());
                var package = ServicePackageReader.Read(path);
                var tenant = options.Required("tenant");
                var result = await installer.InstallAsync(tenant, package, "operator:" + Environment.UserName);
                var process = result.ProcessId is null ? "" : $" (process {result.ProcessId} version {result.ProcessVersion})";
                await output.WriteLineAsync(result.Outcome switch
                {
                    InstallOutcome.Installed => $"Service {result.ServiceId} {result.Version} installed in {tenant}{process}.",
                    InstallOutcome.Upgraded => $"Service {result.ServiceId} {result.Version} installed in {tenant}{process}; it replaces {result.PreviousVersion} as the current version.",
                    _ => $"Service {result.ServiceId} {result.Version} is installed in {tenant} already with the same content; nothing changed.",
                });
                return 0;
            }
            case "list" when argument is null:
            {
                var tenant = options.Required("tenant");
                var services = await installer.ListAsync(tenant);
                if (services.Count == 0)
                {
                    await output.WriteLineAsync($"No services installed in {tenant}.");
                }
                foreach (var s in services)
                {
                    await output.WriteLineAsync(
                        $"{s.ServiceId,-28} {s.CurrentVersion,-9} {(s.Enabled ? "enabled" : "disabled"),-9} {(s.OnlineApplication ? "online" : "info"),-7} {s.Jurisdiction,-9} {s.Name}");
                }
                return 0;
            }
            case "enable" or "disable" when argument is not null:
                await installer.SetEnabledAsync(options.Required("tenant"), argument, verb == "enable");
                await output.WriteLineAsync($"Service {argument} {verb}d in {options.Required("tenant")}.");
                return 0;
            default:
                await error.WriteLineAsync(Usage);
                return 2;
        }
    }

    /// <summary>
    /// <c>admin audit verify</c>: links what is still queued (as the application would within seconds), then
    /// recomputes the tenant's whole chain; exit 0 when intact, 1 naming the first broken entry.
    /// </summary>
    private static async Task<int> VerifyAuditAsync(IServiceProvider provider, string slug, TextWriter output, TextWriter error)
    {
        var tenant = await provider.GetRequiredService<TenantDirectory>().FindBySlugAsync(slug)
            ?? throw new AdministrationException($"There is no tenant '{slug}'.");
        var chain = provider.GetRequiredService<AuditChain>();
        await chain.ChainAsync(tenant.Id);
        var result = await chain.VerifyAsync(tenant.Id);
        if (result.FirstBreak is { } broken)
        {
            await error.WriteLineAsync($"Audit chain of {slug} is BROKEN: {broken.Reason}");
            return 1;
        }
        await output.WriteLineAsync($"Audit chain of {slug} is intact: {result.Links} entries verified.");
        return 0;
    }

    private static (string Password, bool Generated) ReadPassword(Options options, TextReader? input)
    {
        if (!options.Flag("password-stdin"))
        {
            return (Passwords.Generate(), true);
        }
        var line = (input ?? Console.In).ReadLine();
        return string.IsNullOrEmpty(line) ? throw new AdministrationException("--password-stdin given, but standard input was empty.") : (line, false);
    }

    private static async Task PrintGeneratedAsync(TextWriter output, bool generated, string password)
    {
        if (generated)
        {
            await output.WriteLineAsync($"Initial password (shown once, hand it over securely): {password}");
        }
    }

    private sealed class CommandLineEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";

        public string ApplicationName { get; set; } = "Rathaus";

        public string ContentRootPath { get; set; } = Directory.GetCurrentDirectory();

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } =
            new Microsoft.Extensions.FileProviders.NullFileProvider();
    }

    /// <summary><c>--name value</c> pairs; a name may repeat; a name without value is a flag.</summary>
    private sealed class Options
    {
        private readonly List<(string Name, string? Value)> _items = [];

        public static Options Parse(IEnumerable<string> args)
        {
            var options = new Options();
            var list = args.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                if (!list[i].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new AdministrationException($"Unexpected argument '{list[i]}'.\n{Usage}");
                }
                var name = list[i][2..];
                var hasValue = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal);
                options._items.Add((name, hasValue ? list[++i] : null));
            }
            return options;
        }

        public string Required(string name) =>
            Optional(name) ?? throw new AdministrationException($"--{name} is required.\n{Usage}");

        public string? Optional(string name) => _items.LastOrDefault(i => i.Name == name).Value;

        public List<string> All(string name) => _items.Where(i => i.Name == name && i.Value is not null).Select(i => i.Value!).ToList();

        public bool Flag(string name) => _items.Any(i => i.Name == name);
    }
}
