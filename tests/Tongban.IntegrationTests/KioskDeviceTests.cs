using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Tongban.IntegrationTests;

/// <summary>Issue 17: the kiosk as an enrolled device, its heartbeat, and a citizen's card session at it.</summary>
public abstract class KioskDeviceTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private HttpClient Anonymous() => App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

    [Fact]
    public async Task An_enrolled_kiosk_beats_and_shows_online_and_its_code_works_once()
    {
        var admin = await App.LoginAsync("admin");
        var issued = await Json(await admin.PostAsync("/api/admin/kiosks/K01/enrolment", null, Ct));
        var code = issued.GetProperty("enrolmentCode").GetString()!;
        Assert.True(issued.GetProperty("expiresAt").GetDateTimeOffset() <= App.Clock.GetUtcNow().AddHours(24));
        var enrolled = await Anonymous().PostAsJsonAsync("/api/kiosk/enrol", new { kioskCode = "K01", enrolmentCode = code }, Ct);
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        var token = (await Json(enrolled)).GetProperty("deviceToken").GetString()!;
        await ProblemAssert.IsValidation(await Anonymous().PostAsJsonAsync("/api/kiosk/enrol", new { kioskCode = "K01", enrolmentCode = code }, Ct), "enrolmentCode");

        var device = Kiosks.Device(App, token);
        Assert.Equal(HttpStatusCode.NoContent, (await device.PostAsJsonAsync("/api/kiosk/heartbeat",
            new { printer = "paperLow", scanner = "ok", cardReader = "ok", network = "ok" }, Ct)).StatusCode);
        await ProblemAssert.IsValidation(await device.PostAsJsonAsync("/api/kiosk/heartbeat", new { printer = "empty" }, Ct), "printer");

        var k01 = (await GetJson(admin, "/api/kiosks")).EnumerateArray().Single(k => k.GetProperty("code").GetString() == "K01");
        Assert.True(k01.GetProperty("online").GetBoolean());
        Assert.Equal(["printer:paperLow"], k01.GetProperty("faults").EnumerateArray().Select(f => f.GetString()));
        // The big screen's kiosk panel (an analyst's figures) counts it online too (other tests of the class enrol others).
        var analyst = await App.LoginAsync("analyst");
        async Task<string[]> OnlineOnScreen() => [.. (await GetJson(analyst, "/api/stats/kiosks")).EnumerateArray()
            .Where(k => k.GetProperty("online").GetBoolean()).Select(k => k.GetProperty("kioskCode").GetString()!)];
        Assert.Contains("K01", await OnlineOnScreen());
        App.Clock.Advance(TimeSpan.FromMinutes(3));
        k01 = (await GetJson(admin, "/api/kiosks")).EnumerateArray().Single(k => k.GetProperty("code").GetString() == "K01");
        Assert.False(k01.GetProperty("online").GetBoolean());
        Assert.DoesNotContain("K01", await OnlineOnScreen());

        // Every device action is in the kiosk's own audit stream.
        await App.WithDbAsync(async db => Assert.Equal(["kiosk.enrolment_issued", "kiosk.enrolled", "kiosk.health_changed"],
            await db.AuditEntries.Where(e => e.Stream == "kiosk:K01").OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync(Ct)));
    }

    [Fact]
    public async Task A_kiosk_silent_for_3_minutes_or_out_of_paper_is_texted_to_its_points_staff_once()
    {
        // A login first: the app starts (and loads its data) before the test reads its services.
        var admin = await App.LoginAsync("admin");
        var calendar = await App.Services.GetRequiredService<Tongban.Modules.Calendar.CalendarService>().GetAsync(Ct);
        var hours = App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Tongban.Modules.Supervision.SupervisionOptions>>().Value.Hours;
        // Office hours for the next quarter of an hour (the test's clock starts at 09:30 on a working Monday).
        while (!hours.IsWorkingMoment(calendar, App.Clock.GetUtcNow()) || !hours.IsWorkingMoment(calendar, App.Clock.GetUtcNow().AddMinutes(15)))
            App.Clock.Advance(TimeSpan.FromMinutes(15));
        var mobile = Citizens.NewMobile();
        string point = "";
        await App.WithDbAsync(async db =>
        {
            point = (await db.Kiosks.SingleAsync(k => k.Code == "K08", Ct)).ServicePointCode!;
            var onDuty = await db.StaffUsers.Where(u => u.IsActive && u.ServicePointCode == point).OrderBy(u => u.Id).FirstAsync(Ct);
            onDuty.Mobile = mobile;
            await db.SaveChangesAsync(Ct);
        });
        var device = Kiosks.Device(App, await Kiosks.EnrolAsync(App, "K08", Ct));
        Assert.Equal(HttpStatusCode.NoContent, (await device.PostAsJsonAsync("/api/kiosk/heartbeat", new { printer = "ok" }, Ct)).StatusCode);
        var watcher = App.Services.GetRequiredService<Tongban.Modules.Kiosks.KioskWatcher>();

        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await watcher.ScanAsync(Ct);
        Assert.Equal(0, await AlertsTo(mobile));

        App.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await watcher.ScanAsync(Ct) >= 1);
        Assert.Equal(1, await AlertsTo(mobile));
        await watcher.ScanAsync(Ct);
        Assert.Equal(1, await AlertsTo(mobile));

        // Back, but out of paper: a new alert once the heartbeat says so.
        Assert.Equal(HttpStatusCode.NoContent, (await device.PostAsJsonAsync("/api/kiosk/heartbeat", new { printer = "paperOut" }, Ct)).StatusCode);
        Assert.True(await watcher.ScanAsync(Ct) >= 1);
        Assert.Equal(2, await AlertsTo(mobile));
        await App.WithDbAsync(async db => Assert.Contains((await db.OutboxMessages.Where(m => m.Event == "kiosk.alert").ToListAsync(Ct)).Select(m => m.Text),
            t => t.Contains("K08", StringComparison.Ordinal) && t.Contains("打印纸已用完", StringComparison.Ordinal)));
    }

    private async Task<int> AlertsTo(string mobile)
    {
        var count = 0;
        var index = Tongban.Infrastructure.Security.PersonalData.BlindIndex(mobile);
        await App.WithDbAsync(async db => count = (await db.OutboxMessages.Where(m => m.RecipientIndex == index && m.Event == "kiosk.alert").ToListAsync(Ct))
            .Count(m => m.Text.Contains("K08", StringComparison.Ordinal)));
        return count;
    }

    [Fact]
    public async Task An_expired_enrolment_code_is_refused_naming_the_field()
    {
        var admin = await App.LoginAsync("admin");
        var code = (await Json(await admin.PostAsync("/api/admin/kiosks/K02/enrolment", null, Ct))).GetProperty("enrolmentCode").GetString();
        App.Clock.Advance(TimeSpan.FromHours(24));
        await ProblemAssert.IsValidation(await Anonymous().PostAsJsonAsync("/api/kiosk/enrol", new { kioskCode = "K02", enrolmentCode = code }, Ct), "enrolmentCode");
    }

    [Fact]
    public async Task Revoking_a_device_refuses_its_token_and_its_sessions_at_the_next_request()
    {
        var token = await Kiosks.EnrolAsync(App, "K03", Ct);
        var session = await Kiosks.StartSessionAsync(Kiosks.Device(App, token), Citizens.NewIdNumber(), "林小红", Ct);
        var person = Kiosks.Device(App, token, session);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/api/me/cases", Ct)).StatusCode);

        var admin = await App.LoginAsync("admin");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/admin/kiosks/K03/enrolment", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.GetAsync("/api/me/cases", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Kiosks.Device(App, token).PostAsJsonAsync("/api/kiosk/heartbeat", new { printer = "ok" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_device_token_opens_no_staff_admin_or_citizen_endpoint()
    {
        var device = Kiosks.Device(App, await Kiosks.EnrolAsync(App, "K04", Ct));
        Assert.Equal(HttpStatusCode.Forbidden, (await device.GetAsync("/api/cases", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await device.GetAsync("/api/kiosks", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await device.PostAsync("/api/admin/kiosks/K04/enrolment", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await device.GetAsync("/api/me/cases", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_session_ends_after_60_seconds_without_a_request_and_on_card_removal()
    {
        var token = await Kiosks.EnrolAsync(App, "K05", Ct);
        var person = Kiosks.Device(App, token, await Kiosks.StartSessionAsync(Kiosks.Device(App, token), Citizens.NewIdNumber(), "王五", Ct));
        App.Clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/api/me/cases", Ct)).StatusCode);
        // Sliding: 50 s after the last request is still within the minute; 60 s is not.
        App.Clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/api/me/cases", Ct)).StatusCode);
        App.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.GetAsync("/api/me/cases", Ct)).StatusCode);

        var next = Kiosks.Device(App, token, await Kiosks.StartSessionAsync(Kiosks.Device(App, token), Citizens.NewIdNumber(), "赵六", Ct));
        // Bound to its device: the same session token on another kiosk is refused.
        var elsewhere = Kiosks.Device(App, await Kiosks.EnrolAsync(App, "K09", Ct), next.DefaultRequestHeaders.GetValues("X-Kiosk-Session").Single());
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("/api/me/cases", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await next.DeleteAsync("/api/kiosk/sessions/current", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await next.GetAsync("/api/me/cases", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_expired_card_or_a_bad_check_digit_is_refused_naming_the_field()
    {
        var device = Kiosks.Device(App, await Kiosks.EnrolAsync(App, "K06", Ct));
        var id = Citizens.NewIdNumber();
        await ProblemAssert.IsValidation(await device.PostAsJsonAsync("/api/kiosk/sessions", new { idNumber = id, name = "王五", validUntil = "2020-01-01" }, Ct), "validUntil");
        var wrongCheck = id[..17] + (id[17] == '0' ? '1' : '0');
        await ProblemAssert.IsValidation(await device.PostAsJsonAsync("/api/kiosk/sessions", new { idNumber = wrongCheck, name = "王五" }, Ct), "idNumber");
        var started = await Json(await device.PostAsJsonAsync("/api/kiosk/sessions", new { idNumber = id, name = "王五", validUntil = "2040-01-01" }, Ct));
        Assert.Equal("王*", started.GetProperty("person").GetProperty("name").GetString());
        Assert.DoesNotContain(id, started.GetProperty("person").GetProperty("idNumber").GetString()!);

        // The whole card of someone born in 1950: the API's 2000–2100 rule for dates is not for birth dates.
        var elder = await device.PostAsJsonAsync("/api/kiosk/sessions", new
        {
            idNumber = Citizens.NewIdNumber(), name = "林阿婆", gender = "女", birthDate = "1950-03-07", address = "泉州市泉港区山腰街道",
            validUntil = (string?)null, issuer = "泉州市公安局泉港分局",
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, elder.StatusCode);
        await ProblemAssert.IsValidation(await device.PostAsJsonAsync("/api/kiosk/sessions", new { idNumber = Citizens.NewIdNumber(), name = "王五", birthDate = "1850-01-01" }, Ct), "birthDate");
    }

    [Fact]
    public async Task A_kiosk_application_is_received_at_the_kiosks_point_for_the_handling_department_and_only_its_person_sees_it()
    {
        string itemCode = "", requirement = "", kioskPoint = "", department = "";
        await App.WithDbAsync(async db =>
        {
            var item = await db.ItemVersions.Include(i => i.Materials).Where(i => i.Status == Tongban.Modules.Catalog.ItemVersionStatus.Published && i.ForPersons
                && i.Materials.Any()).ToListAsync(Ct);
            var chosen = item.First(i => i.Channels.HasFlag(Tongban.Modules.Catalog.Channels.Kiosk));
            (itemCode, requirement, department) = (chosen.Code, chosen.Materials.OrderBy(m => m.Code).First().Code, chosen.DepartmentCode);
            kioskPoint = (await db.Kiosks.SingleAsync(k => k.Code == "K07", Ct)).ServicePointCode!;
        });
        var token = await Kiosks.EnrolAsync(App, "K07", Ct);
        var a = Kiosks.Device(App, token, await Kiosks.StartSessionAsync(Kiosks.Device(App, token), Citizens.NewIdNumber(), "林甲", Ct));
        var scan = await Citizens.UploadAsync(a, Citizens.Pdf(), "扫描件.pdf");
        var response = await PostJson(a, "/api/cases", new { itemCode, channel = "kiosk", applicant = new { mobile = Citizens.NewMobile() },
            materials = new[] { new { requirementCode = requirement, fileId = scan } } }, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await Json(response);
        var number = created.GetProperty("caseNumber").GetString()!;
        Assert.Equal("kiosk", created.GetProperty("channel").GetString());
        Assert.Equal(kioskPoint, created.GetProperty("servicePointCode").GetString());
        Assert.Equal(department, created.GetProperty("departmentCode").GetString());
        Assert.Equal("林*", created.GetProperty("applicant").GetProperty("name").GetString());
        await App.WithDbAsync(async db => Assert.Equal("K07", (await db.Cases.SingleAsync(c => c.Number == number, Ct)).KioskCode));
        Assert.Equal(1, (await GetJson(a, "/api/me/cases")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await GetJson(a, "/api/me/materials")).GetProperty("total").GetInt32());
        // The receipt prints at the kiosk, for this person only (the next card's 404 is below).
        var receipt = await a.GetAsync($"/api/cases/{number}/receipt.pdf?layout=thermal", Ct);
        Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
        Assert.Equal("%PDF"u8.ToArray(), (await receipt.Content.ReadAsByteArrayAsync(Ct))[..4]);
        // The new case waits at the kiosk's point (受理), then goes to the item's department.
        await App.WithDbAsync(async db => Assert.Equal("clerk", (await db.Cases.SingleAsync(c => c.Number == number, Ct)).AwaitingRole));

        // The next card at the same kiosk: another person, who sees neither the case nor the scan.
        var b = Kiosks.Device(App, token, await Kiosks.StartSessionAsync(Kiosks.Device(App, token), Citizens.NewIdNumber(), "林乙", Ct));
        Assert.Equal(0, (await GetJson(b, "/api/me/cases")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetJson(b, "/api/me/materials")).GetProperty("total").GetInt32());
        Assert.Contains((await b.GetAsync($"/api/cases/{number}", Ct)).StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Forbidden });
        Assert.Contains((await b.GetAsync($"/api/files/{scan}", Ct)).StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Forbidden });
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/api/cases/{number}/receipt.pdf?layout=thermal", Ct)).StatusCode);
        // The first person's session ended with the next card.
        Assert.Equal(HttpStatusCode.Unauthorized, (await a.GetAsync("/api/me/cases", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_kiosk_application_waits_in_the_points_todo_for_acceptance_then_in_the_handling_departments_todo()
    {
        // 受办分离: the kiosk's service point receives (受理), the item's department handles (审核).
        string itemCode = "", kioskCode = "";
        string[] required = [];
        string? idCard = null;
        await App.WithDbAsync(async db =>
        {
            var clerk = await db.StaffUsers.SingleAsync(u => u.Username == "clerk", Ct);
            var department = await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.DepartmentCode).SingleAsync(Ct);
            var item = await db.ItemVersions.Include(i => i.Materials).Where(i => i.Status == Tongban.Modules.Catalog.ItemVersionStatus.Published && i.ForPersons
                && i.CaseKind == Tongban.Modules.Catalog.CaseKind.Promised && i.DepartmentCode == department && (i.Channels & Tongban.Modules.Catalog.Channels.Kiosk) != 0)
                .OrderBy(i => i.Id).FirstAsync(Ct);
            (itemCode, required) = (item.Code, [.. item.Materials.Where(m => m.Necessity != Tongban.Modules.Catalog.Necessity.Optional).Select(m => m.Code)]);
            idCard = item.Materials.FirstOrDefault(m => m.MaterialTypeCode == "resident-id-card" && m.Necessity != Tongban.Modules.Catalog.Necessity.Optional)?.Code;
            // K02: not a kiosk the other tests of the class count on.
            kioskCode = await db.Kiosks.Where(k => k.ServicePointCode == clerk.ServicePointCode && k.Code == "K02").Select(k => k.Code).SingleAsync(Ct);
        });
        var token = await Kiosks.EnrolAsync(App, kioskCode, Ct);
        var person = Kiosks.Device(App, token, await Kiosks.StartSessionAsync(Kiosks.Device(App, token), Citizens.NewIdNumber(), "陈丙", Ct));
        // The ID card is not scanned: the reader's chip reading stands in for it; the other materials are scanned.
        Assert.NotNull(idCard);
        var reading = await Json(await person.PostAsync("/api/kiosk/sessions/current/card-reading", null, Ct));
        var scans = new List<Guid>();
        foreach (var code in required)
            scans.Add(code == idCard ? reading.GetProperty("fileId").GetGuid() : await Citizens.UploadAsync(person, Citizens.Pdf(), "扫描件.pdf"));
        var materials = required.Zip(scans, (code, fileId) => new { requirementCode = code, fileId }).ToList();
        var readingText = CaseReceiptTests<TApp>.Poppler("pdftotext", await person.GetByteArrayAsync($"/api/files/{reading.GetProperty("fileId").GetGuid()}", Ct), "-enc", "UTF-8");
        Assert.Contains("居民身份证读卡信息", readingText, StringComparison.Ordinal);
        Assert.Contains("陈丙", readingText, StringComparison.Ordinal);
        var number = (await Json(await PostJson(person, "/api/cases", new { itemCode, channel = "kiosk", applicant = new { mobile = Citizens.NewMobile() }, materials },
            Guid.NewGuid().ToString()))).GetProperty("caseNumber").GetString()!;

        var clerkClient = await App.LoginAsync("clerk");
        var reviewerClient = await App.LoginAsync("reviewer");
        async Task<bool> InTodo(HttpClient staff) => (await GetJson(staff, "/api/cases?view=todo&pageSize=100&q=" + number)).GetProperty("items").EnumerateArray()
            .Any(r => r.GetProperty("caseNumber").GetString() == number);
        Assert.True(await InTodo(clerkClient));
        Assert.False(await InTodo(reviewerClient));
        await Scenario.Act(clerkClient, number, "accept", new { });
        Assert.False(await InTodo(clerkClient));
        Assert.True(await InTodo(reviewerClient));

        // Submitted scans and the card reading stay with the case when the card is taken away.
        Assert.Equal(HttpStatusCode.NoContent, (await person.DeleteAsync("/api/kiosk/sessions/current", Ct)).StatusCode);
        await App.WithDbAsync(async db => Assert.Equal(scans.Count, await db.StoredFiles.CountAsync(f => scans.Contains(f.Id), Ct)));
    }

    [Fact]
    public async Task Scans_not_submitted_are_deleted_when_the_session_ends_by_card_removal_next_card_or_idling()
    {
        var token = await Kiosks.EnrolAsync(App, "K10", Ct);
        async Task<(HttpClient Person, Guid Scan)> ScanAsync(string name)
        {
            var person = Kiosks.Device(App, token, await Kiosks.StartSessionAsync(Kiosks.Device(App, token), Citizens.NewIdNumber(), name, Ct));
            return (person, await Citizens.UploadAsync(person, Citizens.Pdf(), "扫描件.pdf"));
        }
        async Task<bool> Kept(Guid id)
        {
            var kept = false;
            await App.WithDbAsync(async db => kept = await db.StoredFiles.AnyAsync(f => f.Id == id, Ct));
            return kept;
        }

        var (removed, removedScan) = await ScanAsync("甲");
        Assert.True(await Kept(removedScan));
        Assert.Equal(HttpStatusCode.NoContent, (await removed.DeleteAsync("/api/kiosk/sessions/current", Ct)).StatusCode);
        Assert.False(await Kept(removedScan));

        var (_, replacedScan) = await ScanAsync("乙");
        var (_, idleScan) = await ScanAsync("丙");
        Assert.False(await Kept(replacedScan));
        // The device went dark: the request-time check refuses the session at once, the sweep ends it and discards its scan.
        var idle = App.Services.GetRequiredService<Tongban.Modules.Kiosks.IdleKioskSessions>();
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        await idle.EndIdleAsync(Ct);
        Assert.True(await Kept(idleScan));
        App.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(await idle.EndIdleAsync(Ct) >= 1);
        Assert.False(await Kept(idleScan));
    }

    [Fact]
    public async Task Guessing_enrolment_codes_is_slowed_down_like_guessing_passwords()
    {
        var admin = await App.LoginAsync("admin");
        var code = (await Json(await admin.PostAsync("/api/admin/kiosks/K11/enrolment", null, Ct))).GetProperty("enrolmentCode").GetString()!;
        Task<HttpResponseMessage> Enrol(string enrolmentCode, string fromIp)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/kiosk/enrol") { Content = JsonContent.Create(new { kioskCode = "K11", enrolmentCode }) };
            request.Headers.Add(TestRemoteIp.Header, fromIp);
            return Anonymous().SendAsync(request, Ct);
        }
        const string guesser = "203.0.113.77";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++) statuses.Add((await Enrol($"WRONG{i:D3}", guesser)).StatusCode);
        // Five free failures for the kiosk from one address, then the address waits — even with the right code.
        Assert.All(statuses.Take(6), s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.All(statuses.Skip(6), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        var held = await Enrol(code, guesser);
        var problem = await ProblemAssert.IsProblem(held, HttpStatusCode.TooManyRequests, "auth.too_many_attempts");
        Assert.Equal("登记尝试过于频繁", problem.GetProperty("title").GetString());
        Assert.NotNull(held.Headers.RetryAfter?.Delta);
        // The installer at the kiosk itself is not held back by a stranger's guesses.
        Assert.Equal(HttpStatusCode.OK, (await Enrol(code, "198.51.100.77")).StatusCode);
    }
}

public sealed class SqliteKioskDeviceTests(SqliteApp app) : KioskDeviceTests<SqliteApp>(app);

public sealed class PostgresKioskDeviceTests(PostgresApp app) : KioskDeviceTests<PostgresApp>(app);
