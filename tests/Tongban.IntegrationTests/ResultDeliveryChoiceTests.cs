using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using static Tongban.IntegrationTests.Scenario;

namespace Tongban.IntegrationTests;

/// <summary>
/// 结果领取方式 chosen at submission (多点受理、受办分离、线下邮寄): pickup at any service point or express to an address,
/// stored on the case, shown on it, followed at completion, named in the completion SMS and printed on the receipt.
/// </summary>
public abstract class ResultDeliveryChoiceTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private const string Nanpu = "350505100";
    private const string Address = "南埔镇肖厝村肖厝街88号";

    /// <summary>A 即办件 filed at the window with the ID card, with the given choice (none: the body has no resultDelivery).</summary>
    private async Task<HttpResponseMessage> FileImmediateAsync(HttpClient clerk, object? resultDelivery, string mobile)
    {
        var body = new Dictionary<string, object?>
        {
            ["itemCode"] = await ImmediateItemAsync(App), ["channel"] = "window",
            ["applicant"] = new { kind = "person", name = "林阿婆", idNumber = Citizens.NewIdNumber(), mobile },
            ["materials"] = new[] { new { requirementCode = "M01" } },
        };
        if (resultDelivery is not null) body["resultDelivery"] = resultDelivery;
        return await PostJson(clerk, "/api/cases", body, Guid.NewGuid().ToString());
    }

    [Fact]
    public async Task Without_a_choice_the_result_waits_at_the_receiving_point_and_the_clerk_completes_with_pickup()
    {
        var clerk = await App.LoginAsync("clerk");
        var created = await Json(await FileImmediateAsync(clerk, null, Citizens.NewMobile()));
        var choice = created.GetProperty("resultDelivery");
        Assert.Equal("pickup", choice.GetProperty("method").GetString());
        Assert.Equal(created.GetProperty("servicePointCode").GetString(), choice.GetProperty("servicePointCode").GetString());

        var completed = await Act(clerk, created.GetProperty("caseNumber").GetString()!, "complete", new { });
        Assert.Equal("pickup", completed.GetProperty("result").GetProperty("deliveryMethod").GetString());
    }

    [Fact]
    public async Task Pickup_at_another_point_is_stored_followed_at_completion_and_named_in_the_SMS()
    {
        var clerk = await App.LoginAsync("clerk");
        var created = await Json(await FileImmediateAsync(clerk, new { method = "pickup", servicePointCode = Nanpu }, Citizens.NewMobile()));
        var number = created.GetProperty("caseNumber").GetString()!;
        Assert.NotEqual(Nanpu, created.GetProperty("servicePointCode").GetString());
        var choice = (await GetJson(clerk, $"/api/cases/{number}")).GetProperty("resultDelivery");
        Assert.Equal(Nanpu, choice.GetProperty("servicePointCode").GetString());
        Assert.Equal("南埔镇便民服务中心", choice.GetProperty("servicePointName").GetString());

        // The pickup point's clerk has nothing to do with the case until its result waits there.
        var nanpuClerk = await App.LoginAsync("clerk-nanpu");
        Assert.Equal(HttpStatusCode.NotFound, (await nanpuClerk.GetAsync($"/api/cases/{number}", Ct)).StatusCode);

        // The completion form sends no method: the applicant's choice holds.
        var completed = await Act(clerk, number, "complete", new { delivery = new { } });
        Assert.Equal("pickup", completed.GetProperty("result").GetProperty("deliveryMethod").GetString());
        var sms = (await NotificationsAsync(clerk, number)).EnumerateArray().Single(n => n.GetProperty("event").GetString() == "case.completed");
        var text = sms.GetProperty("text").GetString()!;
        Assert.Contains("到南埔镇便民服务中心领取", text, StringComparison.Ordinal);
        string? hours = null;
        await App.WithDbAsync(async db => hours = await db.ServicePoints.Where(p => p.Code == Nanpu).Select(p => p.OpeningHours).SingleAsync(Ct));
        Assert.Contains(hours!, text, StringComparison.Ordinal);

        // 多点受理: the result is handed over at 南埔镇, by its clerk, against the pickup code; another town's clerk sees nothing.
        var jieshanClerk = await App.LoginAsync("clerk-jieshan");
        Assert.Equal(HttpStatusCode.NotFound, (await jieshanClerk.GetAsync($"/api/cases/{number}", Ct)).StatusCode);
        await ProblemAssert.IsProblem(await PostJson(jieshanClerk, $"/api/cases/{number}/deliver", new { pickupCode = "000000" }), HttpStatusCode.NotFound, "case.not_found");
        var waiting = await GetJson(nanpuClerk, $"/api/cases/{number}");
        Assert.False(waiting.GetProperty("documentsReadable").GetBoolean());
        var pickupCode = completed.GetProperty("result").GetProperty("pickupCode").GetString();
        var delivered = await Act(nanpuClerk, number, "deliver", new { pickupCode });
        Assert.Equal("delivered", delivered.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Express_is_stored_with_the_applicant_as_recipient_completed_by_express_and_masked_for_supervision()
    {
        var clerk = await App.LoginAsync("clerk");
        var mobile = Citizens.NewMobile();
        var created = await Json(await FileImmediateAsync(clerk, new { method = "express", address = Address }, mobile));
        var number = created.GetProperty("caseNumber").GetString()!;

        var choice = (await GetJson(clerk, $"/api/cases/{number}")).GetProperty("resultDelivery");
        Assert.Equal("express", choice.GetProperty("method").GetString());
        Assert.Equal(Address, choice.GetProperty("address").GetString());
        Assert.Equal("林阿婆", choice.GetProperty("recipientName").GetString());
        Assert.Equal(mobile, choice.GetProperty("recipientMobile").GetString());
        // Encrypted at rest, like the applicant's mobile.
        await App.WithDbAsync(async db =>
        {
            var stored = await db.Database.SqlQuery<string>($"SELECT delivery_address AS \"Value\" FROM cases WHERE number = {number}").SingleAsync(Ct);
            Assert.DoesNotContain("肖厝", stored, StringComparison.Ordinal);
        });

        // Supervision watches the case without shipping it: the address and recipient masked.
        var watched = (await GetJson(await App.LoginAsync("supervisor"), $"/api/cases/{number}")).GetProperty("resultDelivery");
        Assert.DoesNotContain("88号", watched.GetProperty("address").GetString(), StringComparison.Ordinal);
        Assert.Equal("林**", watched.GetProperty("recipientName").GetString());
        Assert.NotEqual(mobile, watched.GetProperty("recipientMobile").GetString());

        var completed = await Act(clerk, number, "complete", new { });
        Assert.Equal("express", completed.GetProperty("result").GetProperty("deliveryMethod").GetString());
        Assert.Contains(completed.GetProperty("notifications").EnumerateArray(),
            n => n.GetProperty("event").GetString() == "case.completed" && n.GetProperty("text").GetString()!.Contains("快递寄出", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_choices_are_400s_naming_the_field()
    {
        var clerk = await App.LoginAsync("clerk");
        await ProblemAssert.IsValidation(await FileImmediateAsync(clerk, new { method = "drone" }, Citizens.NewMobile()), "resultDelivery.method");
        await ProblemAssert.IsValidation(await FileImmediateAsync(clerk, new { method = "pickup", servicePointCode = "NOPE" }, Citizens.NewMobile()),
            "resultDelivery.servicePointCode");
        await ProblemAssert.IsValidation(await FileImmediateAsync(clerk, new { method = "express" }, Citizens.NewMobile()), "resultDelivery.address");
        await ProblemAssert.IsValidation(await FileImmediateAsync(clerk, new { method = "express", address = new string('路', 201) }, Citizens.NewMobile()),
            "resultDelivery.address");
        await ProblemAssert.IsValidation(await FileImmediateAsync(clerk, new { method = "express", address = "南埔镇\u0000肖厝村1号" }, Citizens.NewMobile()),
            "resultDelivery.address");
        await ProblemAssert.IsValidation(await FileImmediateAsync(clerk, new { method = "express", address = Address, recipientMobile = "12345" }, Citizens.NewMobile()),
            "resultDelivery.recipientMobile");
        await ProblemAssert.IsValidation(await FileImmediateAsync(clerk, new { method = "express", address = Address, recipientName = new string('林', 60) }, Citizens.NewMobile()),
            "resultDelivery.recipientName");
    }

    [Fact]
    public async Task A_kiosk_application_by_express_shows_the_address_to_its_person_and_the_receipt_prints_the_choice()
    {
        string itemCode = "", requirement = "";
        await App.WithDbAsync(async db =>
        {
            var items = await db.ItemVersions.Include(i => i.Materials).Where(i => i.Status == Tongban.Modules.Catalog.ItemVersionStatus.Published && i.ForPersons
                && i.Materials.Any()).OrderBy(i => i.Id).ToListAsync(Ct);
            var chosen = items.First(i => i.Channels.HasFlag(Tongban.Modules.Catalog.Channels.Kiosk));
            (itemCode, requirement) = (chosen.Code, chosen.Materials.OrderBy(m => m.Code).First().Code);
        });
        var token = await Kiosks.EnrolAsync(App, "K07", Ct);
        // The session names the kiosk's own point: the screen offers it first for collecting the result.
        var started = await Json(await Kiosks.Device(App, token).PostAsJsonAsync("/api/kiosk/sessions",
            new { idNumber = Citizens.NewIdNumber(), name = "林甲", validUntil = "2040-01-01" }, Ct));
        string? kioskPoint = null;
        await App.WithDbAsync(async db => kioskPoint = await db.Kiosks.Where(k => k.Code == "K07").Select(k => k.ServicePointCode).SingleAsync(Ct));
        Assert.Equal(kioskPoint, started.GetProperty("servicePointCode").GetString());
        var kiosk = Kiosks.Device(App, token, started.GetProperty("sessionToken").GetString());
        var mobile = Citizens.NewMobile();
        var response = await PostJson(kiosk, "/api/cases", new
        {
            itemCode, channel = "kiosk", applicant = new { mobile },
            resultDelivery = new { method = "express", address = Address, recipientName = "林甲", recipientMobile = mobile },
            materials = new[] { new { requirementCode = requirement } },
        }, Guid.NewGuid().ToString());
        var created = await Json(response);
        var number = created.GetProperty("caseNumber").GetString()!;
        Assert.Equal(Address, created.GetProperty("resultDelivery").GetProperty("address").GetString());
        Assert.Equal(Address, (await GetJson(kiosk, $"/api/cases/{number}")).GetProperty("resultDelivery").GetProperty("address").GetString());

        var thermal = await PdfTextAsync(kiosk, $"/api/cases/{number}/receipt.pdf?layout=thermal");
        Assert.Contains("结果领取方式", thermal, StringComparison.Ordinal);
        Assert.Contains("快递送达", thermal, StringComparison.Ordinal);
        // A receipt may be left in the kiosk's tray: the town, not the house number.
        Assert.DoesNotContain("88号", thermal, StringComparison.Ordinal);

        var clerk = await App.LoginAsync("clerk");
        var pickup = await Json(await FileImmediateAsync(clerk, new { method = "pickup", servicePointCode = Nanpu }, Citizens.NewMobile()));
        var a4 = await PdfTextAsync(clerk, $"/api/cases/{pickup.GetProperty("caseNumber").GetString()}/receipt.pdf");
        Assert.Contains("结果领取方式", a4, StringComparison.Ordinal);
        Assert.Contains("南埔镇便民服务中心", a4, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_citizen_applying_online_chooses_express_and_sees_it_on_the_case()
    {
        string itemCode = "";
        await App.WithDbAsync(async db => itemCode = await db.ItemVersions
            .Where(i => i.Status == Tongban.Modules.Catalog.ItemVersionStatus.Published && i.ForPersons && (i.Channels & Tongban.Modules.Catalog.Channels.Online) != 0)
            .OrderBy(i => i.Id).Select(i => i.Code).FirstAsync(Ct));
        var mobile = Citizens.NewMobile();
        var citizen = await Citizens.LoggedInAsync(App, mobile, Citizens.NewIdNumber(), "陈美玲");
        var created = await Json(await PostJson(citizen, "/api/cases", new
        {
            itemCode, channel = "online", materials = Array.Empty<object>(),
            resultDelivery = new { method = "express", address = Address },
        }, Guid.NewGuid().ToString()));
        var mine = (await GetJson(citizen, $"/api/cases/{created.GetProperty("caseNumber").GetString()}")).GetProperty("resultDelivery");
        Assert.Equal("express", mine.GetProperty("method").GetString());
        Assert.Equal(Address, mine.GetProperty("address").GetString());
        Assert.Equal("陈美玲", mine.GetProperty("recipientName").GetString());
        Assert.Equal(mobile, mine.GetProperty("recipientMobile").GetString());
    }

    private static async Task<string> PdfTextAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var input = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(input, await response.Content.ReadAsByteArrayAsync(Ct), Ct);
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", input, "-"]) { RedirectStandardOutput = true })!;
            var text = await process.StandardOutput.ReadToEndAsync(Ct);
            await process.WaitForExitAsync(Ct);
            Assert.Equal(0, process.ExitCode);
            return text;
        }
        finally
        {
            File.Delete(input);
        }
    }
}

public sealed class SqliteResultDeliveryChoiceTests(SqliteApp app) : ResultDeliveryChoiceTests<SqliteApp>(app);

public sealed class PostgresResultDeliveryChoiceTests(PostgresApp app) : ResultDeliveryChoiceTests<PostgresApp>(app);
