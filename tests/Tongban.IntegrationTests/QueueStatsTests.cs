using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Tongban.Modules.Appointments;

namespace Tongban.IntegrationTests;

/// <summary>Issue 18: waiting time (取号 → 叫号) and service time (叫号 → 办结) per window, category and day.</summary>
public abstract class QueueStatsTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private async Task<JsonElement> TakeAsync(string point, string fromIp)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/queue/tickets") { Content = JsonContent.Create(new { servicePointCode = point, category = "A" }) };
        request.Headers.Add(TestRemoteIp.Header, fromIp);
        var response = await App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }).SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await Json(response);
    }

    [Fact]
    public async Task The_waits_and_service_times_of_a_day_are_averaged_per_window_and_category_with_the_people_still_waiting()
    {
        // A fresh day at 山腰街道's center (no other test queues there).
        App.Clock.Advance(TimeSpan.FromDays(1));
        string point = "", window = "";
        await App.WithDbAsync(async db =>
        {
            point = await db.StaffUsers.Where(u => u.Username == "clerk-shanyao").Select(u => u.ServicePointCode!).SingleAsync(Ct);
            window = await db.Windows.Where(w => w.ServicePointCode == point).OrderBy(w => w.Code).Select(w => w.Code).FirstAsync(Ct);
        });
        var clerk = await App.LoginAsync("clerk-shanyao");
        var analyst = await App.LoginAsync("analyst");
        for (var i = 0; i < 3; i++) await TakeAsync(point, "192.0.2.18");

        // First ticket: waits 4 minutes, served 10; second: waits 6 minutes (4 + 2) and is still being served; third waits.
        App.Clock.Advance(TimeSpan.FromMinutes(4));
        var first = await Json(await clerk.PostAsync($"/api/queue/windows/{window}/call-next", null, Ct));
        var id = first.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsync($"/api/queue/tickets/{id}/start", null, Ct)).StatusCode);
        App.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsync($"/api/queue/tickets/{id}/finish", null, Ct)).StatusCode);
        // Called 14 minutes after it was taken.
        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsync($"/api/queue/windows/{window}/call-next", null, Ct)).StatusCode);

        var stats = await GetJson(analyst, $"/api/stats/queue?servicePoint={point}");
        var total = stats.GetProperty("total");
        Assert.Equal(3, total.GetProperty("tickets").GetInt32());
        Assert.Equal(2, total.GetProperty("called").GetInt32());
        Assert.Equal(1, total.GetProperty("finished").GetInt32());
        Assert.Equal((4 * 60 + 14 * 60) / 2, total.GetProperty("averageWaitSeconds").GetInt32());
        Assert.Equal(10 * 60, total.GetProperty("averageServiceSeconds").GetInt32());
        Assert.Equal(1, stats.GetProperty("waitingNow").GetInt32());
        var byWindow = stats.GetProperty("byWindow").EnumerateArray().Single();
        Assert.Equal(window, byWindow.GetProperty("windowCode").GetString());
        Assert.Equal(2, byWindow.GetProperty("figures").GetProperty("called").GetInt32());
        Assert.Equal("A", stats.GetProperty("byCategory").EnumerateArray().Single().GetProperty("category").GetString());
        Assert.Single(stats.GetProperty("byDay").EnumerateArray());

        // A period before today has nobody waiting now; a bad period or point names its field.
        var yesterday = DateOnly.FromDateTime(Tongban.Infrastructure.Clock.ChinaTime.ToChina(App.Clock.GetUtcNow()).Date).AddDays(-1);
        var before = await GetJson(analyst, $"/api/stats/queue?servicePoint={point}&from={yesterday:yyyy-MM-dd}&to={yesterday:yyyy-MM-dd}");
        Assert.Equal(0, before.GetProperty("total").GetProperty("tickets").GetInt32());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("total").GetProperty("averageWaitSeconds").ValueKind);
        await ProblemAssert.IsValidation(await analyst.GetAsync($"/api/stats/queue?servicePoint={point}&from=2026-01-01&to=2026-12-31", Ct), "to");
        await ProblemAssert.IsValidation(await analyst.GetAsync("/api/stats/queue?servicePoint=NOPE", Ct), "servicePoint");
    }

    [Fact]
    public async Task Bookings_of_the_period_give_the_no_show_rate_and_the_share_of_offered_places_booked()
    {
        // A day far ahead at 南埔镇's center, where no other test books: two slots of 5 places, 6 bookings in four states.
        var point = "";
        await App.WithDbAsync(async db => point = await db.StaffUsers.Where(u => u.Username == "clerk-nanpu").Select(u => u.ServicePointCode!).SingleAsync(Ct));
        var day = DateOnly.FromDateTime(Tongban.Infrastructure.Clock.ChinaTime.ToChina(App.Clock.GetUtcNow()).Date).AddDays(300);
        await App.WithDbAsync(async db =>
        {
            db.AddRange(
                new AppointmentSlot { ServicePointCode = point, ItemCode = "STATS-ITEM", Date = day, Start = new(9, 0), End = new(9, 30), Capacity = 5, Booked = 3 },
                new AppointmentSlot { ServicePointCode = point, ItemCode = "STATS-ITEM", Date = day, Start = new(9, 30), End = new(10, 0), Capacity = 5, Booked = 1 });
            var statuses = new[] { AppointmentStatus.CheckedIn, AppointmentStatus.CheckedIn, AppointmentStatus.CheckedIn, AppointmentStatus.NoShow, AppointmentStatus.Booked, AppointmentStatus.Cancelled };
            for (var i = 0; i < statuses.Length; i++)
                db.Add(new Appointment
                {
                    Number = $"YST{day:yyMMdd}{i:D3}", CitizenId = 1, ServicePointCode = point, ItemCode = "STATS-ITEM", Date = day,
                    Start = new(9, 0), End = new(9, 30), Status = statuses[i], CreatedAt = App.Clock.GetUtcNow(),
                });
            await db.SaveChangesAsync(Ct);
        });
        var analyst = await App.LoginAsync("analyst");

        var figures = (await GetJson(analyst, $"/api/stats/queue?servicePoint={point}&from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}")).GetProperty("appointments");
        Assert.Equal(5, figures.GetProperty("booked").GetInt32());
        Assert.Equal(1, figures.GetProperty("cancelled").GetInt32());
        Assert.Equal(3, figures.GetProperty("checkedIn").GetInt32());
        Assert.Equal(1, figures.GetProperty("noShows").GetInt32());
        Assert.Equal(0.25, figures.GetProperty("noShowRate").GetDouble());
        Assert.Equal(10, figures.GetProperty("capacity").GetInt32());
        Assert.Equal(4, figures.GetProperty("bookedPlaces").GetInt32());
        Assert.Equal(0.4, figures.GetProperty("useRate").GetDouble());

        // The day before offered nothing: no rates rather than a division by zero.
        var before = (await GetJson(analyst, $"/api/stats/queue?servicePoint={point}&from={day.AddDays(-1):yyyy-MM-dd}&to={day.AddDays(-1):yyyy-MM-dd}")).GetProperty("appointments");
        Assert.Equal(JsonValueKind.Null, before.GetProperty("noShowRate").ValueKind);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("useRate").ValueKind);
    }
}

public sealed class SqliteQueueStatsTests(SqliteApp app) : QueueStatsTests<SqliteApp>(app);

public sealed class PostgresQueueStatsTests(PostgresApp app) : QueueStatsTests<PostgresApp>(app);
