using System.Data;
using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;
using MiniExcelLibs;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Analytics;

/// <summary>A statistics table as it is exported: Chinese headers, one array of cell values per row.</summary>
internal sealed record ExportTable(string Title, string FileStem, IReadOnlyList<(string Header, Type Type)> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>
/// GET /api/stats/{table}/export?format=csv|xlsx&amp;(the table's filters) — every statistics table as a file:
/// overview, departments (with 最多跑一次 / 一趟不用跑), windows/ranking, kiosks, trends (all metrics per day).
/// Same filters and the same department restriction as the JSON endpoint (it runs the same query); the file is named
/// e.g. 部门统计_2026-11-01_2026-11-30.xlsx (RFC 5987 filename*). CSV is UTF-8 with a BOM so Excel reads the Chinese.
/// A cell that begins with = + - @ (or a tab or carriage return) is prefixed with ' so no spreadsheet runs it as a formula
/// (a department or window name is typed by an administrator). Each export is audited in the exporter's stream.
/// </summary>
internal static class ExportStats
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void Map(RouteGroupBuilder api)
    {
        var stats = api.MapGroup("/stats").RequireAuthorization(Policies.Staff).WithTags("Statistics");
        void Export(string path, string name, string summary, Func<TongbanDb, StatsScope, CancellationToken, Task<ExportTable>> table) =>
            stats.MapGet(path, (HttpContext http, TongbanDb db, TimeProvider clock, AuditTrail audit, ILoggerFactory logs, [System.ComponentModel.Description("导出格式：csv 或 xlsx")] string? format, [AsParameters] StatsFilter filter,
                    CancellationToken ct) => Handle(http, db, clock, audit, logs, format, filter, table, ct))
                .Produces<byte[]>(200, XlsxType, CsvType).ProducesValidationProblem().ProducesProblem(403)
                .WithName(name).WithSummary(summary);
        Export("/overview/export", "ExportStatsOverview", "导出办件统计总览（CSV/XLSX）", OverviewTable);
        Export("/departments/export", "ExportStatsByDepartment", "导出分部门统计（CSV/XLSX）", DepartmentsTable);
        Export("/windows/ranking/export", "ExportStatsWindowRanking", "导出窗口办件排行（CSV/XLSX）", WindowRankingTable);
        Export("/kiosks/export", "ExportStatsKiosks", "导出自助终端申办量（CSV/XLSX）", KiosksTable);
        Export("/trends/export", "ExportStatsTrends", "导出按日趋势（全部指标，CSV/XLSX）", TrendsTable);
        Export("/satisfaction/export", "ExportStatsSatisfaction", "导出好差评统计（等级分布与差评原因，CSV/XLSX）", SatisfactionTable);
        Export("/declines/export", "ExportStatsDeclines", "导出下滑预警（当前，CSV/XLSX）", DeclinesTable);
        Export("/certificates/export", "ExportStatsCertificates", "导出电子证照统计（生成、存量转化、调用，分部门，CSV/XLSX）", CertificatesTable);
    }

    private static async Task<IResult> Handle(HttpContext http, TongbanDb db, TimeProvider clock, AuditTrail audit, ILoggerFactory logs, string? format,
        StatsFilter filter, Func<TongbanDb, StatsScope, CancellationToken, Task<ExportTable>> build, CancellationToken ct)
    {
        var kind = format?.Trim().ToLowerInvariant();
        if (kind is not ("csv" or "xlsx")) return new FieldErrors().Add("format", "导出格式只能是 csv 或 xlsx").ToResult();
        var (scope, problem) = await StatsScope.ResolveAsync(http, db, clock, filter, ct);
        if (problem is not null) return problem;
        var table = await build(db, scope!, ct);
        var bytes = kind == "csv" ? Csv(table) : Xlsx(table);

        var actor = AuditActor.FromHttp(http);
        await audit.RecordAsync(db, new AuditEvent(AuditStreams.Of(actor), actor, "stats.export", null,
            $"导出{table.Title}（{kind}，{table.Rows.Count} 行）：{scope!.Describe()}"), ct);
        logs.CreateLogger(typeof(ExportStats)).LogInformation("Statistics export {Table} as {Format} by staff {StaffId}: {Rows} rows, {Filters}",
            table.FileStem, kind, actor.Id, table.Rows.Count, scope.Describe());

        var stem = $"{scope.From:yyyy-MM-dd}_{scope.To:yyyy-MM-dd}.{kind}";
        http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"{table.FileStem}_{stem}", // ASCII fallback for old clients
            FileNameStar = $"{table.Title}_{stem}",
        }.ToString();
        return TypedResults.Bytes(bytes, kind == "csv" ? CsvType : XlsxType);
    }

    /// <summary>A text cell that a spreadsheet would read as a formula gets a leading apostrophe (OWASP CSV injection).</summary>
    public static string Defuse(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    internal static byte[] Csv(ExportTable table)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', table.Columns.Select(c => Quote(c.Header))).Append("\r\n");
        foreach (var row in table.Rows) sb.AppendJoin(',', row.Select(Cell)).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];

        static string Cell(object? v) => v switch
        {
            null => "",
            string s => Quote(Defuse(s)),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => Quote(Defuse(v.ToString() ?? "")),
        };

        static string Quote(string s) => s.IndexOfAny([',', '"', '\r', '\n']) < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    internal static byte[] Xlsx(ExportTable table)
    {
        // A DataTable keeps the headers even when there are no rows (a list of dictionaries would not).
        using var data = new DataTable(table.Title) { Locale = CultureInfo.InvariantCulture };
        foreach (var (header, type) in table.Columns) data.Columns.Add(header, type == typeof(DateOnly) ? typeof(string) : Nullable.GetUnderlyingType(type) ?? type);
        foreach (var row in table.Rows)
            data.Rows.Add([.. row.Select(v => v switch
            {
                null => DBNull.Value,
                string s => Defuse(s),
                DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                _ => v,
            })]);
        using var stream = new MemoryStream();
        stream.SaveAs(data, printHeader: true, sheetName: table.Title, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static double? Percent(double? rate) => rate is { } r ? Math.Round(r * 100, 2) : null;

    internal static async Task<ExportTable> OverviewTable(TongbanDb db, StatsScope scope, CancellationToken ct)
    {
        var o = await StatsQueries.OverviewOf(db, scope, ct);
        return new ExportTable("办件统计总览", "stats-overview",
        [
            ("开始日期", typeof(DateOnly)), ("结束日期", typeof(DateOnly)), ("申办量", typeof(int)), ("受理量", typeof(int)), ("不予受理", typeof(int)),
            ("办结量", typeof(int)), ("按时办结", typeof(int)), ("超期办结", typeof(int)), ("撤回或终止", typeof(int)), ("一次性告知", typeof(int)),
            ("材料复用", typeof(int)), ("网上申办", typeof(int)), ("掌上申办", typeof(int)), ("自助终端申办", typeof(int)), ("窗口申办", typeof(int)),
            ("按时办结率(%)", typeof(double)), ("办结率(%)", typeof(double)), ("满意率(%)", typeof(double)),
            ("电子证照生成", typeof(int)), ("电子证照调用", typeof(int)),
        ],
        [[o.From, o.To, o.Submitted, o.Accepted, o.NotAccepted, o.Completed, o.OnTime, o.Overdue, o.Withdrawn, o.Corrections, o.MaterialsReused,
            o.Online, o.Mobile, o.Kiosk, o.Window, Percent(o.OnTimeRate), Percent(o.CompletionRate), Percent(o.SatisfactionRate),
            o.CertificatesIssued, o.CertificatesUsed]]);
    }

    internal static async Task<ExportTable> DepartmentsTable(TongbanDb db, StatsScope scope, CancellationToken ct)
    {
        var rows = await StatsQueries.DepartmentsOf(db, scope, ct);
        return new ExportTable("部门统计", "stats-departments",
        [
            ("部门编码", typeof(string)), ("部门名称", typeof(string)), ("申办量", typeof(int)), ("受理量", typeof(int)), ("办结量", typeof(int)),
            ("按时办结", typeof(int)), ("超期办结", typeof(int)), ("网上申办(含掌上)", typeof(int)), ("自助终端申办", typeof(int)), ("窗口申办", typeof(int)),
            ("材料复用", typeof(int)), ("最多跑一次事项数", typeof(int)), ("最多跑一次办件量", typeof(int)), ("一趟不用跑事项数", typeof(int)), ("一趟不用跑办件量", typeof(int)),
        ],
        [.. rows.Select(d => new object?[] { d.DepartmentCode, d.DepartmentName, d.Submitted, d.Accepted, d.Completed, d.OnTime, d.Overdue,
            d.Online, d.Kiosk, d.Window, d.MaterialsReused, d.OneVisitItems, d.OneVisitCases, d.ZeroVisitItems, d.ZeroVisitCases })]);
    }

    internal static async Task<ExportTable> WindowRankingTable(TongbanDb db, StatsScope scope, CancellationToken ct)
    {
        var rows = await StatsQueries.WindowRankingOf(db, scope, ct);
        return new ExportTable("窗口排行", "stats-windows",
        [
            ("排名", typeof(int)), ("窗口编码", typeof(string)), ("窗口名称", typeof(string)), ("服务网点编码", typeof(string)), ("服务网点", typeof(string)),
            ("收件量", typeof(int)), ("受理量", typeof(int)), ("办结量", typeof(int)), ("按时办结", typeof(int)),
        ],
        [.. rows.Select(w => new object?[] { w.Rank, w.WindowCode, w.WindowName, w.ServicePointCode, w.ServicePointName, w.Handled, w.Accepted, w.Completed, w.OnTime })]);
    }

    internal static async Task<ExportTable> KiosksTable(TongbanDb db, StatsScope scope, CancellationToken ct)
    {
        var rows = await StatsQueries.KiosksOf(db, scope, ct);
        return new ExportTable("自助终端统计", "stats-kiosks",
        [
            ("终端编码", typeof(string)), ("终端名称", typeof(string)), ("放置地点", typeof(string)), ("服务网点编码", typeof(string)), ("申办量", typeof(int)), ("办结量", typeof(int)),
        ],
        [.. rows.Select(k => new object?[] { k.KioskCode, k.KioskName, k.Location, k.ServicePointCode, k.Applications, k.Completed })]);
    }

    internal static async Task<ExportTable> TrendsTable(TongbanDb db, StatsScope scope, CancellationToken ct)
    {
        var days = await StatsQueries.DailyOf(db, scope, ct);
        return new ExportTable("每日趋势", "stats-trends",
        [
            ("日期", typeof(DateOnly)), ("申办量", typeof(int)), ("受理量", typeof(int)), ("办结量", typeof(int)), ("按时办结", typeof(int)),
            ("超期办结", typeof(int)), ("一次性告知", typeof(int)), ("材料复用", typeof(int)),
        ],
        [.. days.Select(d => new object?[] { d.Day, d.Submitted, d.Accepted, d.Completed, d.OnTime, d.Overdue, d.Corrections, d.MaterialsReused })]);
    }

    /// <summary>好差评: one row per level, then one per reason given for a bad rating (满意率 in the first row's last column).</summary>
    internal static async Task<ExportTable> SatisfactionTable(TongbanDb db, StatsScope scope, CancellationToken ct)
    {
        // "Today" only decides which open orders are overdue, a figure the file does not carry: the period's end stands in.
        var st = await SatisfactionStats.OfAsync(db, scope, scope.To, ct);
        var rows = new List<object?[]>();
        rows.AddRange(st.Levels.Select(l => new object?[] { "评价等级", l.Name, l.Count, st.Rated == 0 ? null : Math.Round(100.0 * l.Count / st.Rated, 2) }));
        rows.AddRange(st.BadReasons.Select(r => new object?[] { "差评原因", r.Name, r.Count, null }));
        var r = st.Rectification;
        rows.Add(["差评整改", "实名差评回访率（按时回访/差评）", r.CalledBackInTime, Percent(r.CallbackRate)]);
        rows.Add(["差评整改", "整改率（已整改/差评）", r.Resolved, Percent(r.RectificationRate)]);
        rows.Add(["差评整改", "申诉成立（不计入）", r.AppealUpheld, null]);
        rows.Add(["合计", $"评价数 {st.Rated}，满意率 {(st.SatisfactionRate is { } rate ? $"{Math.Round(rate * 100, 2)}%" : "—")}", st.Rated, Percent(st.SatisfactionRate)]);
        return new ExportTable("好差评统计", "stats-satisfaction",
            [("类别", typeof(string)), ("项目", typeof(string)), ("数量", typeof(int)), ("占比(%)", typeof(double))], rows);
    }

    /// <summary>
    /// 电子证照: one row per department, then 合计. 存量转化 is empty (not 0) when an item, channel or service point filter is set:
    /// a conversion belongs to no case.
    /// </summary>
    internal static async Task<ExportTable> CertificatesTable(TongbanDb db, StatsScope scope, CancellationToken ct)
    {
        var st = await CertificateStats.OfAsync(db, scope, ct);
        var rows = new List<object?[]>();
        rows.AddRange(st.Departments.Select(d => new object?[] { d.DepartmentCode, d.DepartmentName, d.Issued, d.Converted, d.Used, d.CertificateItems }));
        rows.Add(["合计", "", st.Totals.Issued, st.Totals.Converted, st.Totals.Used, st.Departments.Sum(d => d.CertificateItems)]);
        return new ExportTable("电子证照统计", "stats-certificates",
        [
            ("部门编码", typeof(string)), ("部门名称", typeof(string)), ("电子证照生成", typeof(int)), ("存量转化", typeof(int?)), ("电子证照调用", typeof(int)),
            ("发证事项数", typeof(int)),
        ], rows);
    }

    /// <summary>下滑预警: the declines the daily scan currently finds (not tied to the period; the department filter applies).</summary>
    internal static async Task<ExportTable> DeclinesTable(TongbanDb db, StatsScope scope, CancellationToken ct)
    {
        var rows = await ListDeclines.OfAsync(db, scope.Department, ct);
        static string Subject(DeclineSubject s) => s switch { DeclineSubject.Item => "事项", DeclineSubject.Department => "部门", DeclineSubject.Window => "窗口", _ => "窗口事项" };
        return new ExportTable("下滑预警", "stats-declines",
        [
            ("对象", typeof(string)), ("部门", typeof(string)), ("事项", typeof(string)), ("窗口", typeof(string)), ("指标", typeof(string)),
            ("基线", typeof(double)), ("近两周", typeof(double)), ("下降", typeof(double)), ("近两周自", typeof(DateOnly)), ("近两周至", typeof(DateOnly)),
        ],
        [.. rows.Select(d => new object?[] { Subject(d.Subject), d.DepartmentName ?? d.DepartmentCode, d.ItemName ?? d.ItemCode, d.WindowName ?? d.WindowCode,
            d.Metric == DeclineMetric.CompletionRate ? "办结率" : "申办量", d.Baseline, d.Recent, d.DropRatio, d.RecentFrom, d.RecentTo })]);
    }
}
