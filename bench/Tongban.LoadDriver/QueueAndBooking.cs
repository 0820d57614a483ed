using System.Globalization;
using System.Text.Json.Nodes;

namespace Tongban.LoadDriver;

/// <summary>
/// 叫号 under load (issue 18): the workers are clerks at the district center's 综合 windows, all calling the next ticket of
/// the same category at once, so every call contends for the head of one queue. After each call the worker takes a ticket
/// at an enrolled ticket machine, so the hall keeps <see cref="Options.Waiting"/> people waiting throughout.
/// </summary>
internal static class Calling
{
    public const string CallNext = "queue call-next";
    public const string Take = "queue take ticket";
    private const string Center = "350505-C";

    public static async Task<World> SetUpAsync(Api api, Options options, Staff staff, Worker[] workers, CancellationToken ct)
    {
        await api.LoginAsync(staff.Clerk, options.Password, ct);
        await api.LoginAsync("admin", options.Password, ct);
        var desk = await Setup.Must(api.GetAsync("api/queue/desk", staff.Clerk, ct), "GET /api/queue/desk");
        var windows = desk["windows"]!.AsArray().Where(w => w!["name"]!.GetValue<string>().StartsWith("综合", StringComparison.Ordinal))
            .Select(w => w!["code"]!.GetValue<string>()).ToList();
        if (windows.Count == 0) throw new SetupException("the center has no 综合 window: is this the demo district?");

        // A ticket machine of the center, enrolled for the run: machines are not held to the per-network ticket limit.
        var kiosks = await Setup.Must(api.GetAsync("api/kiosks", "admin", ct), "GET /api/kiosks");
        var kiosk = kiosks.AsArray().Where(k => k!["servicePointCode"]?.GetValue<string>() == Center).Select(k => k!["code"]!.GetValue<string>()).FirstOrDefault()
            ?? throw new SetupException("no kiosk at the center to enrol as the ticket machine");
        var enrolment = await Setup.Must(api.PostJsonAsync($"api/admin/kiosks/{kiosk}/enrolment", "admin", new { }, ct), "POST enrolment");
        var device = await Setup.Must(api.SendAsync(HttpMethod.Post, "api/kiosk/enrol", null,
            System.Net.Http.Json.JsonContent.Create(new { kioskCode = kiosk, enrolmentCode = enrolment["enrolmentCode"]!.GetValue<string>() }), null, ct), "POST /api/kiosk/enrol");
        var token = device["deviceToken"]!.GetValue<string>();

        Console.WriteLine($"call-next at {windows.Count} 综合 windows of {Center} by {options.Concurrency} clerks; filling the hall with {options.Waiting} tickets");
        for (var i = 0; i < options.Waiting; i++)
            await Setup.Must(api.PostAsDeviceAsync("api/queue/tickets", token, new { servicePointCode = Center, category = "A" }, ct), "POST /api/queue/tickets");
        return new World { Api = api, Options = options, Staff = staff, Windows = windows, DeviceToken = token };
    }

    public static async Task RunAsync(World world, Worker worker, CancellationToken ct)
    {
        var window = world.Windows[worker.Id % world.Windows.Count];
        await Api.TimedAsync(worker.Recorder, CallNext, () => world.Api.SendAsync(HttpMethod.Post, $"api/queue/windows/{window}/call-next", world.Staff.Clerk, null, null, ct));
        await Api.TimedAsync(worker.Recorder, Take, () => world.Api.PostAsDeviceAsync("api/queue/tickets", world.DeviceToken!, new { servicePointCode = Center, category = "A" }, ct));
    }
}

/// <summary>
/// 预约 under load (issue 18): every worker is a citizen (logged in by SMS code at setup) booking a random slot of the same
/// day at the center, then cancelling it, so the day never fills and each person holds at most one booking. Every booking
/// takes its slot's row lock: the same day's slots are the contended rows.
/// </summary>
internal static class Booking
{
    public const string Book = "appointment book";
    public const string Cancel = "appointment cancel";
    private const string Center = "350505-C";

    public static async Task<World> SetUpAsync(Api api, Options options, Staff staff, Worker[] workers, CancellationToken ct)
    {
        var item = options.Item ?? throw new SetupException("--item is required for --phase book");
        // Many places per window, so 50 people booking at once never meet a full slot (that would measure a 409).
        await api.LoginAsync("admin", options.Password, ct);
        await Setup.Must(api.SendAsync(HttpMethod.Put, $"api/admin/service-points/{Center}/appointment-template", "admin",
            System.Net.Http.Json.JsonContent.Create(new { slotMinutes = 30, placesPerWindow = 100 }), null, ct), "PUT appointment-template");

        // The third open day from today: bookable, and its slots have not begun.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var hours = (await Setup.Must(api.GetAsync($"api/service-points/{Center}/hours?from={today:yyyy-MM-dd}&to={today.AddDays(14):yyyy-MM-dd}", null, ct), "GET hours")).AsArray();
        var date = hours.Where(d => d!["open"]!.GetValue<bool>()).Select(d => DateOnly.Parse(d!["date"]!.GetValue<string>(), CultureInfo.InvariantCulture))
            .Where(d => d > today).Skip(1).First();
        var slots = (await Setup.Must(api.GetAsync($"api/appointments/slots?servicePoint={Center}&item={Uri.EscapeDataString(item)}&date={date:yyyy-MM-dd}", null, ct), "GET slots"))
            .AsArray().Where(s => s!["remaining"]!.GetValue<int>() > 0).Select(s => s!["start"]!.GetValue<string>()).ToList();
        if (slots.Count == 0) throw new SetupException($"no slot with places for {item} on {date:yyyy-MM-dd}");

        Console.WriteLine($"booking {item} on {date:yyyy-MM-dd} ({slots.Count} slots) by {options.Concurrency} citizens");
        foreach (var worker in workers)
        {
            var mobile = IdNumbers.RandomMobile(worker.Random);
            await Setup.Must(api.SendAsync(HttpMethod.Post, "api/auth/citizen/otp", null, System.Net.Http.Json.JsonContent.Create(new { mobile }), null, ct), "POST otp");
            var sms = await Setup.Must(api.GetAsync("api/dev/sms?mobile=" + mobile, null, ct), "GET /api/dev/sms");
            var text = sms["items"]!.AsArray().Select(m => m!["text"]!.GetValue<string>()).First(t => t.Contains("验证码", StringComparison.Ordinal));
            var code = System.Text.RegularExpressions.Regex.Match(text, @"\d{6}").Value;
            var login = await Setup.Must(api.SendAsync(HttpMethod.Post, "api/auth/citizen/login", null, System.Net.Http.Json.JsonContent.Create(new
            {
                mobile, code, idNumber = IdNumbers.RandomResident(worker.Random), name = IdNumbers.RandomName(worker.Random),
            }), null, ct), "POST citizen login");
            api.UseToken(Citizen(worker), login["accessToken"]!.GetValue<string>());
        }
        return new World { Api = api, Options = options, Staff = staff, BookingDate = date, SlotStarts = slots };
    }

    private static string Citizen(Worker worker) => "citizen-" + worker.Id.ToString(CultureInfo.InvariantCulture);

    public static async Task RunAsync(World world, Worker worker, CancellationToken ct)
    {
        var start = world.SlotStarts[worker.Random.Next(world.SlotStarts.Count)];
        var booked = await Api.TimedAsync(worker.Recorder, Book, () => world.Api.PostJsonAsync("api/appointments", Citizen(worker), new
        {
            servicePointCode = Center, itemCode = world.Options.Item, date = world.BookingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), start,
        }, ct));
        if (booked.Body?["appointmentNumber"]?.GetValue<string>() is { } number)
            await Api.TimedAsync(worker.Recorder, Cancel, () => world.Api.SendAsync(HttpMethod.Post, $"api/appointments/{number}/cancel", Citizen(worker), null, null, ct));
    }
}
