using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Modules.Calendar;
using Tongban.Modules.Validation;

namespace Tongban.Modules.Appointments;

/// <summary>GET /api/service-points/{code}/hours?from=&amp;to= — anyone: the hours by date (at most 62 days; default the next 14).</summary>
internal static class GetOpeningHours
{
    public const int MaxDays = 62;

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/service-points/{code}/hours", Handle).AllowAnonymous().WithTags("Appointments").Produces<List<OpeningDay>>()
            .ProducesValidationProblem().ProducesProblem(404).WithName("GetOpeningHours").WithSummary("服务点办公时间（按日期）");

    internal static async Task<IResult> Handle(string code, string? from, string? to, TongbanDb db, CalendarService calendars, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var today = ChinaTime.Today(clock);
        var f = ParseDate(errors, "from", from, "开始日期") ?? today;
        var t = ParseDate(errors, "to", to, "结束日期") ?? (f.DayNumber + 13 <= InputRules.LastDate.DayNumber ? f.AddDays(13) : InputRules.LastDate);
        if (!errors.Any && t < f) errors.Add("to", "结束日期不能早于开始日期");
        if (!errors.Any && t.DayNumber - f.DayNumber >= MaxDays) errors.Add("to", $"一次最多查询 {MaxDays} 天");
        if (errors.Any) return errors.ToResult();
        if (!await db.ServicePoints.AnyAsync(p => p.Code == code, ct)) return ServicePointNotFound(code);
        return TypedResults.Ok(await OpeningHours.ForRangeAsync(db, await calendars.GetAsync(ct), code, f, t, ct));
    }

    internal static IResult ServicePointNotFound(string code) =>
        Problems.NotFound("appointment.service_point_not_found", "服务点不存在", $"找不到服务点 {code}。");

    /// <summary>A yyyy-MM-dd date within 2000–2100, or null (absent, or wrong: then an error is added).</summary>
    internal static DateOnly? ParseDate(FieldErrors errors, string field, string? value, string label)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(field, $"{label}格式应为 yyyy-MM-dd");
            return null;
        }
        if (!InputRules.IsInRange(date))
        {
            errors.Add(field, $"{label}{InputRules.DateRangeMessage[2..]}", "date_range");
            return null;
        }
        return date;
    }
}
