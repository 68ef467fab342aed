using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Platform.Tenancy;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Portal;

namespace Rathaus.Tests.Workbench;

/// <summary>A submitted application as the workbench tests use it.</summary>
internal sealed record SubmittedCase(Guid Id, string Reference, string InstanceId);

/// <summary>Applications submitted by a citizen, staff signed in to the workbench, and the tasks between them.</summary>
internal static class Casework
{
    public const string Password = "Demo-Passwort-2026";

    private static readonly SemaphoreSlim Staff = new(1, 1);

    /// <summary>Submits the service's valid example (with real uploads) through the submissions API as the demo citizen.</summary>
    public static async Task<SubmittedCase> SubmitAsync(RathausApp app, string serviceId)
    {
        var client = await Applicants.SignedInAsync(app, serviceId);
        var (data, files) = ShippedServices.WithUploads(ShippedServices.Valid(serviceId));
        var content = new MultipartFormDataContent { { new StringContent(new JsonObject { ["data"] = data }.ToJsonString(), Encoding.UTF8, "application/json"), "data" } };
        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            content.Add(part, file.Field, file.FileName);
        }
        var response = await client.PostAsync($"/api/v1/services/{serviceId}/submissions", content);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var reference = (await response.Content.ReadFromJsonAsync<JsonObject>())!["reference"]!.GetValue<string>();
        var (id, instance) = await app.QueryAsync<(Guid, string)>("SELECT id, process_instance_id FROM cases WHERE reference = @reference", new { reference });
        return new SubmittedCase(id, reference, instance);
    }

    /// <summary>The open task of the case at the element, or null.</summary>
    public static Task<string?> OpenTaskAsync(RathausApp app, SubmittedCase c, string elementId) =>
        app.QueryAsync<string?>("""
            SELECT (SELECT id FROM process_user_tasks WHERE instance_id = @instance AND element_id = @elementId AND status = 'open')
            """, new { instance = c.InstanceId, elementId });

    /// <summary>A browser signed in to the workbench of Musterstadt.</summary>
    public static async Task<HttpClient> SignInAsync(RathausApp app, string email)
    {
        var client = app.ClientFor();
        var response = await client.SubmitAsync("/verwaltung/anmelden", new Dictionary<string, string> { ["Email"] = email, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Adds a member of staff to Musterstadt once per test database (the demo has one caseworker per department).</summary>
    public static async Task EnsureStaffAsync(RathausApp app, string email, string name, string[] roles, string[] departments)
    {
        await Staff.WaitAsync();
        try
        {
            if (await app.QueryAsync<int>("SELECT count(*)::int FROM staff_accounts WHERE email = @email", new { email }) == 0)
            {
                await app.Services.GetRequiredService<TenantAdministration>().AddStaffAsync("musterstadt", email, name, Password, roles, departments);
            }
        }
        finally
        {
            Staff.Release();
        }
    }

    public static Task<Guid> StaffIdAsync(RathausApp app, string email) =>
        app.QueryAsync<Guid>("SELECT id FROM staff_accounts WHERE email = @email", new { email });

    /// <summary>The signed-in person's antiforgery token, from the workbench's start page (its sign-out form).</summary>
    public static async Task<string> TokenAsync(this HttpClient client) =>
        (await client.GetPageAsync("/verwaltung")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

    /// <summary>Posts one of the page's POST forms (the one whose action contains <paramref name="actionPart"/>) with its hidden inputs and the values.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, IHtmlDocument page, string actionPart,
        IEnumerable<KeyValuePair<string, string>>? values = null)
    {
        var form = page.Forms.First(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase)
            && (f.GetAttribute("action") ?? "").Contains(actionPart, StringComparison.Ordinal));
        var fields = form.Elements.OfType<IHtmlInputElement>()
            .Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name))
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value))
            .Concat(values ?? [])
            .ToList();
        return client.PostAsync(form.GetAttribute("action")!, new FormUrlEncodedContent(fields));
    }
}
