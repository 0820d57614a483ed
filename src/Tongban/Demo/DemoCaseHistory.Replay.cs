using Tongban.Infrastructure.Data;
using Tongban.Modules.Audit;
using Tongban.Modules.Evaluation;
using Tongban.Modules.Evaluation.Rectification;

namespace Tongban.Demo;

/// <summary>What the history's replay needs beside its loop: the clock its audit entries carry, and the 差评整改 step.</summary>
internal static partial class DemoCaseHistory
{
    /// <summary>The audit trail's clock while replaying history: each entry carries the time of its action.</summary>
    private sealed class HistoryClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>A 差评 opens its work order (差评整改), with the steps its age allows, each audited at its own time.</summary>
    private static async Task<RectificationOrder?> OpenRectificationAsync(TongbanDb db, DemoRectifications rectifications, CaseEvaluation evaluation,
        AuditTrail trail, HistoryClock historyClock, CancellationToken ct)
    {
        if (rectifications.Open(evaluation) is not { } opened) return null;
        foreach (var (at, e) in opened.Audits)
        {
            historyClock.Now = at;
            await trail.AppendAsync(db, e, ct);
        }
        return opened.Order;
    }
}
