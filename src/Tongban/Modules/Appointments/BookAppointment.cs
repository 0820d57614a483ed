using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Calendar;

namespace Tongban.Modules.Appointments;

internal sealed record BookAppointmentRequest(string? ServicePointCode, string? ItemCode, DateOnly? Date, string? Start);

internal sealed record AppointmentDto(string AppointmentNumber, string ServicePointCode, string ServicePointName, string ItemCode, string ItemName,
    DateOnly Date, string Start, string End, AppointmentStatus Status, DateTimeOffset CreatedAt);

/// <summary>
/// POST /api/appointments — a citizen books a slot. The rules, in order: the item is bookable at an open service point,
/// the date lies within the next N working days and the slot has not begun; the person is not barred for no-shows and
/// has fewer than k open bookings; then a place is taken with one conditional UPDATE of the slot's counter (409
/// appointment.slot_full when none is left), the booking and its confirmation SMS saved in the same transaction.
/// </summary>
internal static class BookAppointment
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/appointments", Handle).RequireAuthorization(Policies.Citizen).AddEndpointFilter(CitizenOnPhone.Filter).WithTags("Appointments")
            .Produces<AppointmentDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithName("BookAppointment").WithSummary("预约办理");

    internal static async Task<IResult> Handle(BookAppointmentRequest request, HttpContext http, TongbanDb db, CalendarService calendars, TimeProvider clock,
        IOptions<AppointmentOptions> options, CancellationToken ct)
    {
        var citizen = CitizenActor.From(http.User);
        var errors = Check(request, out var start);
        if (errors.Any) return errors.ToResult();
        var booked = await BookAsync(db, await calendars.GetAsync(ct), options.Value, clock, citizen!.Id, request.ServicePointCode!, request.ItemCode!, request.Date!.Value, start, null, ct);
        return TypedResults.Created($"/api/appointments/{booked.AppointmentNumber}", booked);
    }

    internal static FieldErrors Check(BookAppointmentRequest request, out TimeOnly start)
    {
        var errors = new FieldErrors();
        errors.Required("servicePointCode", request.ServicePointCode, "服务点");
        errors.Required("itemCode", request.ItemCode, "事项");
        if (request.Date is null) errors.Add("date", "日期不能为空");
        start = default;
        if (string.IsNullOrWhiteSpace(request.Start)) errors.Add("start", "时段不能为空");
        else if (!TimeOnly.TryParseExact(request.Start, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out start)) errors.Add("start", "时段格式应为 HH:mm");
        return errors;
    }

    /// <summary>
    /// Books one slot for a citizen; <paramref name="replacing"/> is an appointment of theirs cancelled in the same
    /// transaction (a move): it neither counts towards the open bookings nor keeps its place.
    /// </summary>
    internal static async Task<AppointmentDto> BookAsync(TongbanDb db, BusinessCalendar calendar, AppointmentOptions options, TimeProvider clock, int citizenId,
        string pointCode, string itemCode, DateOnly date, TimeOnly start, Appointment? replacing, CancellationToken ct)
    {
        var pointName = await AppointmentSlots.ServicePointNameAsync(db, pointCode, ct);
        var item = await AppointmentSlots.ItemAsync(db, itemCode, ct);
        var (first, last) = AppointmentSlots.BookableDates(calendar, options, clock);
        if (date < first || date > last)
            throw new DomainRuleException("appointment.date_out_of_range", "该日期不可预约", $"只能预约 {first:yyyy-MM-dd} 至 {last:yyyy-MM-dd}（今后 {options.BookableWorkingDays} 个工作日内）的时段。");
        var hours = await OpeningHours.ForDayAsync(db, calendar, pointCode, date, ct);
        if (!hours.Open) throw new DomainRuleException("appointment.closed", "当天不办公", $"{pointName} {date:yyyy-MM-dd} 不对外办公{(hours.Note is null ? "" : "（" + hours.Note + "）")}，请另选日期。");
        var slot = (await AppointmentSlots.PlanAsync(db, calendar, options, pointCode, item, date, ct)).FirstOrDefault(s => s.Start == start)
            ?? throw new DomainRuleException("appointment.no_such_slot", "没有这个时段", $"{date:yyyy-MM-dd} 没有 {AppointmentSlots.Hm(start)} 开始的可预约时段。");
        var now = clock.GetUtcNow();
        var startsAt = AtChina(date, slot.Start);
        if (startsAt <= now) throw new DomainRuleException("appointment.slot_past", "时段已开始", "该时段已开始或已过去，请选择之后的时段。");

        await EnsureCounterAsync(db, pointCode, item.Code, date, slot, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // One person's bookings one at a time, so two at the same instant cannot both pass the limit of k: on PostgreSQL a
        // lock on the person for this transaction; SQLite's transaction already holds the one writer's lock (BEGIN IMMEDIATE).
        if (db is PostgresTongbanDb) await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PersonLockClass}, {citizenId})", ct);
        var barredUntil = await BarredUntilAsync(db, options, citizenId, ChinaTime.Today(clock), ct);
        if (barredUntil is { } until)
            throw new DomainRuleException("appointment.barred", "暂停预约",
                $"您在 {options.NoShowWindowDays} 天内预约后未到 {options.NoShowLimit} 次，{until:yyyy年M月d日}起可再次预约。");
        var today = ChinaTime.Today(clock);
        var open = await db.Set<Appointment>().CountAsync(a => a.CitizenId == citizenId && a.Status == AppointmentStatus.Booked && a.Date >= today
            && (replacing == null || a.Id != replacing.Id), ct);
        if (open >= options.MaxOpenPerPerson)
            throw new DomainRuleException("appointment.too_many", "预约数量已达上限", $"每人最多同时保留 {options.MaxOpenPerPerson} 个预约，请先办理或取消已有预约。");

        if (replacing is not null) await CancelAppointment.ReleaseAsync(db, replacing, now, ct);
        // The place: one conditional UPDATE, which concurrent requests cannot both pass for the last place.
        var taken = await db.Set<AppointmentSlot>()
            .Where(s => s.ServicePointCode == pointCode && s.ItemCode == item.Code && s.Date == date && s.Start == slot.Start && s.Booked < s.Capacity)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Booked, s => s.Booked + 1), ct);
        if (taken == 0) throw new DomainRuleException("appointment.slot_full", "该时段已约满", $"{date:yyyy-MM-dd} {AppointmentSlots.Hm(slot.Start)} 的号源已约满，请选择其他时段。");
        var appointment = new Appointment
        {
            Number = NewNumber(date), CitizenId = citizenId, ServicePointCode = pointCode, ItemCode = item.Code, Date = date, Start = slot.Start, End = slot.End,
            Status = AppointmentStatus.Booked, CreatedAt = ChinaTime.ToStoredPrecision(now),
            RemindAt = ReminderTime(date, options) is var remind && remind > now ? remind : null,
        };
        db.Add(appointment);
        await AppointmentMessages.QueueAsync(db, AppointmentMessages.Booked, appointment, pointName, item.Name, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ToDto(appointment, pointName, item.Name);
    }

    /// <summary>The first key of the per-person advisory lock (the second is the citizen id): "appt" in ASCII.</summary>
    private const int PersonLockClass = 0x61707074;

    /// <summary>Makes the slot's counter row if it is not there; a concurrent first booking making it too is fine (the unique key keeps one).</summary>
    private static async Task EnsureCounterAsync(TongbanDb db, string pointCode, string itemCode, DateOnly date, AppointmentSlots.PlannedSlot slot, CancellationToken ct)
    {
        if (await db.Set<AppointmentSlot>().AnyAsync(s => s.ServicePointCode == pointCode && s.ItemCode == itemCode && s.Date == date && s.Start == slot.Start, ct)) return;
        var row = new AppointmentSlot { ServicePointCode = pointCode, ItemCode = itemCode, Date = date, Start = slot.Start, End = slot.End, Capacity = slot.Capacity };
        db.Add(row);
        try
        {
            // Saved before the booking's transaction begins: on PostgreSQL a failed INSERT would abort it.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Another request made it first.
        }
        finally
        {
            db.Entry(row).State = EntityState.Detached;
        }
    }

    /// <summary>The date from which a person barred for no-shows may book again, or null when not barred.</summary>
    internal static async Task<DateOnly?> BarredUntilAsync(TongbanDb db, AppointmentOptions options, int citizenId, DateOnly today, CancellationToken ct)
    {
        var since = today.AddDays(-(options.NoShowWindowDays + options.BarDays));
        var noShows = await db.Set<Appointment>().AsNoTracking().Where(a => a.CitizenId == citizenId && a.Status == AppointmentStatus.NoShow && a.Date >= since)
            .OrderBy(a => a.Date).Select(a => a.Date).ToListAsync(ct);
        DateOnly? until = null;
        for (var i = options.NoShowLimit - 1; i < noShows.Count; i++)
        {
            if (noShows[i].DayNumber - noShows[i - options.NoShowLimit + 1].DayNumber >= options.NoShowWindowDays) continue;
            var end = noShows[i].AddDays(options.BarDays);
            if (end > today && (until is null || end > until)) until = end;
        }
        return until;
    }

    internal static DateTimeOffset AtChina(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        return new DateTimeOffset(local, ChinaTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    internal static DateTimeOffset ReminderTime(DateOnly date, AppointmentOptions options) => AtChina(date.AddDays(-1), options.ReminderAt);

    private const string NumberAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>YY + yyMMdd + 6 random characters (no 0/O, 1/I): unguessable, read out at the ticket machine.</summary>
    internal static string NewNumber(DateOnly date) =>
        "YY" + date.ToString("yyMMdd", CultureInfo.InvariantCulture) + RandomNumberGenerator.GetString(NumberAlphabet, 6);

    internal static AppointmentDto ToDto(Appointment a, string pointName, string itemName) =>
        new(a.Number, a.ServicePointCode, pointName, a.ItemCode, itemName, a.Date, AppointmentSlots.Hm(a.Start), AppointmentSlots.Hm(a.End), a.Status, a.CreatedAt);
}
