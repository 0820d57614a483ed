using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Tongban.IntegrationTests;

/// <summary>Kiosk devices for tests: an admin issues a code, the device enrols, a client sends its token (and a session's).</summary>
internal static class Kiosks
{
    public static async Task<string> EnrolAsync(TongbanAppFactory app, string kioskCode, CancellationToken ct)
    {
        var admin = await app.LoginAsync("admin");
        var issued = await Scenario.Json(await admin.PostAsync($"/api/admin/kiosks/{kioskCode}/enrolment", null, ct));
        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var enrolled = await anonymous.PostAsJsonAsync("/api/kiosk/enrol", new { kioskCode, enrolmentCode = issued.GetProperty("enrolmentCode").GetString() }, ct);
        if (enrolled.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"enrol {kioskCode}: {(int)enrolled.StatusCode}");
        return (await Scenario.Json(enrolled)).GetProperty("deviceToken").GetString()!;
    }

    public static HttpClient Device(TongbanAppFactory app, string deviceToken, string? sessionToken = null)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("X-Kiosk-Device", deviceToken);
        if (sessionToken is not null) client.DefaultRequestHeaders.Add("X-Kiosk-Session", sessionToken);
        return client;
    }

    public static async Task<string> StartSessionAsync(HttpClient device, string idNumber, string name, CancellationToken ct)
    {
        var response = await device.PostAsJsonAsync("/api/kiosk/sessions", new { idNumber, name, validUntil = "2040-01-01" }, ct);
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"session: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        return (await Scenario.Json(response)).GetProperty("sessionToken").GetString()!;
    }
}
