using System.Text.Json.Nodes;
using Rathaus.CatalogModule;
using Rathaus.Tests.Catalog;
using Rathaus.Tests.Portal;

namespace Rathaus.Tests.Transfers;

/// <summary>What a package may declare about passing data on (service.json <c>transfers</c>) and about being an internal procedure.</summary>
public sealed class TransferDeclarationTests
{
    private static JsonObject Transfer(string service, params string[] fields) => new()
    {
        ["to"] = "steueramt",
        ["service"] = service,
        ["fields"] = new JsonArray([.. fields.Select(f => (JsonNode)f)]),
        ["legalBasis"] = TestPackage.Text("Art. 3 KAG", "Art. 3 KAG"),
    };

    [Fact]
    public void A_declared_transfer_of_form_fields_is_read_with_its_fields_and_legal_basis()
    {
        var package = new TestPackage("transfer-gut").Set("transfers", new JsonArray(Transfer("hundesteuer", "person.name")));

        var read = ServicePackageReader.Read(package.WriteFolder());

        var transfer = Assert.Single(read.Service.Transfers);
        Assert.Equal(("steueramt", "hundesteuer", "Art. 3 KAG"), (transfer.To, transfer.Service, transfer.LegalBasis.De));
        Assert.Equal(["person.name"], transfer.Fields);
    }

    [Fact]
    public void A_transfer_naming_fields_the_form_does_not_have_or_lacking_its_legal_basis_is_refused_with_each_problem()
    {
        var transfer = Transfer("hundesteuer", "person.name", "person.geburtsdatum", "hunde.farbe", "person", "person.name");
        transfer.Remove("legalBasis");
        var package = new TestPackage("transfer-falsch").Set("transfers", new JsonArray(transfer, Transfer("transfer-falsch", "person.name")));

        var error = Assert.Throws<ServicePackageException>(() => ServicePackageReader.Read(package.WriteFolder()));

        Assert.Contains(error.Problems, p => p.Location == "$.transfers[0].legalBasis" && p.Message.StartsWith("is missing", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Location == "$.transfers[0].fields[3]" && p.Message.Contains("not a field path", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Location == "$.transfers[0].fields[4]" && p.Message.Contains("twice", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Location == "$.transfers[1].service" && p.Message.Contains("itself", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Problems, p => p.Location == "$.transfers[0].fields[1]");
    }

    [Fact]
    public void Transfer_fields_are_checked_against_the_form_once_service_json_is_valid()
    {
        var package = new TestPackage("transfer-form").Set("transfers", new JsonArray(Transfer("hundesteuer", "person.name", "person.geburtsdatum", "hunde.farbe")));

        var error = Assert.Throws<ServicePackageException>(() => ServicePackageReader.Read(package.WriteFolder()));

        Assert.Equal(["$.transfers[0].fields[1]", "$.transfers[0].fields[2]"], error.Problems.Select(p => p.Location));
        Assert.All(error.Problems, p => Assert.Contains("is no field of form.json", p.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void An_information_only_entry_cannot_declare_transfers()
    {
        var package = new TestPackage("transfer-info", online: false).Set("transfers", new JsonArray(Transfer("hundesteuer", "person.name")));

        var error = Assert.Throws<ServicePackageException>(() => ServicePackageReader.Read(package.WriteFolder()));

        Assert.Contains(error.Problems, p => p.Location == "$.transfers" && p.Message.Contains("no procedure", StringComparison.Ordinal));
    }

    [Fact]
    public void An_internal_procedure_has_a_form_and_a_process_but_takes_no_online_application()
    {
        var package = new TestPackage("intern-gut").Set("onlineApplication", false).Set("internal", true);

        var read = ServicePackageReader.Read(package.WriteFolder());

        Assert.True(read.Service.Internal);
        Assert.False(read.Service.HandledElsewhere);
        Assert.NotNull(read.FormJson);
        Assert.Equal("intern_gut", read.ProcessId);
    }

    [Fact]
    public void An_internal_procedure_that_also_takes_applications_or_lacks_its_process_is_refused()
    {
        var both = new TestPackage("intern-beides").Set("internal", true);
        var noProcess = new TestPackage("intern-ohne").Set("onlineApplication", false).Set("internal", true);
        noProcess.Files.Remove("process.bpmn");

        var bothError = Assert.Throws<ServicePackageException>(() => ServicePackageReader.Read(both.WriteFolder()));
        var noProcessError = Assert.Throws<ServicePackageException>(() => ServicePackageReader.Read(noProcess.WriteFolder()));

        Assert.Contains(bothError.Problems, p => p.Location == "$.internal");
        Assert.Contains(noProcessError.Problems, p => p.File == "process.bpmn" && p.Message.Contains("internal is true", StringComparison.Ordinal));
    }

    [Fact]
    public void The_shipped_dog_registration_passes_on_only_fields_the_dog_tax_procedure_takes()
    {
        var registration = ServicePackageReader.Read(Path.Combine(ShippedServices.Root, "hundeanmeldung"));
        var tax = ServicePackageReader.Read(Path.Combine(ShippedServices.Root, "hundesteuer"));
        var taxForm = Rathaus.Forms.FormDefinition.Parse(tax.FormJson!);

        var transfer = Assert.Single(registration.Service.Transfers);
        Assert.Equal((tax.Service.Id, tax.Service.Department), (transfer.Service, transfer.To));
        Assert.True(tax.Service.Internal);
        Assert.All(transfer.Fields, f => Assert.NotNull(taxForm.FindField(f)));
        Assert.DoesNotContain("halter.telefon", transfer.Fields);
        Assert.DoesNotContain("halter.email", transfer.Fields);
        Assert.DoesNotContain("hunde.versicherungsnachweis", transfer.Fields);
    }
}
