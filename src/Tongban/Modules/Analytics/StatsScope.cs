using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Cases;
using Tongban.Modules.Identity;

namespace Tongban.Modules.Analytics;

/// <summary>
/// The filters every statistics endpoint and export takes from the query string (bound with [AsParameters]):
/// period, department, item, channel and service point. <see cref="StatsScope.ResolveAsync"/> checks them in one place.
/// </summary>
internal sealed class StatsFilter
{
    [FromQuery(Name = "from"), Description("开始日期（含），默认本月 1 日")]
    public DateOnly? From { get; init; }

    [FromQuery(Name = "to"), Description("结束日期（含），默认今天")]
    public DateOnly? To { get; init; }

    [FromQuery(Name = "department"), Description("部门编码")]
    public string? Department { get; init; }

    [FromQuery(Name = "item"), Description("事项编码")]
    public string? Item { get; init; }

    [FromQuery(Name = "channel"), Description("申办渠道：online、mobile、kiosk、window")]
    public string? Channel { get; init; }

    [FromQuery(Name = "servicePoint"), Description("服务网点编码（受理网点）")]
    public string? ServicePoint { get; init; }
}

/// <summary>The period, department, item, channel and service point a statistics request asks about, checked once for every endpoint.</summary>
internal sealed record StatsScope(DateOnly From, DateOnly To, string? Department)
{
    public const int MaxDays = 366 * 3;

    /// <summary>Only the cases of this item (事项编码).</summary>
    public string? Item { get; init; }

    /// <summary>Only the cases that came through this channel.</summary>
    public ApplicationChannel? Channel { get; init; }

    /// <summary>Only the cases received at this service point.</summary>
    public string? ServicePoint { get; init; }

    /// <summary>The JSON names of the channels (as cases and the catalog spell them), for parsing the filter.</summary>
    private static readonly Dictionary<string, ApplicationChannel> ChannelNames = Enum.GetValues<ApplicationChannel>()
        .ToDictionary(c => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(c.ToString()), StringComparer.OrdinalIgnoreCase);

    public static string ChannelName(ApplicationChannel channel) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(channel.ToString());

    /// <summary>
    /// Period and department only (the live feed, and endpoints that take no other filter).
    /// Defaults to the current month; a staff member bound to a department sees that department only
    /// (analysts, supervisors and admins see the whole center).
    /// </summary>
    public static (StatsScope? Scope, IResult? Problem) Resolve(HttpContext http, TimeProvider clock, DateOnly? from, DateOnly? to, string? department)
    {
        var errors = new FieldErrors();
        var (start, end) = Period(clock, from, to, errors);
        if (errors.Any) return (null, errors.ToResult());
        var (own, forbidden) = Restrict(http, department);
        if (forbidden is not null) return (null, forbidden);
        return (new StatsScope(start, end, own), null);
    }

    /// <summary>
    /// All filters: the period as <see cref="Resolve"/>, the channel by its JSON name (unknown → 400 naming "channel"),
    /// and department, item and service point codes that must exist (a mistyped code in a shared link would
    /// otherwise show zeros as if nothing had happened). Department staff keep to their department (403 otherwise).
    /// </summary>
    public static async Task<(StatsScope? Scope, IResult? Problem)> ResolveAsync(HttpContext http, TongbanDb db, TimeProvider clock, StatsFilter filter, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (start, end) = Period(clock, filter.From, filter.To, errors);
        ApplicationChannel? channel = null;
        if (!string.IsNullOrWhiteSpace(filter.Channel))
        {
            if (ChannelNames.TryGetValue(filter.Channel.Trim(), out var c)) channel = c;
            else errors.Add("channel", "申办渠道只能是 online（网上）、mobile（掌上）、kiosk（自助终端）或 window（窗口）");
        }
        if (errors.Any) return (null, errors.ToResult());
        var (department, forbidden) = Restrict(http, Blank(filter.Department));
        if (forbidden is not null) return (null, forbidden);
        var item = Blank(filter.Item);
        var point = Blank(filter.ServicePoint);
        if (department is not null && !await db.Departments.AnyAsync(d => d.Code == department, ct)) errors.Add("department", "没有这个部门编码");
        if (item is not null && !await db.ItemVersions.AnyAsync(i => i.Code == item, ct)) errors.Add("item", "没有这个事项编码");
        if (point is not null && !await db.ServicePoints.AnyAsync(p => p.Code == point, ct)) errors.Add("servicePoint", "没有这个服务网点编码");
        if (errors.Any) return (null, errors.ToResult());
        return (new StatsScope(start, end, department) { Item = item, Channel = channel, ServicePoint = point }, null);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static (DateOnly Start, DateOnly End) Period(TimeProvider clock, DateOnly? from, DateOnly? to, FieldErrors errors)
    {
        var today = ChinaTime.Today(clock);
        var start = from ?? new DateOnly(today.Year, today.Month, 1);
        var end = to ?? today;
        if (end < start) errors.Add("to", "结束日期不能早于开始日期");
        else if (end.DayNumber - start.DayNumber > MaxDays) errors.Add("to", $"统计区间不能超过 {MaxDays} 天");
        return (start, end);
    }

    /// <summary>The department the caller may see: any (or the one asked for) for center-wide roles, their own for department staff.</summary>
    private static (string? Department, IResult? Forbidden) Restrict(HttpContext http, string? department)
    {
        var staff = StaffActor.From(http.User)!;
        if (IsCenterWide(staff)) return (string.IsNullOrWhiteSpace(department) ? null : department, null);
        if (staff.DepartmentCode is null)
            return (null, Problems.Of(StatusCodes.Status403Forbidden, "stats.forbidden", "无权查看统计", "统计数据仅对统计分析、监察人员和部门工作人员开放。"));
        if (!string.IsNullOrWhiteSpace(department) && department != staff.DepartmentCode)
            return (null, Problems.Of(StatusCodes.Status403Forbidden, "stats.forbidden", "无权查看其他部门的统计", $"您属于部门 {staff.DepartmentCode}。"));
        return (staff.DepartmentCode, null);
    }

    public static bool IsCenterWide(StaffActor staff) => staff.IsIn(StaffRoles.Analyst) || staff.IsIn(StaffRoles.Supervisor) || staff.IsIn(StaffRoles.Admin);

    public IQueryable<DailyCaseStat> Apply(IQueryable<DailyCaseStat> rows)
    {
        var (from, to) = (From, To);
        rows = rows.Where(r => r.Day >= from && r.Day <= to);
        if (Department is { } d) rows = rows.Where(r => r.DepartmentCode == d);
        if (Item is { } i) rows = rows.Where(r => r.ItemCode == i);
        if (Channel is { } c) rows = rows.Where(r => r.Channel == c);
        if (ServicePoint is { } p) rows = rows.Where(r => r.ServicePointCode == p);
        return rows;
    }

    /// <summary>
    /// True when the dashboards' roll-up (<see cref="PeriodCaseStat"/>: department × channel × window/kiosk, by day and
    /// month) can answer: no item or service point filter. Otherwise the daily counters are read.
    /// </summary>
    public bool UsesRollup => Item is null && ServicePoint is null;

    /// <summary>
    /// The roll-up rows that cover the period exactly (whole months by month, the rest by day), filtered: summed over
    /// desks unless <paramref name="byDesk"/> (the window ranking and the kiosks).
    /// </summary>
    public IQueryable<PeriodCaseStat> Apply(IQueryable<PeriodCaseStat> rows, bool byDesk = false) => Filter(new PeriodCover(From, To).Apply(rows, byDesk));

    /// <summary>The roll-up's day rows of the period summed over desks (for per-day series), filtered.</summary>
    public IQueryable<PeriodCaseStat> ApplyDays(IQueryable<PeriodCaseStat> rows)
    {
        var (from, to) = (From, To);
        return Filter(rows.Where(r => r.Grain == PeriodCaseStat.DayAllDesks && r.PeriodStart >= from && r.PeriodStart <= to));
    }

    private IQueryable<PeriodCaseStat> Filter(IQueryable<PeriodCaseStat> rows)
    {
        if (!UsesRollup) throw new InvalidOperationException("The roll-up has no item or service point.");
        if (Department is { } d) rows = rows.Where(r => r.DepartmentCode == d);
        if (Channel is { } c) rows = rows.Where(r => r.Channel == c);
        return rows;
    }

    /// <summary>The filters in words, for audit entries: "2026-11-01 至 2026-11-30，部门 X，渠道 window".</summary>
    public string Describe()
    {
        var parts = new List<string> { $"{From:yyyy-MM-dd} 至 {To:yyyy-MM-dd}" };
        if (Department is not null) parts.Add($"部门 {Department}");
        if (Item is not null) parts.Add($"事项 {Item}");
        if (Channel is { } c) parts.Add($"渠道 {ChannelName(c)}");
        if (ServicePoint is not null) parts.Add($"网点 {ServicePoint}");
        return string.Join("，", parts);
    }
}
