using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Catalog;
using Tongban.Modules.Identity;

namespace Tongban.IntegrationTests;

/// <summary>Shared steps of the consultation and complaint tests: a second department's reviewer, anonymous askers with SMS codes.</summary>
internal static class InteractionFixtures
{
    public const string OtherReviewer = "reviewer-interaction";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The demo reviewer's department and an item of it; another department, with a reviewer of its own.</summary>
    public static async Task<(string Department, string Item, string OtherDepartment)> DepartmentsAsync(TongbanAppFactory app)
    {
        (string, string, string) found = default;
        await app.WithDbAsync(async db =>
        {
            var department = await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.DepartmentCode).FirstAsync(Ct);
            var item = await db.ItemVersions.Where(i => i.Status == ItemVersionStatus.Published && i.DepartmentCode == department).OrderBy(i => i.Id).Select(i => i.Code).FirstAsync(Ct);
            var other = await db.Departments.Where(d => d.Code != department).OrderBy(d => d.Id).Select(d => d.Code).FirstAsync(Ct);
            if (!await db.StaffUsers.AnyAsync(u => u.Username == OtherReviewer, Ct))
            {
                var user = new StaffUser { Username = OtherReviewer, Name = "林志强", Roles = [StaffRoles.Reviewer], DepartmentCode = other };
                user.PasswordHash = StaffLogin.HashPassword(user, "Demo#2026");
                db.StaffUsers.Add(user);
                await db.SaveChangesAsync(Ct);
            }
            found = (department!, item, other);
        });
        return found;
    }

    public static HttpClient Anonymous(TongbanAppFactory app) => app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

    /// <summary>
    /// A fresh SMS code for the number (a minute after the last, as the per-number limit wants), asked for the purpose
    /// the portal names; the SMS says what it is for and never calls itself a login code.
    /// </summary>
    public static async Task<string> CodeForAsync(TongbanAppFactory app, string mobile, string purpose = "consultation")
    {
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await Citizens.SendCodeAsync(Anonymous(app), mobile, purpose);
        var text = await Citizens.LastCodeTextAsync(app, mobile, purpose + ".otp");
        Assert.Contains(purpose == "consultation" ? "咨询验证码为" : "您正在提交投诉建议，验证码为", text);
        Assert.DoesNotContain("登录", text);
        return await Citizens.LastCodeAsync(app, mobile, purpose + ".otp");
    }

    public static async Task<string> CreatedNumberAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("number").GetString()!;
    }

    public static async Task<List<string>> NumbersAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        var root = JsonDocument.Parse(text).RootElement;
        var items = root.ValueKind == JsonValueKind.Array ? root : root.GetProperty("items");
        return [.. items.EnumerateArray().Select(i => i.GetProperty("number").GetString()!)];
    }

    public static async Task<List<(string Event, string Text)>> MessagesToAsync(TongbanAppFactory app, string mobile)
    {
        var index = PersonalData.BlindIndex(mobile);
        List<(string, string)> messages = [];
        await app.WithDbAsync(async db => messages = [.. (await db.OutboxMessages.Where(m => m.RecipientIndex == index).OrderBy(m => m.Id)
            .Select(m => new { m.Event, m.Text }).ToListAsync(Ct)).Select(m => (m.Event, m.Text))]);
        return messages;
    }

    /// <summary>Moves the fake clock forward to a Beijing time (never back: the fixture's clock is shared by the class).</summary>
    public static void MoveTo(TongbanAppFactory app, DateTimeOffset beijing)
    {
        var utc = beijing.ToUniversalTime();
        if (utc > app.Clock.GetUtcNow()) app.Clock.SetUtcNow(utc);
    }

    public static DateTimeOffset Beijing(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, TimeSpan.FromHours(8));
}
