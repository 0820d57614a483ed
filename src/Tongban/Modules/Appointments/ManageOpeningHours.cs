using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Appointments;

internal sealed record WeeklyDayDto(int DayOfWeek, IReadOnlyList<OpeningPeriod> Periods);

internal sealed record RotationDayDto(DateOnly Date, IReadOnlyList<string> WindowCodes, IReadOnlyList<OpeningPeriod> Periods, string? Note);

internal sealed record SpecialDayDto(DateOnly Date, bool Open, IReadOnlyList<OpeningPeriod> Periods, string Note);

internal sealed record AppointmentTemplateDto(int SlotMinutes, int PlacesPerWindow);

/// <summary>What an admin edits for one service point: the weekly schedule, the rotation and special days from today on, the capacity template.</summary>
internal sealed record OpeningHoursSetup(string ServicePointCode, IReadOnlyList<WeeklyDayDto> Weekly, IReadOnlyList<RotationDayDto> Rotations,
    IReadOnlyList<SpecialDayDto> SpecialDays, AppointmentTemplateDto Template);

internal sealed record SaveWeeklyRequest([property: JsonRequired] List<WeeklyDayDto>? Days);

internal sealed record SaveRotationRequest([property: JsonRequired] List<string>? WindowCodes, [property: JsonRequired] List<OpeningPeriod>? Periods, string? Note);

internal sealed record SaveSpecialDayRequest([property: JsonRequired] bool Open, List<OpeningPeriod>? Periods, [property: JsonRequired] string? Note);

/// <summary>
/// /api/admin/service-points/{code}/… — the admin edits a service point's weekly schedule, its 周末轮值 days, its special
/// days and its booking template. Every change is audited (事过留痕) and applies to the next read.
/// </summary>
internal static class ManageOpeningHours
{
    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/service-points/{code}").RequireAuthorization(Policies.Admin).WithTags("Appointments admin");
        admin.MapGet("/opening-hours", Get).Produces<OpeningHoursSetup>().ProducesProblem(404).WithName("GetOpeningHoursSetup").WithSummary("服务点办公时间设置");
        admin.MapPut("/opening-hours/weekly", SaveWeekly).Produces<OpeningHoursSetup>().ProducesValidationProblem().ProducesProblem(404)
            .WithName("SaveWeeklyOpeningHours").WithSummary("修改每周办公时间");
        admin.MapPut("/weekend-rotation/{date}", SaveRotation).Produces<OpeningHoursSetup>().ProducesValidationProblem().ProducesProblem(404)
            .WithName("SaveWeekendRotationDay").WithSummary("设置周末轮值日");
        admin.MapDelete("/weekend-rotation/{date}", DeleteRotation).Produces<OpeningHoursSetup>().ProducesValidationProblem().ProducesProblem(404)
            .WithName("DeleteWeekendRotationDay").WithSummary("取消周末轮值日");
        admin.MapPut("/special-days/{date}", SaveSpecialDay).Produces<OpeningHoursSetup>().ProducesValidationProblem().ProducesProblem(404)
            .WithName("SaveSpecialOpeningDay").WithSummary("设置特殊日（闭馆或调整时间）");
        admin.MapDelete("/special-days/{date}", DeleteSpecialDay).Produces<OpeningHoursSetup>().ProducesValidationProblem().ProducesProblem(404)
            .WithName("DeleteSpecialOpeningDay").WithSummary("删除特殊日");
        admin.MapPut("/appointment-template", SaveTemplate).Produces<OpeningHoursSetup>().ProducesValidationProblem().ProducesProblem(404)
            .WithName("SaveAppointmentTemplate").WithSummary("修改预约号源模板");
    }

    internal static async Task<IResult> Get(string code, TongbanDb db, TimeProvider clock, Microsoft.Extensions.Options.IOptions<AppointmentOptions> options, CancellationToken ct) =>
        await db.ServicePoints.AnyAsync(p => p.Code == code, ct) ? TypedResults.Ok(await SetupAsync(db, code, clock, options.Value, ct)) : GetOpeningHours.ServicePointNotFound(code);

    internal static async Task<OpeningHoursSetup> SetupAsync(TongbanDb db, string code, TimeProvider clock, AppointmentOptions options, CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        var weekly = await db.Set<WeeklyOpeningDay>().AsNoTracking().Where(w => w.ServicePointCode == code).OrderBy(w => w.DayOfWeek).ToListAsync(ct);
        var rotations = await db.Set<WeekendRotationDay>().AsNoTracking().Where(r => r.ServicePointCode == code && r.Date >= today).OrderBy(r => r.Date).Take(200).ToListAsync(ct);
        var special = await db.Set<SpecialOpeningDay>().AsNoTracking().Where(s => s.ServicePointCode == code && s.Date >= today).OrderBy(s => s.Date).Take(200).ToListAsync(ct);
        return new OpeningHoursSetup(code,
            [.. weekly.Select(w => new WeeklyDayDto(w.DayOfWeek, OpeningHours.Parse(w.Periods)))],
            [.. rotations.Select(r => new RotationDayDto(r.Date, Codes(r.WindowCodes), OpeningHours.Parse(r.Periods), r.Note))],
            [.. special.Select(s => new SpecialDayDto(s.Date, s.Open, OpeningHours.Parse(s.Periods), s.Note))],
            await TemplateAsync(db, code, options, ct));
    }

    internal static async Task<AppointmentTemplateDto> TemplateAsync(TongbanDb db, string code, AppointmentOptions options, CancellationToken ct) =>
        await db.Set<AppointmentTemplate>().AsNoTracking().Where(t => t.ServicePointCode == code).Select(t => new AppointmentTemplateDto(t.SlotMinutes, t.PlacesPerWindow)).FirstOrDefaultAsync(ct)
        ?? new AppointmentTemplateDto(options.DefaultSlotMinutes, options.DefaultPlacesPerWindow);

    private static string[] Codes(string stored) => stored.Split(',', StringSplitOptions.RemoveEmptyEntries);

    internal static async Task<IResult> SaveWeekly(string code, SaveWeeklyRequest request, HttpContext http, AuditTrail audit, TongbanDb db, TimeProvider clock,
        Microsoft.Extensions.Options.IOptions<AppointmentOptions> options, CancellationToken ct)
    {
        if (!await db.ServicePoints.AnyAsync(p => p.Code == code, ct)) return GetOpeningHours.ServicePointNotFound(code);
        var errors = new FieldErrors();
        var rows = new Dictionary<int, string>();
        for (var i = 0; i < request.Days!.Count; i++)
        {
            var day = request.Days[i];
            if (day is null || day.DayOfWeek is < 1 or > 7) { errors.Add($"days[{i}].dayOfWeek", "星期须为 1（周一）到 7（周日）"); continue; }
            if (!rows.TryAdd(day.DayOfWeek, "")) { errors.Add($"days[{i}].dayOfWeek", "同一天只能出现一次"); continue; }
            var text = OpeningHours.TryFormat(day.Periods, out var error);
            if (text is null) errors.Add($"days[{i}].periods", error!);
            else rows[day.DayOfWeek] = text;
        }
        if (errors.Any) return errors.ToResult();
        var before = await db.Set<WeeklyOpeningDay>().Where(w => w.ServicePointCode == code).ToListAsync(ct);
        db.RemoveRange(before);
        foreach (var (dayOfWeek, periods) in rows.Where(r => r.Value.Length > 0))
            db.Add(new WeeklyOpeningDay { ServicePointCode = code, DayOfWeek = dayOfWeek, Periods = periods });
        await RecordAsync(http, audit, db, code, "appointment.weekly_save", "修改每周办公时间",
            before.OrderBy(b => b.DayOfWeek).ToDictionary(b => b.DayOfWeek, b => b.Periods), rows, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await SetupAsync(db, code, clock, options.Value, ct));
    }

    internal static async Task<IResult> SaveRotation(string code, DateOnly date, SaveRotationRequest request, HttpContext http, AuditTrail audit, TongbanDb db, TimeProvider clock,
        Microsoft.Extensions.Options.IOptions<AppointmentOptions> options, CancellationToken ct)
    {
        if (!await db.ServicePoints.AnyAsync(p => p.Code == code, ct)) return GetOpeningHours.ServicePointNotFound(code);
        var errors = new FieldErrors();
        if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) errors.Add("date", "周末轮值只能设在周六或周日");
        var windows = request.WindowCodes!.Where(w => !string.IsNullOrWhiteSpace(w)).Distinct().ToList();
        if (windows.Count == 0) errors.Add("windowCodes", "请选择轮值的窗口");
        var known = await db.Windows.AsNoTracking().Where(w => w.ServicePointCode == code).Select(w => w.Code).ToListAsync(ct);
        foreach (var unknown in windows.Except(known)) errors.Add("windowCodes", $"窗口 {unknown} 不属于该服务点");
        var periods = OpeningHours.TryFormat(request.Periods, out var error);
        if (periods is null) errors.Add("periods", error!);
        else if (periods.Length == 0) errors.Add("periods", "请填写轮值时段");
        if (request.Note is { Length: > 200 }) errors.Add("note", "说明不能超过 200 字");
        if (errors.Any) return errors.ToResult();
        var row = await db.Set<WeekendRotationDay>().FirstOrDefaultAsync(r => r.ServicePointCode == code && r.Date == date, ct);
        if (row is null) db.Add(row = new WeekendRotationDay { ServicePointCode = code, Date = date, WindowCodes = "", Periods = "" });
        row.WindowCodes = string.Join(',', windows);
        row.Periods = periods!;
        row.Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note;
        await RecordAsync(http, audit, db, code, "appointment.rotation_save", $"设置 {date:yyyy-MM-dd} 周末轮值：{row.WindowCodes} {row.Periods}", null, new { row.WindowCodes, row.Periods, row.Note }, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await SetupAsync(db, code, clock, options.Value, ct));
    }

    internal static async Task<IResult> DeleteRotation(string code, DateOnly date, HttpContext http, AuditTrail audit, TongbanDb db, TimeProvider clock,
        Microsoft.Extensions.Options.IOptions<AppointmentOptions> options, CancellationToken ct)
    {
        if (!await db.ServicePoints.AnyAsync(p => p.Code == code, ct)) return GetOpeningHours.ServicePointNotFound(code);
        var row = await db.Set<WeekendRotationDay>().FirstOrDefaultAsync(r => r.ServicePointCode == code && r.Date == date, ct);
        if (row is not null)
        {
            db.Remove(row);
            await RecordAsync(http, audit, db, code, "appointment.rotation_delete", $"取消 {date:yyyy-MM-dd} 周末轮值", new { row.WindowCodes, row.Periods }, null, ct);
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(await SetupAsync(db, code, clock, options.Value, ct));
    }

    internal static async Task<IResult> SaveSpecialDay(string code, DateOnly date, SaveSpecialDayRequest request, HttpContext http, AuditTrail audit, TongbanDb db, TimeProvider clock,
        Microsoft.Extensions.Options.IOptions<AppointmentOptions> options, CancellationToken ct)
    {
        if (!await db.ServicePoints.AnyAsync(p => p.Code == code, ct)) return GetOpeningHours.ServicePointNotFound(code);
        var errors = new FieldErrors();
        var periods = OpeningHours.TryFormat(request.Open ? request.Periods : [], out var error);
        if (periods is null) errors.Add("periods", error!);
        else if (request.Open && periods.Length == 0) errors.Add("periods", "开放的特殊日须填写时段");
        if (string.IsNullOrWhiteSpace(request.Note)) errors.Add("note", "请填写说明（向群众展示）");
        else if (request.Note.Length > 200) errors.Add("note", "说明不能超过 200 字");
        if (errors.Any) return errors.ToResult();
        var row = await db.Set<SpecialOpeningDay>().FirstOrDefaultAsync(s => s.ServicePointCode == code && s.Date == date, ct);
        if (row is null) db.Add(row = new SpecialOpeningDay { ServicePointCode = code, Date = date, Note = "" });
        row.Open = request.Open;
        row.Periods = periods!;
        row.Note = request.Note!;
        await RecordAsync(http, audit, db, code, "appointment.special_day_save",
            $"设置 {date:yyyy-MM-dd} 特殊日：{(row.Open ? row.Periods : "闭馆")}（{row.Note}）", null, new { row.Open, row.Periods, row.Note }, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await SetupAsync(db, code, clock, options.Value, ct));
    }

    internal static async Task<IResult> DeleteSpecialDay(string code, DateOnly date, HttpContext http, AuditTrail audit, TongbanDb db, TimeProvider clock,
        Microsoft.Extensions.Options.IOptions<AppointmentOptions> options, CancellationToken ct)
    {
        if (!await db.ServicePoints.AnyAsync(p => p.Code == code, ct)) return GetOpeningHours.ServicePointNotFound(code);
        var row = await db.Set<SpecialOpeningDay>().FirstOrDefaultAsync(s => s.ServicePointCode == code && s.Date == date, ct);
        if (row is not null)
        {
            db.Remove(row);
            await RecordAsync(http, audit, db, code, "appointment.special_day_delete", $"删除 {date:yyyy-MM-dd} 特殊日", new { row.Open, row.Periods, row.Note }, null, ct);
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(await SetupAsync(db, code, clock, options.Value, ct));
    }

    internal static async Task<IResult> SaveTemplate(string code, AppointmentTemplateDto request, HttpContext http, AuditTrail audit, TongbanDb db, TimeProvider clock,
        Microsoft.Extensions.Options.IOptions<AppointmentOptions> options, CancellationToken ct)
    {
        if (!await db.ServicePoints.AnyAsync(p => p.Code == code, ct)) return GetOpeningHours.ServicePointNotFound(code);
        var errors = new FieldErrors();
        if (request.SlotMinutes is < 10 or > 240) errors.Add("slotMinutes", "时段长度须在 10 到 240 分钟之间");
        if (request.PlacesPerWindow is < 1 or > 100) errors.Add("placesPerWindow", "每窗口号源须在 1 到 100 之间");
        if (errors.Any) return errors.ToResult();
        var row = await db.Set<AppointmentTemplate>().FirstOrDefaultAsync(t => t.ServicePointCode == code, ct);
        var before = row is null ? null : new AppointmentTemplateDto(row.SlotMinutes, row.PlacesPerWindow);
        if (row is null) db.Add(row = new AppointmentTemplate { ServicePointCode = code });
        row.SlotMinutes = request.SlotMinutes;
        row.PlacesPerWindow = request.PlacesPerWindow;
        await RecordAsync(http, audit, db, code, "appointment.template_save", $"预约号源模板改为每 {request.SlotMinutes} 分钟、每窗口 {request.PlacesPerWindow} 个", before, request, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await SetupAsync(db, code, clock, options.Value, ct));
    }

    private static Task RecordAsync(HttpContext http, AuditTrail audit, TongbanDb db, string code, string action, string summary, object? before, object? after, CancellationToken ct) =>
        audit.AppendAsync(db, new AuditEvent("org:service-point:" + code, AuditActor.FromHttp(http), action, null, summary,
            before is null ? null : JsonSerializer.Serialize(before), after is null ? null : JsonSerializer.Serialize(after)), ct);
}
