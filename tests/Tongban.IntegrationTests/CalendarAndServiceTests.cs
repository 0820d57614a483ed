using System.Net;

namespace Tongban.IntegrationTests;

public abstract class CalendarAndServiceTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    [Fact]
    public async Task Working_days_and_due_dates_follow_the_official_2026_arrangements()
    {
        var client = App.CreateClient();
        // Spring Festival 2026: Sat 14 Feb is worked, 15–23 Feb off.
        var due = await GetJson(client, "/api/calendar/due-date?start=2026-02-12&days=3");
        Assert.Equal("2026-02-24", due.GetProperty("dueDate").GetString());
        var october = await GetJson(client, "/api/calendar/working-days?from=2026-10-01&to=2026-10-31");
        Assert.Equal(18, october.GetProperty("workingDays").GetInt32());
    }

    [Fact]
    public async Task Bad_dates_are_400_naming_the_field()
    {
        var client = App.CreateClient();
        await ProblemAssert.IsValidation(await client.GetAsync("/api/calendar/due-date?start=2026-13-01&days=3", Ct), "start");
        await ProblemAssert.IsValidation(await client.GetAsync("/api/calendar/due-date?start=2026-01-01&days=-1", Ct), "days");
        await ProblemAssert.IsValidation(await client.GetAsync("/api/calendar/working-days?from=2026-02-01&to=2026-01-01", Ct), "to");
    }

    [Fact]
    public async Task An_admin_adds_a_local_closure_and_due_dates_move_while_a_clerk_may_not()
    {
        var client = App.CreateClient();
        var before = await GetJson(client, "/api/calendar/due-date?start=2026-06-01&days=1");
        Assert.Equal("2026-06-02", before.GetProperty("dueDate").GetString());
        var clerk = await App.LoginAsync("clerk");
        await ProblemAssert.IsProblem(await PostJson(clerk, "/api/admin/calendar/days", new { date = "2026-06-02", isOffDay = true, name = "台风停工" }), HttpStatusCode.Forbidden, "auth.forbidden");
        var admin = await App.LoginAsync("admin");
        await Json(await PostJson(admin, "/api/admin/calendar/days", new { date = "2026-06-02", isOffDay = true, name = "台风停工", kind = "local" }));
        var after = await GetJson(client, "/api/calendar/due-date?start=2026-06-01&days=1");
        Assert.Equal("2026-06-03", after.GetProperty("dueDate").GetString());
        var days = await GetJson(client, "/api/calendar/days?year=2026");
        Assert.Contains(days.EnumerateArray(), d => d.GetProperty("date").GetString() == "2026-06-02" && d.GetProperty("source").GetString() == "local");
    }

    [Fact]
    public async Task An_admin_loads_next_years_official_arrangement()
    {
        var admin = await App.LoginAsync("admin");
        // A made-up 2027 file in the holiday-cn format; 2027-01-04 (Mon) off, 2027-01-09 (Sat) worked.
        const string json = """{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-04","isOffDay":true},{"name":"元旦","date":"2027-01-09","isOffDay":false}]}""";
        var response = await admin.PostAsync("/api/admin/calendar/years", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);
        await Json(response);
        var client = App.CreateClient();
        var week = await GetJson(client, "/api/calendar/working-days?from=2027-01-04&to=2027-01-10");
        Assert.Equal(5, week.GetProperty("workingDays").GetInt32()); // Tue–Fri + the worked Saturday
        var bad = await admin.PostAsync("/api/admin/calendar/years", new StringContent("{\"days\": 5}", System.Text.Encoding.UTF8, "application/json"), Ct);
        await ProblemAssert.IsValidation(bad, "days");
    }

    [Fact]
    public async Task Health_checks_the_database_and_the_openapi_document_describes_the_api()
    {
        var client = App.CreateClient();
        var health = await GetJson(client, "/health");
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        var openapi = await GetJson(client, "/openapi/v1.json");
        var paths = openapi.GetProperty("paths");
        foreach (var path in new[] { "/api/items", "/api/items/{code}", "/api/departments", "/api/service-points", "/api/cases", "/api/cases/{caseNumber}", "/api/auth/staff/login", "/api/calendar/working-days", "/api/calendar/due-date" })
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI lacks {path}");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs", Ct)).StatusCode);
        await ProblemAssert.IsProblem(await client.GetAsync("/api/no-such-endpoint", Ct), HttpStatusCode.NotFound, "not_found");
    }
}

public sealed class SqliteCalendarAndServiceTests(SqliteApp app) : CalendarAndServiceTests<SqliteApp>(app);

public sealed class PostgresCalendarAndServiceTests(PostgresApp app) : CalendarAndServiceTests<PostgresApp>(app);
