using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Modules.Calendar;
using Tongban.Modules.Catalog;

namespace Tongban.Modules.Appointments;

/// <summary>One bookable slot: "HH:mm" times, the places it has and those left.</summary>
internal sealed record SlotDto(string Start, string End, int Capacity, int Remaining);

/// <summary>
/// The slots of a service point × item × date: the day's opening periods cut into the template's slot length, each with
/// places per window × the windows serving the item's department (on a 周末轮值 day only the windows on duty). What is
/// booked comes from the slot counters.
/// </summary>
internal static class AppointmentSlots
{
    internal sealed record BookableItem(string Code, string Name, string DepartmentCode);

    internal sealed record PlannedSlot(TimeOnly Start, TimeOnly End, int Capacity);

    public static async Task<BookableItem> ItemAsync(TongbanDb db, string itemCode, CancellationToken ct)
    {
        var item = await db.ItemVersions.AsNoTracking().Where(i => i.Code == itemCode && i.Status == ItemVersionStatus.Published)
            .Select(i => new { i.Code, i.Name, i.DepartmentCode, i.AppointmentSupported }).FirstOrDefaultAsync(ct)
            ?? throw new DomainRuleException("appointment.item_not_found", "事项不存在", $"找不到已发布的事项 {itemCode}。", StatusCodes.Status404NotFound);
        if (!item.AppointmentSupported) throw new DomainRuleException("appointment.not_bookable", "该事项不支持预约", $"“{item.Name}”不支持预约办理，可直接到窗口办理。");
        return new BookableItem(item.Code, item.Name, item.DepartmentCode);
    }

    public static async Task<string> ServicePointNameAsync(TongbanDb db, string code, CancellationToken ct) =>
        await db.ServicePoints.AsNoTracking().Where(p => p.Code == code).Select(p => p.Name).FirstOrDefaultAsync(ct)
        ?? throw new DomainRuleException("appointment.service_point_not_found", "服务点不存在", $"找不到服务点 {code}。", StatusCodes.Status404NotFound);

    /// <summary>The slots of the day as planned (no bookings counted); empty on a closed day or where no window serves the item.</summary>
    public static async Task<List<PlannedSlot>> PlanAsync(TongbanDb db, BusinessCalendar calendar, AppointmentOptions options, string pointCode, BookableItem item, DateOnly date, CancellationToken ct)
    {
        var hours = await OpeningHours.ForDayAsync(db, calendar, pointCode, date, ct);
        if (!hours.Open) return [];
        var windows = await db.Windows.AsNoTracking().Where(w => w.ServicePointCode == pointCode).ToListAsync(ct);
        var serving = windows.Count(w => w.DepartmentCodes.Contains(item.DepartmentCode) && (hours.WindowCodes is null || hours.WindowCodes.Contains(w.Code)));
        if (serving == 0) return [];
        var template = await ManageOpeningHours.TemplateAsync(db, pointCode, options, ct);
        var length = TimeSpan.FromMinutes(template.SlotMinutes);
        var slots = new List<PlannedSlot>();
        foreach (var period in hours.Periods)
        {
            var (start, end) = OpeningHours.Times(period);
            for (var t = start; t.ToTimeSpan() + length <= end.ToTimeSpan(); t = t.Add(length))
                slots.Add(new PlannedSlot(t, t.Add(length), serving * template.PlacesPerWindow));
        }
        return slots;
    }

    /// <summary>The slots with places left, counted from the counters; slots already begun are left out.</summary>
    public static async Task<List<SlotDto>> ListAsync(TongbanDb db, BusinessCalendar calendar, AppointmentOptions options, TimeProvider clock,
        string pointCode, BookableItem item, DateOnly date, CancellationToken ct)
    {
        var planned = await PlanAsync(db, calendar, options, pointCode, item, date, ct);
        if (planned.Count == 0) return [];
        var counters = await db.Set<AppointmentSlot>().AsNoTracking().Where(s => s.ServicePointCode == pointCode && s.ItemCode == item.Code && s.Date == date)
            .ToDictionaryAsync(s => s.Start, ct);
        var now = ChinaTime.ToChina(clock.GetUtcNow());
        var today = DateOnly.FromDateTime(now.DateTime);
        return [.. planned.Where(p => date > today || (date == today && p.Start > TimeOnly.FromDateTime(now.DateTime)))
            .Select(p =>
            {
                var counter = counters.GetValueOrDefault(p.Start);
                var capacity = counter?.Capacity ?? p.Capacity;
                return new SlotDto(Hm(p.Start), Hm(p.End), capacity, Math.Max(0, capacity - (counter?.Booked ?? 0)));
            })];
    }

    public static string Hm(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Today through the N-th working day after today (a 周末轮值 day in between is bookable when open).</summary>
    public static (DateOnly First, DateOnly Last) BookableDates(BusinessCalendar calendar, AppointmentOptions options, TimeProvider clock)
    {
        var today = ChinaTime.Today(clock);
        return (today, calendar.AddWorkingDays(today, options.BookableWorkingDays));
    }
}
