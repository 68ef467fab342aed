using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Bpmn.Execution;
using Rathaus.Cases;
using Rathaus.CatalogModule;
using Rathaus.Platform.Database;
using Rathaus.Processes;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Portal;
using Rathaus.Transfers;

namespace Rathaus.Tests.Transfers;

/// <summary>
/// The transfer seam <c>rathaus:transfer</c>: a dog registration of the Ordnungsamt passes exactly the declared fields
/// to a new case of the Steueramt's dog tax procedure, logged on both sides.
/// </summary>
public sealed class CaseTransferTests(FlowsApp app) : IClassFixture<FlowsApp>
{
    private const string Password = Rathaus.Platform.Demo.DemoSeeder.Password;

    /// <summary>A submitted dog registration of Max Mustermann with an assistance dog (proof attached) and a listed dog (insurance attached).</summary>
    private async Task<(Guid CaseId, Guid Proof, Guid Insurance)> RegistrationAsync(string suffix)
    {
        var tenant = await app.TenantAsync();
        var installed = (await app.Services.GetRequiredService<IServiceCatalog>().GetCurrentAsync(tenant.Id, "hundeanmeldung"))!;
        var data = ShippedServices.Valid("hundeanmeldung");
        var proof = Guid.NewGuid();
        var insurance = Guid.NewGuid();
        data["hunde"]![0]!["steuerbefreiung"] = "assistenzhund";
        data["hunde"]![0]!["befreiungsnachweis"] = new JsonArray(new JsonObject
        {
            ["id"] = proof.ToString(), ["name"] = "schwerbehindertenausweis.pdf", ["contentType"] = "application/pdf", ["size"] = 1234,
        });
        data["hunde"]![1]!["versicherungsnachweis"] = new JsonArray(new JsonObject
        {
            ["id"] = insurance.ToString(), ["name"] = "haftpflicht-luna.pdf", ["contentType"] = "application/pdf", ["size"] = 2345,
        });
        var citizen = await app.QueryAsync<Guid>("SELECT id FROM citizen_accounts WHERE email = 'max.mustermann@example.org'");
        var submitted = await app.Services.GetRequiredService<CaseIntake>().SubmitAsync(new IntakeRequest(
            tenant,
            new IntakeService("hundeanmeldung", installed.Version, "ordnungsamt", "HUND", installed.ProcessId, installed.ProcessVersion),
            data,
            [
                new IntakeDocument(proof, "evidence", "hunde[0].befreiungsnachweis", "schwerbehindertenausweis.pdf", "application/pdf", 1234, new string('a', 64)),
                new IntakeDocument(insurance, "evidence", "hunde[1].versicherungsnachweis", "haftpflicht-luna.pdf", "application/pdf", 2345, new string('b', 64)),
            ],
            "portal",
            new IntakeActor("citizen", citizen.ToString(), citizen),
            "corr-" + suffix), receipt: null);
        return (submitted.Id, proof, insurance);
    }

    private async Task<JsonObject?> TransferAsync(Guid caseId, string jobId)
    {
        var tenant = await app.TenantAsync();
        var handler = app.Services.GetRequiredService<JobHandlers>();
        Assert.True(handler.TryGet(CaseTransferJobHandler.TaskType, out var transfer));
        return await transfer.HandleAsync(new TenantJobContext(tenant.Id, "instance-" + jobId, new JobState
        {
            Id = jobId,
            Type = CaseTransferJobHandler.TaskType,
            Headers = new Dictionary<string, string> { ["service"] = "hundesteuer" },
            Variables = new JsonObject { ["case"] = new JsonObject { ["id"] = caseId.ToString() } },
        }), CancellationToken.None);
    }

    private async Task<(Guid Id, string Data, string Department, string Channel, string Service, Guid? Citizen, string Instance)> ReceivedAsync(string reference) =>
        await app.QueryAsync<(Guid, string, string, string, string, Guid?, string)>(
            "SELECT id, data::text, department_key, channel, service_id, citizen_id, process_instance_id FROM cases WHERE reference = @reference", new { reference });

    [Fact]
    public async Task The_tax_office_gets_a_new_case_with_exactly_the_declared_fields_and_nothing_else()
    {
        var (caseId, _, _) = await RegistrationAsync("felder");

        var result = await TransferAsync(caseId, "job-transfer-felder");

        var reference = result!["transfer"]!["reference"]!.GetValue<string>();
        Assert.Matches(@"^MST-HSTR-\d{4}-\d{6}$", reference);
        Assert.Equal(("hundesteuer", "steueramt"), (result["transfer"]!["service"]!.GetValue<string>(), result["transfer"]!["department"]!.GetValue<string>()));
        var received = await ReceivedAsync(reference);
        Assert.Equal(("steueramt", "transfer", "hundesteuer"), (received.Department, received.Channel, received.Service));
        Assert.Equal(await app.QueryAsync<Guid?>("SELECT citizen_id FROM cases WHERE id = @caseId", new { caseId }), received.Citizen);

        var data = JsonNode.Parse(received.Data)!.AsObject();
        Assert.Equal(["bankverbindung", "halter", "hunde"], data.Select(p => p.Key).Order());
        Assert.Equal(["anschrift", "familienname", "geburtsdatum", "vornamen"], data["halter"]!.AsObject().Select(p => p.Key).Order());
        Assert.All(data["hunde"]!.AsArray(), dog => Assert.Empty(dog!.AsObject().Select(p => p.Key)
            .Except(["name", "rasse", "chipnummer", "listenhund", "haltungsbeginn", "herkunft", "steuerbefreiung", "befreiungsnachweis"])));
        Assert.Equal(["Bruno", "Luna"], data["hunde"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()));
        Assert.DoesNotContain("julia.schneider@example.org", received.Data, StringComparison.Ordinal);
        Assert.DoesNotContain("schokoladenbraun", received.Data, StringComparison.Ordinal);
        Assert.DoesNotContain("Zwinger vom Auenwald", received.Data, StringComparison.Ordinal);
        Assert.Equal("DE68740500000012345678", data["bankverbindung"]!["iban"]!.GetValue<string>());
    }

    [Fact]
    public async Task Documents_of_declared_file_fields_go_along_as_copies_and_other_documents_stay()
    {
        var (caseId, proof, insurance) = await RegistrationAsync("dokumente");

        var reference = (await TransferAsync(caseId, "job-transfer-dokumente"))!["transfer"]!["reference"]!.GetValue<string>();

        var received = await ReceivedAsync(reference);
        var copy = JsonNode.Parse(received.Data)!["hunde"]![0]!["befreiungsnachweis"]![0]!;
        var copyId = Guid.Parse(copy["id"]!.GetValue<string>());
        Assert.NotEqual(proof, copyId);
        Assert.Equal(("schwerbehindertenausweis.pdf", new string('a', 64), "hunde[0].befreiungsnachweis"),
            await app.QueryAsync<(string, string, string)>("SELECT file_name, sha256, field_path FROM case_documents WHERE id = @copyId AND case_id = @id", new { copyId, id = received.Id }));
        Assert.Equal(0, await app.QueryAsync<int>("SELECT count(*)::int FROM case_documents WHERE case_id = @id AND sha256 = @sha",
            new { id = received.Id, sha = new string('b', 64) }));
        Assert.DoesNotContain(insurance.ToString(), received.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_transfer_is_logged_in_both_cases_with_its_legal_basis()
    {
        var (caseId, _, _) = await RegistrationAsync("protokoll");

        var reference = (await TransferAsync(caseId, "job-transfer-protokoll"))!["transfer"]!["reference"]!.GetValue<string>();

        var received = await ReceivedAsync(reference);
        var sent = await app.QueryAsync<string>("SELECT purpose FROM audit_entries WHERE case_id = @caseId AND action = 'case.transferred'", new { caseId });
        var got = await app.QueryAsync<string>("SELECT purpose FROM audit_entries WHERE case_id = @id AND action = 'case.received'", new { id = received.Id });
        Assert.Contains("steueramt/hundesteuer", sent, StringComparison.Ordinal);
        Assert.Contains("Art. 3 KAG", sent, StringComparison.Ordinal);
        Assert.Contains("halter.familienname", sent, StringComparison.Ordinal);
        Assert.Contains("ordnungsamt/hundeanmeldung", got, StringComparison.Ordinal);
        Assert.Contains("Art. 3 KAG", got, StringComparison.Ordinal);
        var logged = await app.QueryAsync<(Guid From, Guid To, string[] Fields)>(
            "SELECT from_case_id, to_case_id, fields FROM case_transfers WHERE job_id = 'job-transfer-protokoll'");
        Assert.Equal((caseId, received.Id), (logged.From, logged.To));
        Assert.Contains("hunde.chipnummer", logged.Fields);
    }

    [Fact]
    public async Task A_transfer_job_that_runs_again_finds_its_case_instead_of_creating_a_second()
    {
        var (caseId, _, _) = await RegistrationAsync("wieder");

        var first = await TransferAsync(caseId, "job-transfer-wieder");
        var again = await TransferAsync(caseId, "job-transfer-wieder");

        Assert.Equal(first!.ToJsonString(), again!.ToJsonString());
        Assert.Equal(1, await app.QueryAsync<int>("SELECT count(*)::int FROM case_transfers WHERE job_id = 'job-transfer-wieder'"));
        Assert.Equal(1, await app.QueryAsync<int>("SELECT count(*)::int FROM audit_entries WHERE case_id = @caseId AND action = 'case.transferred'", new { caseId }));
    }

    [Fact]
    public async Task The_new_case_runs_the_tax_process_in_the_tax_office_and_the_public_order_office_does_not_see_it()
    {
        var (caseId, _, _) = await RegistrationAsync("sicht");
        var reference = (await TransferAsync(caseId, "job-transfer-sicht"))!["transfer"]!["reference"]!.GetValue<string>();
        var received = await ReceivedAsync(reference);

        var ordnungsamt = await SignedInAsync("ordnungsamt@musterstadt.example");
        var steueramt = await SignedInAsync("steueramt@musterstadt.example");
        var ordnungsamtTasks = await ordnungsamt.GetFromJsonAsync<JsonArray>("/api/v1/processes/tasks");
        var steueramtTasks = await steueramt.GetFromJsonAsync<JsonArray>("/api/v1/processes/tasks");

        Assert.Contains(steueramtTasks!, t => t!["instanceId"]!.GetValue<string>() == received.Instance && t["elementId"]!.GetValue<string>() == "Task_Befreiung");
        Assert.DoesNotContain(ordnungsamtTasks!, t => t!["instanceId"]!.GetValue<string>() == received.Instance);
        Assert.Equal(HttpStatusCode.NotFound, (await ordnungsamt.GetAsync($"/verwaltung/vorgaenge/{received.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await steueramt.GetAsync($"/verwaltung/vorgaenge/{received.Id}")).StatusCode);
        var inbox = await (await ordnungsamt.GetAsync("/verwaltung/aufgaben")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(reference, inbox, StringComparison.Ordinal);
    }

    private Task<HttpClient> SignedInAsync(string email) => app.StaffClientAsync(email);
}
