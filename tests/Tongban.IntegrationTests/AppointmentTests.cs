using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Appointments;
using Tongban.Modules.Calendar;
using Tongban.Modules.Catalog;

namespace Tongban.IntegrationTests;

/// <summary>
/// Issue 18: opening hours (weekly schedule, business calendar, 周末轮值, special days) and booking on the phone (slots,
/// the rules, cancel and move, the SMS and the reminder, the .ics), on both databases.
/// </summary>
public abstract class AppointmentTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private const string Center = "350505-C";

    private static readonly BusinessCalendar Calendar = BusinessCalendar.FromOfficialData();

    private DateOnly Today => ChinaTime.Today(App.Clock);

    /// <summary>The n-th working day after today.</summary>
    private DateOnly WorkingDay(int n) => Calendar.AddWorkingDays(Today, n);

    /// <summary>A published item that supports booking, of <paramref name="department"/> when given, else of any department.</summary>
    private async Task<string> BookableItemAsync(string? department = null, string? notDepartment = null)
    {
        var code = "";
        await App.WithDbAsync(async db => code = await db.ItemVersions
            .Where(i => i.Status == ItemVersionStatus.Published && i.AppointmentSupported
                && (department == null || i.DepartmentCode == department) && (notDepartment == null || i.DepartmentCode != notDepartment))
            .OrderBy(i => i.Code).Select(i => i.Code).FirstAsync(Ct));
        return code;
    }

    private async Task<int> CitizenIdAsync(string mobile)
    {
        var id = 0;
        await App.WithDbAsync(async db => id = await db.Citizens.Where(c => c.MobileIndex == PersonalData.BlindIndex(mobile)).Select(c => c.Id).FirstAsync(Ct));
        return id;
    }

    private static Task<HttpResponseMessage> Book(HttpClient citizen, string point, string item, DateOnly date, string start) =>
        PostJson(citizen, "/api/appointments", new { servicePointCode = point, itemCode = item, date = date.ToString("yyyy-MM-dd"), start });

    private async Task<JsonElement> SlotsAsync(string point, string item, DateOnly date) =>
        await GetJson(App.CreateClient(), $"/api/appointments/slots?servicePoint={point}&item={Uri.EscapeDataString(item)}&date={date:yyyy-MM-dd}");

    private async Task<JsonElement> HoursAsync(string point, DateOnly from, DateOnly to) =>
        await GetJson(App.CreateClient(), $"/api/service-points/{point}/hours?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");

    private static JsonElement Day(JsonElement days, DateOnly date) =>
        days.EnumerateArray().Single(d => d.GetProperty("date").GetString() == date.ToString("yyyy-MM-dd"));

    [Fact]
    public async Task National_Day_2026_is_closed_a_tiaoxiu_Saturday_is_open_and_the_center_keeps_nine_to_five()
    {
        var october = await HoursAsync(Center, new DateOnly(2026, 9, 28), new DateOnly(2026, 10, 11));
        for (var d = new DateOnly(2026, 10, 1); d <= new DateOnly(2026, 10, 7); d = d.AddDays(1))
        {
            Assert.False(Day(october, d).GetProperty("open").GetBoolean(), $"{d} should be closed");
            Assert.Equal("国庆节", Day(october, d).GetProperty("note").GetString());
        }
        // 2026-10-10 is the Saturday worked for National Day (调休上班, from the shipped calendar): open, at the weekday's hours.
        var worked = Calendar.Describe(new DateOnly(2026, 10, 10));
        Assert.True(worked.IsWorkingDay);
        var saturday = Day(october, new DateOnly(2026, 10, 10));
        Assert.True(saturday.GetProperty("open").GetBoolean());
        Assert.Equal("调休上班", saturday.GetProperty("note").GetString());
        Assert.Equal("09:00", saturday.GetProperty("periods")[0].GetProperty("start").GetString());
        // An ordinary Saturday without rotation is closed; a weekday has the center's 朝九晚五.
        Assert.False(Day(october, new DateOnly(2026, 10, 11)).GetProperty("open").GetBoolean());
        var monday = Day(october, new DateOnly(2026, 9, 28));
        Assert.Equal(new[] { "09:00-12:00", "13:30-17:00" }, monday.GetProperty("periods").EnumerateArray()
            .Select(p => p.GetProperty("start").GetString() + "-" + p.GetProperty("end").GetString()).ToArray());
        // A town keeps its own hours.
        string town = "";
        await App.WithDbAsync(async db => town = await db.ServicePoints.Where(p => p.Level == Tongban.Modules.Organization.ServicePointLevel.Town).OrderBy(p => p.Code).Select(p => p.Code).FirstAsync(Ct));
        var townDay = Day(await HoursAsync(town, new DateOnly(2026, 9, 28), new DateOnly(2026, 9, 28)), new DateOnly(2026, 9, 28));
        Assert.Equal("08:30", townDay.GetProperty("periods")[0].GetProperty("start").GetString());
    }

    [Fact]
    public async Task The_hours_range_is_checked_and_an_unknown_point_is_404()
    {
        var anonymous = App.CreateClient();
        await ProblemAssert.IsValidation(await anonymous.GetAsync($"/api/service-points/{Center}/hours?from=2026-01-01&to=2026-03-05", Ct), "to");
        await ProblemAssert.IsValidation(await anonymous.GetAsync($"/api/service-points/{Center}/hours?from=2101-01-01&to=2101-01-02", Ct), "from");
        await ProblemAssert.IsValidation(await anonymous.GetAsync($"/api/service-points/{Center}/hours?from=1999-12-31", Ct), "from");
        await ProblemAssert.IsProblem(await anonymous.GetAsync("/api/service-points/NOSUCH/hours", Ct), HttpStatusCode.NotFound, "appointment.service_point_not_found");
        Assert.Equal(14, (await GetJson(anonymous, $"/api/service-points/{Center}/hours")).GetArrayLength());
        Assert.Equal(62, (await HoursAsync(Center, new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 3))).GetArrayLength());
    }

    [Fact]
    public async Task A_rotation_Saturday_opens_only_its_windows_and_a_special_day_closes_with_its_note()
    {
        var admin = await App.LoginAsync("admin");
        // A window serving one department only (a 专窗), and an item of another department that it does not serve.
        string window = "", department = "";
        await App.WithDbAsync(async db =>
        {
            var dedicated = (await db.Windows.Where(w => w.ServicePointCode == Center).OrderBy(w => w.Code).ToListAsync(Ct)).First(w => w.DepartmentCodes.Count == 1
                && db.ItemVersions.Any(i => i.DepartmentCode == w.DepartmentCodes[0] && i.Status == ItemVersionStatus.Published && i.AppointmentSupported));
            (window, department) = (dedicated.Code, dedicated.DepartmentCodes[0]);
        });
        var served = await BookableItemAsync(department);
        var notServed = await BookableItemAsync(notDepartment: department);
        var saturday = Today.AddDays(((int)DayOfWeek.Saturday - (int)Today.DayOfWeek + 7) % 7 is 0 ? 7 : ((int)DayOfWeek.Saturday - (int)Today.DayOfWeek + 7) % 7);
        Assert.False(Calendar.IsWorkingDay(saturday));
        Assert.False(Day(await HoursAsync(Center, saturday, saturday), saturday).GetProperty("open").GetBoolean());

        await ProblemAssert.IsProblem(await App.CreateClient().PutAsJsonAsync($"/api/admin/service-points/{Center}/weekend-rotation/{saturday:yyyy-MM-dd}",
            new { windowCodes = new[] { window }, periods = new[] { new { start = "09:00", end = "12:00" } } }, Ct), HttpStatusCode.Unauthorized, "auth.required");
        await ProblemAssert.IsValidation(await admin.PutAsJsonAsync($"/api/admin/service-points/{Center}/weekend-rotation/{saturday.AddDays(-1):yyyy-MM-dd}",
            new { windowCodes = new[] { "NOSUCH" }, periods = new[] { new { start = "12:00", end = "09:00" } } }, Ct), "date", "windowCodes", "periods");
        var saved = await Json(await admin.PutAsJsonAsync($"/api/admin/service-points/{Center}/weekend-rotation/{saturday:yyyy-MM-dd}",
            new { windowCodes = new[] { window }, periods = new[] { new { start = "09:00", end = "12:00" } }, note = "周六上午轮值" }, Ct));
        Assert.Contains(saved.GetProperty("rotations").EnumerateArray(), r => r.GetProperty("date").GetString() == saturday.ToString("yyyy-MM-dd"));

        var day = Day(await HoursAsync(Center, saturday, saturday), saturday);
        Assert.True(day.GetProperty("open").GetBoolean());
        Assert.Equal(new[] { window }, day.GetProperty("windowCodes").EnumerateArray().Select(w => w.GetString()).ToArray());
        Assert.Equal("周六上午轮值", day.GetProperty("note").GetString());
        // Only the window on duty takes bookings: its department's items have slots (one window's places), others none.
        var slots = await SlotsAsync(Center, served, saturday);
        Assert.Equal(6, slots.GetArrayLength());
        Assert.All(slots.EnumerateArray(), s => Assert.Equal(1, s.GetProperty("capacity").GetInt32()));
        Assert.Equal(0, (await SlotsAsync(Center, notServed, saturday)).GetArrayLength());

        // A special day wins over everything: the next working day closed, with its note; no slots.
        var closedDay = WorkingDay(1);
        await ProblemAssert.IsValidation(await admin.PutAsJsonAsync($"/api/admin/service-points/{Center}/special-days/{closedDay:yyyy-MM-dd}", new { open = false, note = "" }, Ct), "note");
        await Json(await admin.PutAsJsonAsync($"/api/admin/service-points/{Center}/special-days/{closedDay:yyyy-MM-dd}", new { open = false, note = "线路改造停电，暂停办公" }, Ct));
        var closed = Day(await HoursAsync(Center, closedDay, closedDay), closedDay);
        Assert.False(closed.GetProperty("open").GetBoolean());
        Assert.Equal("线路改造停电，暂停办公", closed.GetProperty("note").GetString());
        Assert.Equal(0, (await SlotsAsync(Center, served, closedDay)).GetArrayLength());
        var citizen = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber());
        await ProblemAssert.IsProblem(await Book(citizen, Center, served, closedDay, "09:00"), HttpStatusCode.Conflict, "appointment.closed");
        await Json(await admin.DeleteAsync($"/api/admin/service-points/{Center}/special-days/{closedDay:yyyy-MM-dd}", Ct));
        Assert.True(Day(await HoursAsync(Center, closedDay, closedDay), closedDay).GetProperty("open").GetBoolean());

        await App.WithDbAsync(async db => Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.Stream == "org:service-point:" + Center
            && (e.Action == "appointment.rotation_save" || e.Action == "appointment.special_day_save" || e.Action == "appointment.special_day_delete"), Ct)));
    }

    [Fact]
    public async Task A_citizen_books_sees_it_in_my_appointments_gets_the_SMS_and_the_ics_and_cancels_freeing_the_place()
    {
        var item = await BookableItemAsync();
        var date = WorkingDay(1);
        var mobile = Citizens.NewMobile();
        var citizen = await Citizens.LoggedInAsync(App, mobile, Citizens.NewIdNumber());
        var before = (await SlotsAsync(Center, item, date)).EnumerateArray().First(s => s.GetProperty("start").GetString() == "09:30");

        var response = await Book(citizen, Center, item, date, "09:30");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var booked = await Json(response);
        var number = booked.GetProperty("appointmentNumber").GetString()!;
        Assert.Equal("booked", booked.GetProperty("status").GetString());
        Assert.Equal("10:00", booked.GetProperty("end").GetString());
        Assert.Equal(date.ToString("yyyy-MM-dd"), booked.GetProperty("date").GetString());
        var after = (await SlotsAsync(Center, item, date)).EnumerateArray().First(s => s.GetProperty("start").GetString() == "09:30");
        Assert.Equal(before.GetProperty("remaining").GetInt32() - 1, after.GetProperty("remaining").GetInt32());

        var mine = await GetJson(citizen, "/api/me/appointments?page=1&pageSize=10");
        Assert.Equal(1, mine.GetProperty("total").GetInt32());
        Assert.Equal(number, mine.GetProperty("items")[0].GetProperty("appointmentNumber").GetString());

        var ics = await citizen.GetAsync($"/api/appointments/{number}/appointment.ics", Ct);
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
        var text = await ics.Content.ReadAsStringAsync(Ct);
        Assert.Contains($"UID:{number}@tongban", text, StringComparison.Ordinal);
        // 09:30 in Beijing is 01:30 UTC.
        Assert.Contains($"DTSTART:{date:yyyyMMdd}T013000Z", text, StringComparison.Ordinal);
        // Someone else's booking is not found, for the .ics and for cancelling.
        var other = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber());
        await ProblemAssert.IsProblem(await other.GetAsync($"/api/appointments/{number}/appointment.ics", Ct), HttpStatusCode.NotFound, "appointment.not_found");
        await ProblemAssert.IsProblem(await PostJson(other, $"/api/appointments/{number}/cancel", new { }), HttpStatusCode.NotFound, "appointment.not_found");

        var cancelled = await Json(await PostJson(citizen, $"/api/appointments/{number}/cancel", new { }));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        await ProblemAssert.IsProblem(await PostJson(citizen, $"/api/appointments/{number}/cancel", new { }), HttpStatusCode.Conflict, "appointment.not_open");
        var freed = (await SlotsAsync(Center, item, date)).EnumerateArray().First(s => s.GetProperty("start").GetString() == "09:30");
        Assert.Equal(before.GetProperty("remaining").GetInt32(), freed.GetProperty("remaining").GetInt32());

        await App.WithDbAsync(async db =>
        {
            var texts = await db.OutboxMessages.Where(m => m.RecipientIndex == PersonalData.BlindIndex(mobile) && m.Event.StartsWith("appointment."))
                .OrderBy(m => m.Id).Select(m => new { m.Event, m.Text }).ToListAsync(Ct);
            Assert.Equal(new[] { "appointment.booked", "appointment.cancelled" }, texts.Select(t => t.Event).ToArray());
            Assert.Contains(number, texts[0].Text, StringComparison.Ordinal);
            Assert.Contains("泉港区行政服务中心", texts[0].Text, StringComparison.Ordinal);
            Assert.Contains("09:30-10:00", texts[1].Text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_rules_closed_days_past_slots_far_dates_the_limit_per_person_and_the_no_show_bar_naming_its_end()
    {
        var item = await BookableItemAsync();
        var mobile = Citizens.NewMobile();
        var idNumber = Citizens.NewIdNumber();
        var citizen = await Citizens.LoggedInAsync(App, mobile, idNumber);
        await ProblemAssert.IsValidation(await PostJson(citizen, "/api/appointments", new { servicePointCode = Center, itemCode = item, start = "9点" }), "date", "start");
        await ProblemAssert.IsProblem(await Book(App.CreateClient(), Center, item, WorkingDay(1), "09:00"), HttpStatusCode.Unauthorized, "auth.required");
        var sunday = Today.AddDays(7 - (int)Today.DayOfWeek);
        await ProblemAssert.IsProblem(await Book(citizen, Center, item, sunday, "09:00"), HttpStatusCode.Conflict, "appointment.closed");
        await ProblemAssert.IsProblem(await Book(citizen, Center, item, Today.AddDays(-1), "09:00"), HttpStatusCode.Conflict, "appointment.date_out_of_range");
        await ProblemAssert.IsProblem(await Book(citizen, Center, item, WorkingDay(8), "09:00"), HttpStatusCode.Conflict, "appointment.date_out_of_range");
        await ProblemAssert.IsProblem(await Book(citizen, Center, item, WorkingDay(1), "09:10"), HttpStatusCode.Conflict, "appointment.no_such_slot");
        // A slot of today that has begun (the clock stands after 09:00 Beijing on a working day; a day later, so a new login).
        App.Clock.SetUtcNow(new DateTimeOffset(WorkingDay(1).ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero));
        citizen = await Citizens.LoggedInAsync(App, mobile, idNumber);
        await ProblemAssert.IsProblem(await Book(citizen, Center, item, Today, "09:00"), HttpStatusCode.Conflict, "appointment.slot_past");

        // At most k (3) open bookings per person.
        foreach (var start in new[] { "13:30", "14:00", "14:30" })
            Assert.Equal(HttpStatusCode.Created, (await Book(citizen, Center, item, WorkingDay(1), start)).StatusCode);
        await ProblemAssert.IsProblem(await Book(citizen, Center, item, WorkingDay(1), "15:00"), HttpStatusCode.Conflict, "appointment.too_many");

        // Three no-shows within 180 days bar booking for 30 days from the third; the answer names the day it ends.
        var other = Citizens.NewMobile();
        var barred = await Citizens.LoggedInAsync(App, other, Citizens.NewIdNumber());
        var id = await CitizenIdAsync(other);
        var lastNoShow = Today.AddDays(-3);
        await App.WithDbAsync(async db =>
        {
            foreach (var daysAgo in new[] { 100, 40, 3 })
                db.Add(new Appointment
                {
                    Number = BookAppointment.NewNumber(Today.AddDays(-daysAgo)), CitizenId = id, ServicePointCode = Center, ItemCode = item,
                    Date = Today.AddDays(-daysAgo), Start = new TimeOnly(9, 0), End = new TimeOnly(9, 30), Status = AppointmentStatus.NoShow, CreatedAt = App.Clock.GetUtcNow(),
                });
            await db.SaveChangesAsync(Ct);
        });
        var refused = await ProblemAssert.IsProblem(await Book(barred, Center, item, WorkingDay(2), "09:00"), HttpStatusCode.Conflict, "appointment.barred");
        var ends = lastNoShow.AddDays(30);
        Assert.Contains($"{ends.Year}年{ends.Month}月{ends.Day}日", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moving_is_cancel_and_book_in_one_transaction_and_a_full_slot_leaves_the_old_booking_as_it_was()
    {
        var admin = await App.LoginAsync("admin");
        var town = "";
        await App.WithDbAsync(async db => town = await db.ServicePoints.Where(p => p.Level == Tongban.Modules.Organization.ServicePointLevel.Town).OrderByDescending(p => p.Code).Select(p => p.Code).FirstAsync(Ct));
        // Two windows × 1 place: two places per slot.
        await Json(await admin.PutAsJsonAsync($"/api/admin/service-points/{town}/appointment-template", new { slotMinutes = 60, placesPerWindow = 1 }, Ct));
        var item = await BookableItemAsync();
        var date = WorkingDay(2);
        var slots = await SlotsAsync(town, item, date);
        Assert.Equal("08:30", slots[0].GetProperty("start").GetString());
        Assert.Equal("09:30", slots[0].GetProperty("end").GetString());
        Assert.Equal(2, slots[0].GetProperty("capacity").GetInt32());

        var a = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber());
        var b = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber());
        var c = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber());
        var mine = (await Json(await Book(a, town, item, date, "08:30"))).GetProperty("appointmentNumber").GetString()!;
        await Json(await Book(b, town, item, date, "09:30"));
        await Json(await Book(c, town, item, date, "09:30"));
        await ProblemAssert.IsProblem(await Book(a, town, item, date, "09:30"), HttpStatusCode.Conflict, "appointment.slot_full");

        // The new slot is full: the old booking stays, its place still taken.
        await ProblemAssert.IsProblem(await PostJson(a, $"/api/appointments/{mine}/move", new { date = date.ToString("yyyy-MM-dd"), start = "09:30" }), HttpStatusCode.Conflict, "appointment.slot_full");
        var list = await GetJson(a, "/api/me/appointments");
        Assert.Equal("booked", list.GetProperty("items")[0].GetProperty("status").GetString());
        Assert.Equal(1, (await SlotsAsync(town, item, date))[0].GetProperty("remaining").GetInt32());

        var moved = await Json(await PostJson(a, $"/api/appointments/{mine}/move", new { date = date.ToString("yyyy-MM-dd"), start = "10:30" }));
        Assert.Equal("10:30", moved.GetProperty("start").GetString());
        Assert.NotEqual(mine, moved.GetProperty("appointmentNumber").GetString());
        var after = await SlotsAsync(town, item, date);
        Assert.Equal(2, after[0].GetProperty("remaining").GetInt32());
        Assert.Equal(1, after.EnumerateArray().Single(s => s.GetProperty("start").GetString() == "10:30").GetProperty("remaining").GetInt32());
        var statuses = (await GetJson(a, "/api/me/appointments")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("status").GetString()).Order().ToArray();
        Assert.Equal(new[] { "booked", "cancelled" }, statuses);
    }

    [Fact]
    public async Task A_hundred_simultaneous_requests_for_the_last_ten_places_give_exactly_ten_bookings()
    {
        var admin = await App.LoginAsync("admin");
        var town = "";
        await App.WithDbAsync(async db => town = await db.ServicePoints.Where(p => p.Level == Tongban.Modules.Organization.ServicePointLevel.Town).OrderBy(p => p.Code).Skip(1).Select(p => p.Code).FirstAsync(Ct));
        // Two windows × 6 places = 12; two are taken first, a hundred people race for the last ten.
        await Json(await admin.PutAsJsonAsync($"/api/admin/service-points/{town}/appointment-template", new { slotMinutes = 30, placesPerWindow = 6 }, Ct));
        var item = await BookableItemAsync();
        var date = WorkingDay(3);
        var start = new TimeOnly(8, 30);

        async Task<string?> BookAs(int citizenId)
        {
            await using var scope = App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            var calendar = await scope.ServiceProvider.GetRequiredService<CalendarService>().GetAsync(Ct);
            var options = scope.ServiceProvider.GetRequiredService<IOptions<AppointmentOptions>>().Value;
            try
            {
                await BookAppointment.BookAsync(db, calendar, options, App.Clock, citizenId, town, item, date, start, null, Ct);
                return null;
            }
            catch (DomainRuleException e)
            {
                return e.Code;
            }
        }

        Assert.Null(await BookAs(900_001));
        Assert.Null(await BookAs(900_002));
        // All hundred start at once; at most 25 hold a database connection at a time, as a node's pool would under a server's
        // connection limit (the PostgreSQL of the tests is shared), which still leaves 25 transactions racing for each place.
        using var connections = new SemaphoreSlim(25);
        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            await connections.WaitAsync(Ct);
            try { return await BookAs(910_000 + i); }
            finally { connections.Release(); }
        }, Ct)));

        Assert.Equal(10, results.Count(r => r is null));
        Assert.Equal(90, results.Count(r => r == "appointment.slot_full"));
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(12, await db.Set<Appointment>().CountAsync(a => a.ServicePointCode == town && a.Date == date && a.Start == start && a.Status == AppointmentStatus.Booked, Ct));
            var counter = await db.Set<AppointmentSlot>().SingleAsync(s => s.ServicePointCode == town && s.ItemCode == item && s.Date == date && s.Start == start, Ct);
            Assert.Equal((12, 12), (counter.Capacity, counter.Booked));
        });
    }

    [Fact]
    public async Task One_person_sending_ten_bookings_at_once_keeps_no_more_than_the_limit()
    {
        var item = await BookableItemAsync();
        var date = WorkingDay(4);
        const int person = 990_001;
        string[] starts = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "13:30", "14:00", "14:30", "15:00"];
        var results = await Task.WhenAll(starts.Select(start => Task.Run(async () =>
        {
            await using var scope = App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            var calendar = await scope.ServiceProvider.GetRequiredService<CalendarService>().GetAsync(Ct);
            var options = scope.ServiceProvider.GetRequiredService<IOptions<AppointmentOptions>>().Value;
            try
            {
                await BookAppointment.BookAsync(db, calendar, options, App.Clock, person, Center, item, date, TimeOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), null, Ct);
                return null;
            }
            catch (DomainRuleException e)
            {
                return e.Code;
            }
        }, Ct)));
        Assert.Equal(3, results.Count(r => r is null));
        Assert.Equal(7, results.Count(r => r == "appointment.too_many"));
        await App.WithDbAsync(async db => Assert.Equal(3, await db.Set<Appointment>().CountAsync(a => a.CitizenId == person && a.Status == AppointmentStatus.Booked, Ct)));
    }

    [Fact]
    public async Task The_scan_marks_bookings_whose_slot_ended_without_a_check_in_as_no_shows_and_three_bar_the_next_booking()
    {
        var item = await BookableItemAsync();
        var mobile = Citizens.NewMobile();
        var idNumber = Citizens.NewIdNumber();
        var citizen = await Citizens.LoggedInAsync(App, mobile, idNumber);
        var date = WorkingDay(1);
        var numbers = new List<string>();
        foreach (var start in new[] { "09:00", "09:30", "10:00" })
            numbers.Add((await Json(await Book(citizen, Center, item, date, start))).GetProperty("appointmentNumber").GetString()!);
        // Someone who checked in at the ticket machine is not a no-show.
        var checkedIn = BookAppointment.NewNumber(date);
        await App.WithDbAsync(async db =>
        {
            db.Add(new Appointment
            {
                Number = checkedIn, CitizenId = await CitizenIdAsync(mobile), ServicePointCode = Center, ItemCode = item, Date = date,
                Start = new TimeOnly(9, 0), End = new TimeOnly(9, 30), Status = AppointmentStatus.CheckedIn, CreatedAt = App.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(Ct);
        });
        var scanner = App.Services.GetRequiredService<AppointmentNoShowScanner>();
        async Task<Dictionary<string, AppointmentStatus>> StatusesAsync()
        {
            var statuses = new Dictionary<string, AppointmentStatus>();
            await App.WithDbAsync(async db => statuses = await db.Set<Appointment>().Where(a => numbers.Contains(a.Number) || a.Number == checkedIn)
                .ToDictionaryAsync(a => a.Number, a => a.Status, Ct));
            return statuses;
        }

        // 09:45 Beijing (01:45 UTC): only the 09:00-09:30 slot has ended.
        App.Clock.SetUtcNow(new DateTimeOffset(date.ToDateTime(new TimeOnly(1, 45)), TimeSpan.Zero));
        Assert.True(await scanner.MarkDueAsync(Ct) >= 1);
        var statuses = await StatusesAsync();
        Assert.Equal(AppointmentStatus.NoShow, statuses[numbers[0]]);
        Assert.Equal(AppointmentStatus.Booked, statuses[numbers[1]]);
        Assert.Equal(AppointmentStatus.Booked, statuses[numbers[2]]);
        Assert.Equal(AppointmentStatus.CheckedIn, statuses[checkedIn]);
        // 10:30: the other two; a second scan finds nothing left.
        App.Clock.SetUtcNow(new DateTimeOffset(date.ToDateTime(new TimeOnly(2, 30)), TimeSpan.Zero));
        Assert.True(await scanner.MarkDueAsync(Ct) >= 2);
        Assert.Equal(0, await scanner.MarkDueAsync(Ct));
        statuses = await StatusesAsync();
        Assert.All(numbers, n => Assert.Equal(AppointmentStatus.NoShow, statuses[n]));
        Assert.Equal(AppointmentStatus.CheckedIn, statuses[checkedIn]);

        citizen = await Citizens.LoggedInAsync(App, mobile, idNumber);
        var refused = await ProblemAssert.IsProblem(await Book(citizen, Center, item, WorkingDay(1), "15:00"), HttpStatusCode.Conflict, "appointment.barred");
        var ends = date.AddDays(30);
        Assert.Contains($"{ends.Year}年{ends.Month}月{ends.Day}日", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reminder_goes_the_afternoon_before_once_and_not_for_a_cancelled_booking()
    {
        var item = await BookableItemAsync();
        var date = WorkingDay(2);
        var mobile = Citizens.NewMobile();
        var citizen = await Citizens.LoggedInAsync(App, mobile, Citizens.NewIdNumber());
        var kept = (await Json(await Book(citizen, Center, item, date, "10:00"))).GetProperty("appointmentNumber").GetString()!;
        var dropped = (await Json(await Book(citizen, Center, item, date, "10:30"))).GetProperty("appointmentNumber").GetString()!;
        await Json(await PostJson(citizen, $"/api/appointments/{dropped}/cancel", new { }));
        var scanner = App.Services.GetRequiredService<AppointmentReminderScanner>();
        var index = PersonalData.BlindIndex(mobile);
        async Task<List<string>> RemindersAsync()
        {
            var texts = new List<string>();
            await App.WithDbAsync(async db => texts = await db.OutboxMessages.Where(m => m.RecipientIndex == index && m.Event == "appointment.reminder").Select(m => m.Text).ToListAsync(Ct));
            return texts;
        }

        // 16:00 Beijing the day before is 08:00 UTC.
        var due = new DateTimeOffset(date.AddDays(-1).ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero);
        App.Clock.SetUtcNow(due.AddMinutes(-1));
        await scanner.ScanDueAsync(Ct);
        Assert.Empty(await RemindersAsync());
        App.Clock.SetUtcNow(due.AddMinutes(1));
        // Other tests' bookings may be due too: the first scan queues at least this one, the second none.
        Assert.True(await scanner.ScanDueAsync(Ct) >= 1);
        Assert.Equal(0, await scanner.ScanDueAsync(Ct));
        var reminders = await RemindersAsync();
        var reminder = Assert.Single(reminders);
        Assert.Contains(kept, reminder, StringComparison.Ordinal);
        Assert.Contains("10:00-10:30", reminder, StringComparison.Ordinal);
    }
}

public sealed class SqliteAppointmentTests(SqliteApp app) : AppointmentTests<SqliteApp>(app);

public sealed class PostgresAppointmentTests(PostgresApp app) : AppointmentTests<PostgresApp>(app);
