using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Tongban.IntegrationTests;

/// <summary>Admins edit the consultation hotline per department and per service point; the next stage SMS carries it.</summary>
public abstract class HotlineAdminTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private async Task<string> StageSmsTextAsync(HttpClient clerk)
    {
        var mobile = Citizens.NewMobile();
        var number = await Scenario.SubmitImmediateAsync(App, clerk, mobile);
        string text = "";
        await App.WithDbAsync(async db => text = await db.OutboxMessages.Where(m => m.CaseNumber == number).OrderByDescending(m => m.Id).Select(m => m.Text).FirstAsync(Ct));
        return text;
    }

    private async Task<string> DepartmentOfImmediateItemAsync()
    {
        var code = await Scenario.ImmediateItemAsync(App);
        string department = "";
        await App.WithDbAsync(async db => department = await db.ItemVersions.Where(i => i.Code == code && i.Status == Tongban.Modules.Catalog.ItemVersionStatus.Published)
            .Select(i => i.DepartmentCode).FirstAsync(Ct));
        return department;
    }

    [Fact]
    public async Task An_admin_changes_a_department_hotline_and_the_next_stage_SMS_carries_it_and_the_change_is_audited()
    {
        var admin = await App.LoginAsync("admin");
        var clerk = await App.LoginAsync("clerk");
        var department = await DepartmentOfImmediateItemAsync();

        var list = await GetJson(admin, "/api/admin/hotlines");
        Assert.Equal("12345", list.GetProperty("fallback").GetString());
        Assert.Contains(list.GetProperty("departments").EnumerateArray(), d => d.GetProperty("code").GetString() == department);
        Assert.Contains(list.GetProperty("servicePoints").EnumerateArray(), p => p.GetProperty("code").GetString() == "350505-C");

        var saved = await Json(await admin.PutAsJsonAsync($"/api/admin/hotlines/departments/{department}", new { hotline = "0595 8778 2299" }, Ct));
        Assert.Equal("059587782299", saved.GetProperty("hotline").GetString());
        Assert.Contains("咨询电话059587782299", await StageSmsTextAsync(clerk), StringComparison.Ordinal);

        // Cleared: the receiving service point's number, once an admin has set one.
        await Json(await admin.PutAsJsonAsync("/api/admin/hotlines/service-points/350505-C", new { hotline = "0595-87781234" }, Ct));
        await Json(await admin.PutAsJsonAsync($"/api/admin/hotlines/departments/{department}", new { hotline = (string?)null }, Ct));
        Assert.Contains("咨询电话0595-87781234", await StageSmsTextAsync(clerk), StringComparison.Ordinal);
        var shown = await GetJson(admin, "/api/admin/hotlines");
        Assert.Equal(JsonValueKindNull, shown.GetProperty("departments").EnumerateArray().Single(d => d.GetProperty("code").GetString() == department).GetProperty("hotline").ValueKind);

        await App.WithDbAsync(async db =>
        {
            var entries = await db.AuditEntries.Where(e => e.Stream == "org:department:" + department && e.Action == "org.hotline_save").OrderBy(e => e.Sequence).ToListAsync(Ct);
            Assert.Equal(2, entries.Count);
            Assert.Contains("059587782299", entries[0].Summary, StringComparison.Ordinal);
            Assert.Contains("清除", entries[1].Summary, StringComparison.Ordinal);
            Assert.Single(await db.AuditEntries.Where(e => e.Stream == "org:service-point:350505-C" && e.Action == "org.hotline_save").ToListAsync(Ct));
        });
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task A_bad_number_is_400_naming_the_field_unknown_codes_are_404_and_only_admins_may_edit()
    {
        var admin = await App.LoginAsync("admin");
        var department = await DepartmentOfImmediateItemAsync();
        var bad = await ProblemAssert.IsValidation(await admin.PutAsJsonAsync($"/api/admin/hotlines/departments/{department}", new { hotline = "87781100" }, Ct), "hotline");
        Assert.Contains("咨询电话格式不正确", bad.GetRawText(), StringComparison.Ordinal);
        await ProblemAssert.IsValidation(await admin.PutAsJsonAsync("/api/admin/hotlines/service-points/350505-C", new { hotline = "tel:12345<script>" }, Ct), "hotline");
        await ProblemAssert.IsProblem(await admin.PutAsJsonAsync("/api/admin/hotlines/departments/NOPE", new { hotline = "12345" }, Ct), HttpStatusCode.NotFound, "org.department_not_found");
        await ProblemAssert.IsProblem(await admin.PutAsJsonAsync("/api/admin/hotlines/service-points/NOPE", new { hotline = "12345" }, Ct), HttpStatusCode.NotFound, "org.service_point_not_found");

        var clerk = await App.LoginAsync("clerk");
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/admin/hotlines", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PutAsJsonAsync($"/api/admin/hotlines/departments/{department}", new { hotline = "12345" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/api/admin/hotlines", Ct)).StatusCode);
    }
}

public sealed class SqliteHotlineAdminTests(SqliteApp app) : HotlineAdminTests<SqliteApp>(app);

public sealed class PostgresHotlineAdminTests(PostgresApp app) : HotlineAdminTests<PostgresApp>(app);
