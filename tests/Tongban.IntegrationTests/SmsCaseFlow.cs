using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Modules.Catalog;

namespace Tongban.IntegrationTests;

/// <summary>An immediate case (即办件) submitted and completed at the window for a given mobile: two stage SMS, the second a completion.</summary>
internal static class SmsCaseFlow
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<string> ImmediateItemAsync(TongbanAppFactory app)
    {
        var code = "";
        await app.WithDbAsync(async db => code = await db.ItemVersions
            .Where(i => i.Status == ItemVersionStatus.Published && i.CaseKind == CaseKind.Immediate && i.ForPersons && !i.Materials.Any(m => m.Necessity != Necessity.Optional && m.Code != "M01"))
            .OrderBy(i => i.Id).Select(i => i.Code).FirstAsync(Ct));
        return code;
    }

    public static async Task<string> SubmitAsync(TongbanAppFactory app, HttpClient clerk, string mobile, string? idNumber = null, string name = "郑海燕")
    {
        var body = new
        {
            itemCode = await ImmediateItemAsync(app), channel = "window",
            applicant = new { kind = "person", name, idNumber = idNumber ?? TestData.ValidIdNumber, mobile },
            materials = new[] { new { requirementCode = "M01" } },
        };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await clerk.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("caseNumber").GetString()!;
    }

    public static async Task CompleteAsync(HttpClient clerk, string number)
    {
        var response = await clerk.PostAsJsonAsync($"/api/cases/{number}/complete", new { delivery = new { method = "pickup" } }, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    public static async Task<JsonElement> NotificationsAsync(HttpClient staff, string number)
    {
        var text = await staff.GetStringAsync($"/api/cases/{number}", Ct);
        return JsonDocument.Parse(text).RootElement.GetProperty("notifications");
    }
}
