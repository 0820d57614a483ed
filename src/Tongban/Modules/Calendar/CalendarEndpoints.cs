using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Calendar;

internal sealed record WorkingDaysResponse(DateOnly From, DateOnly To, int WorkingDays);

internal sealed record DueDateResponse(DateOnly Start, int Days, DateOnly DueDate);

internal sealed record CalendarDayDto(DateOnly Date, bool IsWorkingDay, string? Name, string Source);

internal sealed record CalendarOverrideInput(DateOnly? Date, bool? IsOffDay, string? Name, string? Kind);

/// <summary>
/// Working-day arithmetic (GET), the special days of a year, and the admin's overrides:
/// a new year's official arrangement and local closures.
/// </summary>
internal static class CalendarEndpoints
{
    private const int MaxRangeDays = 366 * 20;

    public static void Map(RouteGroupBuilder api)
    {
        var calendar = api.MapGroup("/calendar").WithTags("Calendar");
        calendar.MapGet("/working-days", WorkingDays).AllowAnonymous().Produces<WorkingDaysResponse>().ProducesValidationProblem().WithName("CountWorkingDays").WithSummary("计算工作日天数");
        calendar.MapGet("/due-date", DueDate).AllowAnonymous().Produces<DueDateResponse>().ProducesValidationProblem().WithName("ComputeDueDate").WithSummary("计算到期日");
        calendar.MapGet("/days", SpecialDays).AllowAnonymous().Produces<List<CalendarDayDto>>().WithName("ListSpecialDays").WithSummary("某年的节假日与调休");
        var admin = api.MapGroup("/admin/calendar").RequireAuthorization(Policies.Admin).WithTags("Calendar");
        admin.MapPost("/days", AddOverride).WithName("AddCalendarOverride").WithSummary("新增本地休息日或调休");
        admin.MapPost("/years", ImportYear).ProducesValidationProblem().WithName("ImportCalendarYear").WithSummary("导入一年的国务院节假日安排（holiday-cn JSON）").DisableAntiforgery();
    }

    private static FieldErrors ParseDate(FieldErrors errors, string field, string? value, string label, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(value)) errors.Add(field, $"{label}不能为空");
        else if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            errors.Add(field, $"{label}格式应为 yyyy-MM-dd");
        // Arithmetic near DateOnly.MaxValue overflowed into a 500 (issue 16, point 8).
        else if (!Validation.InputRules.IsInRange(date)) errors.Add(field, $"{label}{Validation.InputRules.DateRangeMessage[2..]}");
        return errors;
    }

    internal static async Task<IResult> WorkingDays(string? from, string? to, CalendarService calendars, CancellationToken ct)
    {
        var errors = new FieldErrors();
        ParseDate(errors, "from", from, "开始日期", out var f);
        ParseDate(errors, "to", to, "结束日期", out var t);
        if (!errors.Any && t < f) errors.Add("to", "结束日期不能早于开始日期");
        if (!errors.Any && t.DayNumber - f.DayNumber > MaxRangeDays) errors.Add("to", "日期范围不能超过 20 年");
        if (errors.Any) return errors.ToResult();
        var calendar = await calendars.GetAsync(ct);
        return TypedResults.Ok(new WorkingDaysResponse(f, t, calendar.CountWorkingDays(f, t)));
    }

    internal static async Task<IResult> DueDate(string? start, int? days, CalendarService calendars, CancellationToken ct)
    {
        var errors = new FieldErrors();
        ParseDate(errors, "start", start, "起算日期", out var s);
        if (days is null) errors.Add("days", "工作日天数不能为空");
        else if (days is < 0 or > 3650) errors.Add("days", "工作日天数必须在 0 到 3650 之间");
        if (errors.Any) return errors.ToResult();
        var calendar = await calendars.GetAsync(ct);
        return TypedResults.Ok(new DueDateResponse(s, days!.Value, calendar.AddWorkingDays(s, days.Value)));
    }

    internal static async Task<IResult> SpecialDays(int? year, TongbanDb db, CancellationToken ct)
    {
        if (year is null or < 2000 or > 2100) return new FieldErrors().Add("year", "年份必须在 2000 到 2100 之间").ToResult();
        var first = new DateOnly(year.Value, 1, 1);
        var last = new DateOnly(year.Value, 12, 31);
        var overrides = await db.CalendarOverrides.AsNoTracking().Where(o => o.Date >= first && o.Date <= last).ToListAsync(ct);
        var byDate = overrides.ToDictionary(o => o.Date);
        var days = BusinessCalendar.OfficialEntries.Where(e => e.Date >= first && e.Date <= last && !byDate.ContainsKey(e.Date))
            .Select(e => new CalendarDayDto(e.Date, !e.IsOffDay, e.Name, "official"))
            .Concat(overrides.Select(o => new CalendarDayDto(o.Date, !o.IsOffDay, o.Name, o.Kind)))
            .OrderBy(d => d.Date).ToList();
        return TypedResults.Ok(days);
    }

    private static async Task<IResult> AddOverride(CalendarOverrideInput input, HttpContext http, AuditTrail audit, TongbanDb db, CalendarService calendars, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors().Required("name", input.Name, "名称");
        if (input.Date is null) errors.Add("date", "日期不能为空");
        if (input.IsOffDay is null) errors.Add("isOffDay", "请说明当天是否休息");
        if (input.Kind is not (null or "official" or "local")) errors.Add("kind", "类型只能是 official 或 local");
        if (errors.Any) return errors.ToResult();
        var existing = await db.CalendarOverrides.FirstOrDefaultAsync(o => o.Date == input.Date, ct);
        if (existing is null)
        {
            db.CalendarOverrides.Add(new CalendarDayOverride
            {
                Date = input.Date!.Value, IsOffDay = input.IsOffDay!.Value, Name = input.Name!.Trim(), Kind = input.Kind ?? "local",
                CreatedAt = clock.GetUtcNow(), CreatedBy = StaffActor.From(http.User)?.Username,
            });
        }
        else
        {
            existing.IsOffDay = input.IsOffDay!.Value;
            existing.Name = input.Name!.Trim();
            existing.Kind = input.Kind ?? "local";
        }
        await audit.AppendAsync(db, new AuditEvent("calendar", AuditActor.FromHttp(http), "calendar.set_day", null,
            $"{input.Date:yyyy-MM-dd} 设为{(input.IsOffDay!.Value ? "休息日" : "工作日")}：{input.Name}"), ct);
        await db.SaveChangesAsync(ct);
        calendars.Invalidate();
        return TypedResults.Ok(new CalendarDayDto(input.Date!.Value, !input.IsOffDay!.Value, input.Name, input.Kind ?? "local"));
    }

    /// <summary>Body: a holiday-cn year file ({year, papers, days:[{name,date,isOffDay}]}).</summary>
    private static async Task<IResult> ImportYear(HttpRequest request, HttpContext http, AuditTrail audit, TongbanDb db, CalendarService calendars, TimeProvider clock, CancellationToken ct)
    {
        IReadOnlyList<CalendarOverride> entries;
        // The parser reads synchronously; Kestrel forbids synchronous reads of the request body.
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        body.Position = 0;
        try
        {
            entries = BusinessCalendar.ParseHolidayCnJson(body);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return new FieldErrors().Add("days", "无法解析节假日安排：应为 holiday-cn 格式的 JSON（days 数组含 name、date、isOffDay）").ToResult();
        }
        if (entries.Count == 0) return new FieldErrors().Add("days", "节假日安排为空").ToResult();
        if (entries.Where(e => !Validation.InputRules.IsInRange(e.Date)).Select(e => (DateOnly?)e.Date).FirstOrDefault() is { } outside)
            return new FieldErrors().Add("days", $"{outside:yyyy-MM-dd}：{Validation.InputRules.DateRangeMessage}").ToResult();
        var dates = entries.Select(e => e.Date).ToList();
        var existing = await db.CalendarOverrides.Where(o => dates.Contains(o.Date)).ToDictionaryAsync(o => o.Date, ct);
        var by = StaffActor.From(http.User)?.Username;
        foreach (var e in entries)
        {
            if (existing.TryGetValue(e.Date, out var o)) { o.IsOffDay = e.IsOffDay; o.Name = e.Name; o.Kind = "official"; }
            else db.CalendarOverrides.Add(new CalendarDayOverride { Date = e.Date, IsOffDay = e.IsOffDay, Name = e.Name, Kind = "official", CreatedAt = clock.GetUtcNow(), CreatedBy = by });
        }
        await audit.AppendAsync(db, new AuditEvent("calendar", AuditActor.FromHttp(http), "calendar.import_year", null,
            $"导入节假日安排 {entries.Count} 天（{dates.Min():yyyy-MM-dd} 至 {dates.Max():yyyy-MM-dd}）"), ct);
        await db.SaveChangesAsync(ct);
        calendars.Invalidate();
        return TypedResults.Ok(new { imported = entries.Count, from = dates.Min(), to = dates.Max() });
    }
}
