using System.Net;
using System.Text.Json;

namespace Tongban.IntegrationTests;

/// <summary>POST /api/kiosk/services/{code}/run: five services work on demo connectors; the others point to their provider.</summary>
public abstract class ConvenienceServiceTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private static Dictionary<string, string> Fields(JsonElement run) =>
        run.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("label").GetString()!, f => f.GetProperty("value").GetString()!);

    [Theory]
    [InlineData("housing-fund-balance", "账户余额")]
    [InlineData("traffic-violations", "未处理违法")]
    [InlineData("real-estate-records", "登记的不动产")]
    [InlineData("electricity-arrears", "欠费金额")]
    public async Task A_query_answers_the_same_labelled_demo_data_for_the_same_person(string code, string label)
    {
        var idNumber = Citizens.NewIdNumber();
        var citizen = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), idNumber, "陈美玲");
        var first = await Json(await citizen.PostAsync($"/api/kiosk/services/{code}/run", null, Ct));
        Assert.True(first.GetProperty("isDemo").GetBoolean());
        var fields = Fields(first);
        Assert.Contains(label, fields.Keys);
        Assert.Equal("演示数据", fields["数据说明"]);
        Assert.DoesNotContain("陈美玲", string.Join("", fields.Values), StringComparison.Ordinal);
        var again = await Json(await citizen.PostAsync($"/api/kiosk/services/{code}/run", null, Ct));
        Assert.Equal(fields, Fields(again));
    }

    [Fact]
    public async Task The_social_insurance_certificate_prints_as_a_demo_pdf()
    {
        var citizen = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber());
        var run = await Json(await citizen.PostAsync("/api/kiosk/services/social-insurance-certificate/run", null, Ct));
        var pdf = Convert.FromBase64String(run.GetProperty("pdfBase64").GetString()!);
        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
        Assert.Equal("print", run.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task At_a_kiosk_the_card_holder_without_a_portal_account_runs_a_service_for_themselves()
    {
        var device = Kiosks.Device(App, await Kiosks.EnrolAsync(App, "K11", Ct));
        var idNumber = Citizens.NewIdNumber();
        var seat = Kiosks.Device(App, device.DefaultRequestHeaders.GetValues("X-Kiosk-Device").Single(), await Kiosks.StartSessionAsync(device, idNumber, "林阿婆", Ct));
        var atKiosk = await seat.PostAsync("/api/kiosk/services/housing-fund-balance/run", null, Ct);
        Assert.Equal(HttpStatusCode.OK, atKiosk.StatusCode);
        // The same person on the portal gets the same answer: the connector was asked about the card's person.
        var portal = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), idNumber, "林阿婆");
        Assert.Equal(Fields(await Json(atKiosk)), Fields(await Json(await portal.PostAsync("/api/kiosk/services/housing-fund-balance/run", null, Ct))));
        // The device alone is nobody.
        Assert.Equal(HttpStatusCode.Forbidden, (await device.PostAsync("/api/kiosk/services/housing-fund-balance/run", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_service_without_a_connector_names_its_provider_and_hotline_and_needs_a_login()
    {
        var citizen = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber());
        var problem = await ProblemAssert.IsProblem(await citizen.PostAsync("/api/kiosk/services/mobile-bill/run", null, Ct), HttpStatusCode.Conflict, "convenience.not_connected");
        Assert.Contains("10086", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAssert.IsProblem(await citizen.PostAsync("/api/kiosk/services/nope/run", null, Ct), HttpStatusCode.NotFound, "convenience.not_found");
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().PostAsync("/api/kiosk/services/housing-fund-balance/run", null, Ct)).StatusCode);
    }
}

public sealed class SqliteConvenienceServiceTests(SqliteApp app) : ConvenienceServiceTests<SqliteApp>(app);

public sealed class PostgresConvenienceServiceTests(PostgresApp app) : ConvenienceServiceTests<PostgresApp>(app);
