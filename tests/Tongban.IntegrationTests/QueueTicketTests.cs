using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Appointments;
using Tongban.Modules.Catalog;
using Tongban.Modules.Queue;
using static Tongban.IntegrationTests.ProblemAssert;

namespace Tongban.IntegrationTests;

/// <summary>
/// 取号 · 叫号 (issue 18, queue): numbers per category and day, priority, the per-address limit, call-next claimed once
/// under concurrency, the clerk's steps and the hall board. Each test starts on a day of its own, so its queue is empty.
/// </summary>
public abstract class QueueTicketTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private const string Center = "350505-C";
    private const string NanpuTown = "350505100";

    private HttpClient Anonymous() => App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

    /// <summary>A fresh day: yesterday's tickets neither wait nor count against the per-address limit.</summary>
    private void NextDay() => App.Clock.Advance(TimeSpan.FromDays(1));

    private async Task<HttpClient> TicketMachineAsync()
    {
        string code = "";
        await App.WithDbAsync(async db => code = await db.Kiosks.Where(k => k.ServicePointCode == Center).OrderBy(k => k.Id).Select(k => k.Code).FirstAsync(Ct));
        return Kiosks.Device(App, await Kiosks.EnrolAsync(App, code, Ct));
    }

    private static async Task<JsonElement> TakeAsync(HttpClient client, object body)
    {
        var response = await PostJson(client, "/api/queue/tickets", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"take: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await Json(response);
    }

    private async Task<List<(string Code, string Name, List<string> Departments)>> CenterWindowsAsync()
    {
        var windows = new List<(string, string, List<string>)>();
        await App.WithDbAsync(async db => windows = [.. (await db.Windows.Where(w => w.ServicePointCode == Center).OrderBy(w => w.Id).ToListAsync(Ct))
            .Select(w => (w.Code, w.Name, w.DepartmentCodes))]);
        return windows;
    }

    private static async Task<JsonElement> CallNextAsync(HttpClient clerk, string window)
    {
        var response = await clerk.PostAsync($"/api/queue/windows/{window}/call-next", null, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"call-next: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await Json(response);
    }

    private static string Number(JsonElement ticket) => ticket.GetProperty("ticketNumber").GetString()!;

    [Fact]
    public async Task Tickets_are_numbered_per_category_and_day_and_priority_tickets_wait_behind_only_priority_ones()
    {
        NextDay();
        var machine = await TicketMachineAsync();
        var first = await TakeAsync(machine, new { servicePointCode = Center });
        Assert.Equal("A001", Number(first));
        Assert.Equal("A", first.GetProperty("category").GetString());
        Assert.Equal("综合", first.GetProperty("categoryName").GetString());
        Assert.Equal("waiting", first.GetProperty("status").GetString());
        Assert.Equal(0, first.GetProperty("waitingAhead").GetInt32());
        var second = await TakeAsync(machine, new { servicePointCode = Center });
        Assert.Equal("A002", Number(second));
        Assert.Equal(1, second.GetProperty("waitingAhead").GetInt32());
        // 绿色通道: ahead of the two ordinary tickets, so nobody waits ahead of it.
        var elderly = await TakeAsync(machine, new { servicePointCode = Center, priority = "elderly" });
        Assert.Equal("A003", Number(elderly));
        Assert.Equal(0, elderly.GetProperty("waitingAhead").GetInt32());
        Assert.Equal(1, (await TakeAsync(machine, new { servicePointCode = Center, priority = "military" })).GetProperty("waitingAhead").GetInt32());

        // A department with a window of its own has its own letter and numbers; its item's tickets go there.
        var windows = await CenterWindowsAsync();
        var own = windows.First(w => w.Departments.Count == 1);
        string itemCode = "";
        await App.WithDbAsync(async db => itemCode = await db.ItemVersions.Where(i => i.DepartmentCode == own.Departments[0] && i.Status == Tongban.Modules.Catalog.ItemVersionStatus.Published)
            .Select(i => i.Code).FirstAsync(Ct));
        var byItem = await TakeAsync(machine, new { servicePointCode = Center, itemCode });
        Assert.Equal("B001", Number(byItem));
        Assert.Equal(own.Name.Split("专窗")[0], byItem.GetProperty("categoryName").GetString());
        Assert.Equal("B002", Number(await TakeAsync(machine, new { servicePointCode = Center, category = "b" })));

        // Another point counts on its own; the next day starts again at 001.
        Assert.Equal("A001", Number(await TakeAsync(machine, new { servicePointCode = NanpuTown })));
        NextDay();
        Assert.Equal("A001", Number(await TakeAsync(machine, new { servicePointCode = Center })));
    }

    [Fact]
    public async Task A_ticket_needs_a_known_point_category_item_and_priority()
    {
        NextDay();
        var client = Anonymous();
        await IsValidation(await PostJson(client, "/api/queue/tickets", new { }), "servicePointCode");
        await IsValidation(await PostJson(client, "/api/queue/tickets", new { servicePointCode = "nosuch" }), "servicePointCode");
        await IsValidation(await PostJson(client, "/api/queue/tickets", new { servicePointCode = NanpuTown, category = "Z" }), "category");
        await IsValidation(await PostJson(client, "/api/queue/tickets", new { servicePointCode = Center, itemCode = "nosuch" }), "itemCode");
        await IsValidation(await PostJson(client, "/api/queue/tickets", new { servicePointCode = Center, priority = "vip" }), "priority");
    }

    [Fact]
    public async Task Twenty_tickets_taken_at_the_same_moment_get_twenty_different_numbers()
    {
        NextDay();
        var machine = await TicketMachineAsync();
        var taken = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => TakeAsync(machine, new { servicePointCode = NanpuTown })));
        Assert.Equal(Enumerable.Range(1, 20).Select(n => $"A{n:D3}"), taken.Select(Number).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Without_an_enrolled_ticket_machine_a_network_takes_a_few_tickets_a_minute()
    {
        NextDay();
        var phone = Anonymous();
        for (var i = 0; i < 6; i++) await TakeAsync(phone, new { servicePointCode = NanpuTown });
        var refused = await PostJson(phone, "/api/queue/tickets", new { servicePointCode = NanpuTown });
        await IsProblem(refused, HttpStatusCode.TooManyRequests, "queue.too_many_tickets");
        Assert.Equal("60", refused.Headers.RetryAfter?.ToString());
        // The hall's enrolled machine is not held back by the phones on the same network.
        Assert.Equal("A007", Number(await TakeAsync(await TicketMachineAsync(), new { servicePointCode = NanpuTown })));
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("A008", Number(await TakeAsync(phone, new { servicePointCode = NanpuTown })));
    }

    [Fact]
    public async Task Call_next_takes_priority_first_then_the_oldest_of_the_windows_categories_and_only_at_the_clerks_point()
    {
        NextDay();
        var machine = await TicketMachineAsync();
        var windows = await CenterWindowsAsync();
        var general = windows.First(w => w.Departments.Count > 1).Code;
        var own = windows.First(w => w.Departments.Count == 1).Code;
        var clerk = await App.LoginAsync("clerk");

        Assert.Equal(HttpStatusCode.NoContent, (await clerk.PostAsync($"/api/queue/windows/{general}/call-next", null, Ct)).StatusCode);
        await TakeAsync(machine, new { servicePointCode = Center });
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        await TakeAsync(machine, new { servicePointCode = Center, category = "B" });
        await TakeAsync(machine, new { servicePointCode = Center });
        await TakeAsync(machine, new { servicePointCode = Center, priority = "disabled" });

        var called = await CallNextAsync(clerk, general);
        Assert.Equal("A003", Number(called));
        Assert.Equal("called", called.GetProperty("status").GetString());
        Assert.Equal(general, called.GetProperty("windowCode").GetString());
        Assert.Equal("A001", Number(await CallNextAsync(clerk, general)));
        Assert.Equal("A002", Number(await CallNextAsync(clerk, general)));
        // 综合 windows do not call a department's own category; its window does.
        Assert.Equal(HttpStatusCode.NoContent, (await clerk.PostAsync($"/api/queue/windows/{general}/call-next", null, Ct)).StatusCode);
        Assert.Equal("B001", Number(await CallNextAsync(clerk, own)));

        var townClerk = await App.LoginAsync("clerk-nanpu");
        await IsProblem(await townClerk.PostAsync($"/api/queue/windows/{general}/call-next", null, Ct), HttpStatusCode.Forbidden, "queue.not_your_point");
        await IsProblem(await clerk.PostAsync("/api/queue/windows/nosuch/call-next", null, Ct), HttpStatusCode.NotFound, "queue.window_not_found");
    }

    /// <summary>A booking made straight in the database, so the test sets its day and slot (today's slots may have begun).</summary>
    private async Task<string> AppointmentAsync(int citizenId, string point, string item, DateOnly date, TimeOnly start, AppointmentStatus status = AppointmentStatus.Booked)
    {
        var number = BookAppointment.NewNumber(date);
        await App.WithDbAsync(async db =>
        {
            db.Add(new Appointment
            {
                Number = number, CitizenId = citizenId, ServicePointCode = point, ItemCode = item, Date = date, Start = start, End = start.AddMinutes(30),
                Status = status, CreatedAt = App.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(Ct);
        });
        return number;
    }

    [Fact]
    public async Task Check_in_with_an_appointment_gives_a_Y_ticket_of_its_items_category_called_first_once_its_slot_has_begun()
    {
        // 09:01 Beijing on a day of its own.
        var day = ChinaTime.Today(App.Clock).AddDays(1);
        App.Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(1, 1)), TimeSpan.Zero));
        var machine = await TicketMachineAsync();
        var windows = await CenterWindowsAsync();
        var own = windows.First(w => w.Departments.Count == 1);
        string itemCode = "";
        var mobile = Citizens.NewMobile();
        await Citizens.LoggedInAsync(App, mobile, Citizens.NewIdNumber());
        var citizenId = 0;
        await App.WithDbAsync(async db =>
        {
            itemCode = await db.ItemVersions.Where(i => i.DepartmentCode == own.Departments[0] && i.Status == ItemVersionStatus.Published).OrderBy(i => i.Code).Select(i => i.Code).FirstAsync(Ct);
            citizenId = await db.Citizens.Where(c => c.MobileIndex == PersonalData.BlindIndex(mobile)).Select(c => c.Id).FirstAsync(Ct);
        });
        var nine = await AppointmentAsync(citizenId, Center, itemCode, day, new TimeOnly(9, 0));
        var ten = await AppointmentAsync(citizenId, Center, itemCode, day, new TimeOnly(10, 0));
        var tomorrow = await AppointmentAsync(citizenId, Center, itemCode, day.AddDays(1), new TimeOnly(9, 0));
        var elsewhere = await AppointmentAsync(citizenId, NanpuTown, itemCode, day, new TimeOnly(9, 0));
        var cancelled = await AppointmentAsync(citizenId, Center, itemCode, day, new TimeOnly(9, 30), AppointmentStatus.Cancelled);

        var ordinary = await TakeAsync(machine, new { servicePointCode = Center, category = "B" });
        Assert.Equal("B001", Number(ordinary));
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        var atTen = await TakeAsync(machine, new { servicePointCode = Center, appointmentNumber = ten });
        Assert.Equal("Y001", Number(atTen));
        Assert.Equal("B", atTen.GetProperty("category").GetString());
        Assert.Equal(ten, atTen.GetProperty("appointmentNumber").GetString());
        Assert.Equal("10:00", atTen.GetProperty("slotStart").GetString());
        var atNine = await TakeAsync(machine, new { servicePointCode = Center, appointmentNumber = " " + nine + " " });
        Assert.Equal("Y002", Number(atNine));

        await IsValidation(await PostJson(machine, "/api/queue/tickets", new { servicePointCode = Center, appointmentNumber = "Y-NOSUCH" }), "appointmentNumber");
        await IsValidation(await PostJson(machine, "/api/queue/tickets", new { servicePointCode = Center, appointmentNumber = tomorrow }), "appointmentNumber");
        await IsValidation(await PostJson(machine, "/api/queue/tickets", new { servicePointCode = Center, appointmentNumber = elsewhere }), "appointmentNumber");
        await IsProblem(await PostJson(machine, "/api/queue/tickets", new { servicePointCode = Center, appointmentNumber = nine }), HttpStatusCode.Conflict, "queue.already_checked_in");
        await IsProblem(await PostJson(machine, "/api/queue/tickets", new { servicePointCode = Center, appointmentNumber = cancelled }), HttpStatusCode.Conflict, "queue.appointment_not_open");
        await App.WithDbAsync(async db =>
        {
            var checkedIn = await db.Set<Appointment>().Where(a => a.Number == nine || a.Number == ten || a.Number == tomorrow).ToDictionaryAsync(a => a.Number, a => a.Status, Ct);
            Assert.Equal(AppointmentStatus.CheckedIn, checkedIn[nine]);
            Assert.Equal(AppointmentStatus.CheckedIn, checkedIn[ten]);
            Assert.Equal(AppointmentStatus.Booked, checkedIn[tomorrow]);
            Assert.Equal(nine, await db.Set<QueueTicket>().Where(t => t.Id == atNine.GetProperty("id").GetInt64()).Select(t => t.AppointmentNumber).SingleAsync(Ct));
        });

        // 09:01: the 09:00 slot has begun, so Y002 goes before B001, taken earlier; Y001's slot has not, it waits its turn.
        var clerk = await App.LoginAsync("clerk");
        Assert.Equal("Y002", Number(await CallNextAsync(clerk, own.Code)));
        Assert.Equal("B001", Number(await CallNextAsync(clerk, own.Code)));
        Assert.Equal("Y001", Number(await CallNextAsync(clerk, own.Code)));
    }

    [Fact]
    public async Task Starting_an_appointment_ticket_gives_its_clerk_the_person_who_booked_and_records_the_reading()
    {
        // 09:05 Beijing on a day of its own, a 09:00 booking checked in at the machine.
        var day = ChinaTime.Today(App.Clock).AddDays(1);
        App.Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(1, 5)), TimeSpan.Zero));
        var machine = await TicketMachineAsync();
        var own = (await CenterWindowsAsync()).First(w => w.Departments.Count == 1);
        var (mobile, idNumber) = (Citizens.NewMobile(), Citizens.NewIdNumber());
        await Citizens.LoggedInAsync(App, mobile, idNumber);
        string itemCode = "";
        var citizenId = 0;
        await App.WithDbAsync(async db =>
        {
            itemCode = await db.ItemVersions.Where(i => i.DepartmentCode == own.Departments[0] && i.Status == ItemVersionStatus.Published).OrderBy(i => i.Code).Select(i => i.Code).FirstAsync(Ct);
            citizenId = await db.Citizens.Where(c => c.MobileIndex == PersonalData.BlindIndex(mobile)).Select(c => c.Id).FirstAsync(Ct);
        });
        var booked = await TakeAsync(machine, new { servicePointCode = Center, appointmentNumber = await AppointmentAsync(citizenId, Center, itemCode, day, new TimeOnly(9, 0)) });
        var walkIn = await TakeAsync(machine, new { servicePointCode = Center, itemCode });
        var clerk = await App.LoginAsync("clerk");
        var applicant = $"/api/queue/tickets/{booked.GetProperty("id").GetInt64()}/applicant";

        // Waiting in the hall: not yet the clerk's to read.
        await IsProblem(await clerk.GetAsync(applicant, Ct), HttpStatusCode.Conflict, "queue.not_at_window");
        Assert.Equal(Number(booked), Number(await CallNextAsync(clerk, own.Code)));
        var person = await GetJson(clerk, applicant);
        Assert.Equal(idNumber, person.GetProperty("idNumber").GetString());
        Assert.Equal(mobile, person.GetProperty("mobile").GetString());
        await App.WithDbAsync(async db => Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Stream == "citizen:" + citizenId && e.Action == "queue.applicant_read", Ct)));

        // Another point's clerk may not read it; a walk-in ticket names nobody.
        await IsProblem(await (await App.LoginAsync("clerk-nanpu")).GetAsync(applicant, Ct), HttpStatusCode.Forbidden, "queue.not_your_point");
        Assert.Equal(Number(walkIn), Number(await CallNextAsync(clerk, own.Code)));
        await IsProblem(await clerk.GetAsync($"/api/queue/tickets/{walkIn.GetProperty("id").GetInt64()}/applicant", Ct), HttpStatusCode.NotFound, "queue.no_applicant");
    }

    [Fact]
    public async Task Twenty_windows_calling_at_the_same_moment_never_get_the_same_ticket()
    {
        NextDay();
        var machine = await TicketMachineAsync();
        for (var i = 0; i < 25; i++) await TakeAsync(machine, new { servicePointCode = Center });
        var general = (await CenterWindowsAsync()).Where(w => w.Departments.Count > 1).Select(w => w.Code).ToList();
        var clerk = await App.LoginAsync("clerk");

        var calls = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => CallNextAsync(clerk, general[i % general.Count])));
        var numbers = calls.Select(Number).ToList();
        Assert.Equal(20, numbers.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 20).Select(n => $"A{n:D3}"), numbers.Order(StringComparer.Ordinal));
        await App.WithDbAsync(async db =>
        {
            var day = await db.Set<QueueTicket>().Where(t => t.ServicePointCode == Center).MaxAsync(t => t.Day, Ct);
            var today = await db.Set<QueueTicket>().Where(t => t.ServicePointCode == Center && t.Day == day).ToListAsync(Ct);
            Assert.Equal(20, today.Count(t => t.Status == TicketStatus.Called && t.CallCount == 1));
            Assert.Equal(5, today.Count(t => t.Status == TicketStatus.Waiting));
        });
    }

    [Fact]
    public async Task The_clerk_recalls_skips_transfers_starts_and_finishes_and_a_wrong_step_is_a_409()
    {
        NextDay();
        var machine = await TicketMachineAsync();
        var windows = await CenterWindowsAsync();
        var general = windows.First(w => w.Departments.Count > 1).Code;
        var own = windows.First(w => w.Departments.Count == 1);
        var clerk = await App.LoginAsync("clerk");
        for (var i = 0; i < 3; i++) await TakeAsync(machine, new { servicePointCode = Center });
        await TakeAsync(machine, new { servicePointCode = Center, category = "B" });

        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var first = await CallNextAsync(clerk, general);
        var id = first.GetProperty("id").GetInt64();
        string Act(string verb) => $"/api/queue/tickets/{id}/{verb}";
        await IsProblem(await clerk.PostAsync(Act("finish"), null, Ct), HttpStatusCode.Conflict, "queue.not_serving");
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var recalled = await Json(await clerk.PostAsync(Act("recall"), null, Ct));
        Assert.Equal(2, recalled.GetProperty("callCount").GetInt32());
        // The waiting time ends at the first call, not at the recall.
        Assert.Equal(first.GetProperty("calledAt").GetDateTimeOffset(), recalled.GetProperty("calledAt").GetDateTimeOffset());
        Assert.Equal("serving", (await Json(await clerk.PostAsync(Act("start"), null, Ct))).GetProperty("status").GetString());
        await IsProblem(await clerk.PostAsync(Act("recall"), null, Ct), HttpStatusCode.Conflict, "queue.not_called");
        App.Clock.Advance(TimeSpan.FromMinutes(12));
        var finished = await Json(await clerk.PostAsync(Act("finish"), null, Ct));
        Assert.Equal("finished", finished.GetProperty("status").GetString());
        Assert.Equal(TimeSpan.FromMinutes(13), finished.GetProperty("finishedAt").GetDateTimeOffset() - finished.GetProperty("calledAt").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromMinutes(5), finished.GetProperty("calledAt").GetDateTimeOffset() - finished.GetProperty("issuedAt").GetDateTimeOffset());
        await IsProblem(await clerk.PostAsync(Act("start"), null, Ct), HttpStatusCode.Conflict, "queue.not_called");
        await IsProblem(await PostJson(clerk, Act("transfer"), new { windowCode = own.Code }), HttpStatusCode.Conflict, "queue.not_at_window");

        // 过号: done with, not called again.
        var second = await CallNextAsync(clerk, general);
        Assert.Equal("skipped", (await Json(await clerk.PostAsync($"/api/queue/tickets/{second.GetProperty("id").GetInt64()}/skip", null, Ct))).GetProperty("status").GetString());

        // 转窗: the third waits again, for the department's window only, and comes before that window's own ticket.
        var third = await CallNextAsync(clerk, general);
        var thirdId = third.GetProperty("id").GetInt64();
        await IsValidation(await PostJson(clerk, $"/api/queue/tickets/{thirdId}/transfer", new { windowCode = "nosuch" }), "windowCode");
        var moved = await Json(await PostJson(clerk, $"/api/queue/tickets/{thirdId}/transfer", new { windowCode = own.Code }));
        Assert.Equal("waiting", moved.GetProperty("status").GetString());
        Assert.Equal(own.Code, moved.GetProperty("transferredToWindowCode").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await clerk.PostAsync($"/api/queue/windows/{general}/call-next", null, Ct)).StatusCode);
        var atOwn = await CallNextAsync(clerk, own.Code);
        Assert.Equal(Number(third), Number(atOwn));
        Assert.Equal(own.Name, atOwn.GetProperty("windowName").GetString());
        Assert.Equal("B001", Number(await CallNextAsync(clerk, own.Code)));

        var townClerk = await App.LoginAsync("clerk-nanpu");
        await IsProblem(await townClerk.PostAsync($"/api/queue/tickets/{thirdId}/recall", null, Ct), HttpStatusCode.Forbidden, "queue.not_your_point");
        await IsProblem(await clerk.PostAsync("/api/queue/tickets/987654321/recall", null, Ct), HttpStatusCode.NotFound, "queue.ticket_not_found");
    }

    [Fact]
    public async Task The_hall_board_shows_the_latest_eight_calls_and_the_people_waiting_per_category()
    {
        NextDay();
        var machine = await TicketMachineAsync();
        var windows = await CenterWindowsAsync();
        var general = windows.Where(w => w.Departments.Count > 1).ToList();
        var clerk = await App.LoginAsync("clerk");
        for (var i = 0; i < 12; i++) await TakeAsync(machine, new { servicePointCode = Center });
        await TakeAsync(machine, new { servicePointCode = Center, category = "B" });
        for (var i = 0; i < 10; i++)
        {
            App.Clock.Advance(TimeSpan.FromMinutes(1));
            await CallNextAsync(clerk, general[i % general.Count].Code);
        }

        var board = await GetJson(Anonymous(), $"/api/queue/{Center}/board");
        var calling = board.GetProperty("calling").EnumerateArray().ToList();
        Assert.Equal(8, calling.Count);
        Assert.Equal(Enumerable.Range(3, 8).Reverse().Select(n => $"A{n:D3}"), calling.Select(Number));
        Assert.Equal(general[9 % general.Count].Name, calling[0].GetProperty("windowName").GetString());
        var waiting = board.GetProperty("waiting").EnumerateArray().ToDictionary(w => w.GetProperty("category").GetString()!, w => w.GetProperty("count").GetInt32());
        Assert.Equal(2, waiting["A"]);
        Assert.Equal(1, waiting["B"]);
        Assert.True(waiting.Count > 2, "every category of the point is listed, also with nobody waiting");
        await IsProblem(await Anonymous().GetAsync("/api/queue/nosuch/board", Ct), HttpStatusCode.NotFound, "queue.point_not_found");
    }

    [Fact]
    public async Task The_live_board_pushes_a_new_board_when_a_ticket_is_taken_or_called()
    {
        NextDay();
        var machine = await TicketMachineAsync();
        var general = (await CenterWindowsAsync()).First(w => w.Departments.Count > 1);
        var clerk = await App.LoginAsync("clerk");
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous().GetAsync("/api/queue/nosuch/board/live", Ct)).StatusCode);

        using var response = await Anonymous().GetAsync($"/api/queue/{Center}/board/live", HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var events = SseParser.Create(await response.Content.ReadAsStreamAsync(Ct)).EnumerateAsync(Ct).GetAsyncEnumerator(Ct);
        async Task<(string Type, JsonElement Data)> NextAsync()
        {
            // A bound on waiting for the push, not a sleep: the event is expected at once.
            Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct), "the stream ended");
            return (events.Current.EventType, events.Current.Data is { Length: > 0 } data ? JsonDocument.Parse(data).RootElement : default);
        }
        static int WaitingA(JsonElement board) => board.GetProperty("waiting").EnumerateArray().Single(w => w.GetProperty("category").GetString() == "A").GetProperty("count").GetInt32();

        var (type, board) = await NextAsync();
        Assert.Equal("board", type);
        Assert.Equal(0, WaitingA(board));
        await TakeAsync(machine, new { servicePointCode = Center });
        (type, board) = await NextAsync();
        Assert.Equal("board", type);
        Assert.Equal(1, WaitingA(board));
        await CallNextAsync(clerk, general.Code);
        (type, board) = await NextAsync();
        Assert.Equal(0, WaitingA(board));
        var call = Assert.Single(board.GetProperty("calling").EnumerateArray());
        Assert.Equal("A001", Number(call));
        Assert.Equal(general.Name, call.GetProperty("windowName").GetString());
        // Nothing new by the poll (a change through another node would show here): a heartbeat, not the same board again.
        // The feed may still be reading the last board when the fake clock moves, and then waits for the next 5 s: move it
        // until the heartbeat comes (the yield lets the server's loop reach its wait; no timing is measured by it).
        var next = events.MoveNextAsync().AsTask();
        for (var i = 0; i < 200 && !next.IsCompleted; i++)
        {
            App.Clock.Advance(TimeSpan.FromSeconds(5));
            await Task.WhenAny(next, Task.Delay(25, Ct));
        }
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(30), Ct), "the stream ended");
        Assert.Equal("heartbeat", events.Current.EventType);
    }
    [Fact]
    public async Task The_desk_lists_the_clerks_windows_and_shows_the_ticket_at_the_window_and_the_people_waiting_for_it()
    {
        NextDay();
        var machine = await TicketMachineAsync();
        var windows = await CenterWindowsAsync();
        var general = windows.First(w => w.Departments.Count != 1).Code;
        var clerk = await App.LoginAsync("clerk");

        var desk = await Json(await clerk.GetAsync("/api/queue/desk", Ct));
        Assert.Equal(Center, desk.GetProperty("servicePointCode").GetString());
        Assert.Equal(windows.Select(w => w.Code), desk.GetProperty("windows").EnumerateArray().Select(w => w.GetProperty("code").GetString()));
        Assert.Equal(JsonValueKind.Null, desk.GetProperty("current").ValueKind);

        await TakeAsync(machine, new { servicePointCode = Center });
        await TakeAsync(machine, new { servicePointCode = Center });
        desk = await Json(await clerk.GetAsync($"/api/queue/desk?windowCode={general}", Ct));
        Assert.Equal(2, desk.GetProperty("waiting").GetInt32());
        Assert.Equal(JsonValueKind.Null, desk.GetProperty("current").ValueKind);

        var called = await CallNextAsync(clerk, general);
        desk = await Json(await clerk.GetAsync($"/api/queue/desk?windowCode={general}", Ct));
        Assert.Equal("A001", Number(desk.GetProperty("current")));
        Assert.Equal(1, desk.GetProperty("waiting").GetInt32());
        await clerk.PostAsync($"/api/queue/tickets/{called.GetProperty("id").GetInt64()}/start", null, Ct);
        Assert.Equal("serving", (await Json(await clerk.GetAsync($"/api/queue/desk?windowCode={general}", Ct))).GetProperty("current").GetProperty("status").GetString());
        await clerk.PostAsync($"/api/queue/tickets/{called.GetProperty("id").GetInt64()}/finish", null, Ct);
        Assert.Equal(JsonValueKind.Null, (await Json(await clerk.GetAsync($"/api/queue/desk?windowCode={general}", Ct))).GetProperty("current").ValueKind);

        await IsProblem(await clerk.GetAsync("/api/queue/desk?windowCode=nosuch", Ct), HttpStatusCode.NotFound, "queue.window_not_found");
        // A window of another point is not on this clerk's desk.
        var townClerk = await App.LoginAsync("clerk-nanpu");
        await IsProblem(await townClerk.GetAsync($"/api/queue/desk?windowCode={general}", Ct), HttpStatusCode.NotFound, "queue.window_not_found");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await App.LoginAsync("reviewer")).GetAsync("/api/queue/desk", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_called_ticket_names_its_item_so_the_desk_can_open_window_intake_with_it()
    {
        NextDay();
        var machine = await TicketMachineAsync();
        var own = (await CenterWindowsAsync()).First(w => w.Departments.Count == 1);
        string itemCode = "";
        await App.WithDbAsync(async db => itemCode = await db.ItemVersions.Where(i => i.DepartmentCode == own.Departments[0] && i.Status == Tongban.Modules.Catalog.ItemVersionStatus.Published)
            .Select(i => i.Code).FirstAsync(Ct));
        var clerk = await App.LoginAsync("clerk");
        await TakeAsync(machine, new { servicePointCode = Center, itemCode });
        Assert.Equal(itemCode, (await CallNextAsync(clerk, own.Code)).GetProperty("itemCode").GetString());
        Assert.Equal(itemCode, (await Json(await clerk.GetAsync($"/api/queue/desk?windowCode={own.Code}", Ct))).GetProperty("current").GetProperty("itemCode").GetString());
    }
}

public sealed class SqliteQueueTicketTests(SqliteApp app) : QueueTicketTests<SqliteApp>(app);

public sealed class PostgresQueueTicketTests(PostgresApp app) : QueueTicketTests<PostgresApp>(app);
