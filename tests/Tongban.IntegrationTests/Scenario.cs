using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Modules.Catalog;

namespace Tongban.IntegrationTests;

/// <summary>
/// The steps many tests take on their way to what they check — a clerk files a case at the window, acts on it, a
/// 即办件 is submitted and completed — written once. `using static Tongban.IntegrationTests.Scenario;` makes them read
/// like the test's own (<c>await SubmitAsync(clerk, item, materials)</c>, <c>await Act(reviewer, number, "review", …)</c>).
/// </summary>
internal static class Scenario
{
    /// <summary>The applicant of most scripted cases.</summary>
    public const string ApplicantName = "郑海燕";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The body of a 2xx response as JSON; anything else fails the test with the status and the body.</summary>
    public static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static Task<HttpResponseMessage> PostJson(HttpClient client, string url, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request, Ct);
    }

    /// <summary>
    /// POST /api/cases for a person (a fresh Idempotency-Key): the answer as it comes, for tests that check a refusal.
    /// Only the fields given are sent; <paramref name="materials"/> are requirement codes handed in on paper.
    /// </summary>
    public static Task<HttpResponseMessage> PostCaseAsync(HttpClient clerk, string itemCode, IEnumerable<string>? materials = null,
        string name = ApplicantName, string idNumber = TestData.ValidIdNumber, string mobile = TestData.ValidMobile,
        string channel = "window", string? windowCode = null, object? form = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["itemCode"] = itemCode,
            ["channel"] = channel,
            ["applicant"] = new { kind = "person", name, idNumber, mobile },
        };
        if (windowCode is not null) body["windowCode"] = windowCode;
        if (form is not null) body["form"] = form;
        if (materials is not null) body["materials"] = materials.Select(m => new { requirementCode = m }).ToArray();
        return PostJson(clerk, "/api/cases", body, Guid.NewGuid().ToString());
    }

    /// <summary>Files a case as <see cref="PostCaseAsync"/> does, insists it was taken, and returns its number.</summary>
    public static async Task<string> SubmitAsync(HttpClient clerk, string itemCode, IEnumerable<string>? materials = null,
        string name = ApplicantName, string idNumber = TestData.ValidIdNumber, string mobile = TestData.ValidMobile,
        string channel = "window", string? windowCode = null, object? form = null) =>
        (await Json(await PostCaseAsync(clerk, itemCode, materials, name, idNumber, mobile, channel, windowCode, form)))
            .GetProperty("caseNumber").GetString()!;

    /// <summary>Files a case at the window and accepts it (受理).</summary>
    public static async Task<string> SubmitAndAcceptAsync(HttpClient clerk, string itemCode, IEnumerable<string> materials)
    {
        var number = await SubmitAsync(clerk, itemCode, materials);
        await Act(clerk, number, "accept", new { });
        return number;
    }

    /// <summary>POST /api/cases/{number}/{verb} (accept, review, complete, …); the case as it is afterwards.</summary>
    public static async Task<JsonElement> Act(HttpClient client, string number, string verb, object body) =>
        await Json(await PostJson(client, $"/api/cases/{number}/{verb}", body));

    /// <summary>办结 with the result picked up at the window.</summary>
    public static Task<JsonElement> CompleteForPickupAsync(HttpClient clerk, string number) =>
        Act(clerk, number, "complete", new { delivery = new { method = "pickup" } });

    /// <summary>The first published 承诺件 for persons of the demo reviewer's department, with its required materials.</summary>
    public static async Task<(string Code, string[] Materials)> ReviewerDepartmentItemAsync(TongbanAppFactory app)
    {
        (string Code, string[] Materials) item = ("", []);
        await app.WithDbAsync(async db =>
        {
            var department = await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.DepartmentCode).FirstAsync(Ct);
            var version = await db.ItemVersions.Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && i.CaseKind == CaseKind.Promised && i.DepartmentCode == department)
                .OrderBy(i => i.Id).FirstAsync(Ct);
            item = (version.Code, [.. version.Materials.Where(m => m.Necessity != Necessity.Optional).Select(m => m.Code)]);
        });
        return item;
    }

    /// <summary>The first published 即办件 for persons that needs nothing but the ID card (M01).</summary>
    public static async Task<string> ImmediateItemAsync(TongbanAppFactory app)
    {
        var code = "";
        await app.WithDbAsync(async db => code = await db.ItemVersions
            .Where(i => i.Status == ItemVersionStatus.Published && i.CaseKind == CaseKind.Immediate && i.ForPersons && !i.Materials.Any(m => m.Necessity != Necessity.Optional && m.Code != "M01"))
            .OrderBy(i => i.Id).Select(i => i.Code).FirstAsync(Ct));
        return code;
    }

    /// <summary>
    /// A 即办件 filed at the window for <paramref name="mobile"/> with the ID card handed in; completing it
    /// (<see cref="CompleteForPickupAsync"/>) makes its second stage SMS, the completion.
    /// </summary>
    public static async Task<string> SubmitImmediateAsync(TongbanAppFactory app, HttpClient clerk, string mobile, string? idNumber = null, string name = ApplicantName) =>
        await SubmitAsync(clerk, await ImmediateItemAsync(app), ["M01"], name, idNumber ?? TestData.ValidIdNumber, mobile);

    /// <summary>The case's notifications as staff see them.</summary>
    public static async Task<JsonElement> NotificationsAsync(HttpClient staff, string number)
    {
        var text = await staff.GetStringAsync($"/api/cases/{number}", Ct);
        return JsonDocument.Parse(text).RootElement.GetProperty("notifications");
    }
}
