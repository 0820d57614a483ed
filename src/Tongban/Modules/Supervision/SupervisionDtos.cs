using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Supervision;

internal sealed record AlertEscalationDto(int Level, DateTimeOffset At, string ToRole, string ToNames);

internal sealed record DirectiveDto(long Id, long AlertId, string CaseNumber, string Text, DateTimeOffset SentAt, string SentBy, string ToDepartmentCode,
    DateTimeOffset Deadline, string? Answer, DateTimeOffset? AnsweredAt, string? AnsweredBy);

/// <summary>API.md Supervision: one alert row (GB/T 39046 table 11 fields), with the case's and department's names for people.</summary>
internal sealed record AlertDto(long Id, string Number, string CaseNumber, string ItemName, string DepartmentCode, string DepartmentName, string ServicePointCode,
    string RuleCode, string RuleName, AlertLevel Level, string IssuedTo, DateTimeOffset RaisedAt, DateTimeOffset? EscalatedAt, int EscalationLevel,
    DateTimeOffset? ResolvedAt, string? Result, string Message, int OpenDirectives);

/// <summary>The supervision records of one case (the case view's `supervision` list): alerts with their escalations and directives.</summary>
internal sealed record CaseSupervisionDto(long Id, string Number, string RuleCode, string RuleName, AlertLevel Level, string IssuedTo, string Message,
    DateTimeOffset RaisedAt, DateTimeOffset? EscalatedAt, DateTimeOffset? ResolvedAt, string? Result,
    IReadOnlyList<AlertEscalationDto> Escalations, IReadOnlyList<DirectiveDto> Directives);

/// <summary>What another module reads of supervision (DESIGN §3: through a small public service, never its tables).</summary>
internal static class CaseSupervision
{
    public static async Task<IReadOnlyList<CaseSupervisionDto>> ForCaseAsync(TongbanDb db, long caseId, CancellationToken ct)
    {
        var alerts = await AlertsOf.For(db)(db, caseId).ToListAsync(ct);
        return [.. alerts.Select(a => new CaseSupervisionDto(a.Id, a.Number, a.RuleCode, SupervisionRules.Name(a.RuleCode), a.Level, a.IssuedTo, a.Message,
            a.RaisedAt, a.EscalatedAt, a.ResolvedAt, a.Result,
            [.. a.Escalations.OrderBy(e => e.Level).Select(e => new AlertEscalationDto(e.Level, e.At, e.ToRole, e.ToNames))],
            [.. a.Directives.OrderBy(d => d.Id).Select(ToDto)]))];
    }

    /// <summary>Compiled: every case view reads it (<see cref="CompiledPerModel{TQuery}"/>).</summary>
    private static readonly CompiledPerModel<Func<TongbanDb, long, IAsyncEnumerable<SupervisionAlert>>> AlertsOf = new(() =>
        EF.CompileAsyncQuery<TongbanDb, long, SupervisionAlert>((db, caseId) => db.SupervisionAlerts.AsNoTracking().AsSplitQuery().Include(a => a.Escalations).Include(a => a.Directives)
            .Where(a => a.CaseId == caseId).OrderBy(a => a.RaisedAt).ThenBy(a => a.Id)));

    public static DirectiveDto ToDto(SupervisionDirective d) =>
        new(d.Id, d.AlertId, d.CaseNumber, d.Text, d.SentAt, d.SentByName, d.ToDepartmentCode, d.Deadline, d.Answer, d.AnsweredAt, d.AnsweredByName);
}
