using System.Text.Json;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Audit;

namespace Tongban.Modules.Cases.Changes;

/// <summary>事过留痕: every case change leaves its entry in the case's audit stream, in the change's transaction.</summary>
internal sealed class AuditCaseChange(AuditTrail audit) : ICaseChangeHandler
{
    public Task HandleAsync(TongbanDb db, CaseChange change, CancellationToken ct) =>
        // A filing (no action) starts the stream of a case number just allocated.
        audit.AppendAsync(db, Entry(change.Case, change.Action, change.StatusBefore, change.StepsBefore, change.AuditActor), ct, newStream: change.Action is null);

    /// <summary>The entry of a filing (no action) or of an action: the steps it added, and the status before and after.</summary>
    public static AuditEvent Entry(Case c, CaseAction? action, CaseStatus? statusBefore, int stepsBefore, AuditActor actor)
    {
        if (action is null)
            return new AuditEvent(AuditStreams.Case(c.Number), actor with { Channel = c.Channel.ToString().ToLowerInvariant() },
                "case.submit", c.Number, $"{Case.ChannelName(c.Channel)}收件：{c.ItemName}",
                After: JsonSerializer.Serialize(new { status = "submitted", itemCode = c.ItemCode, servicePointCode = c.ServicePointCode, materials = c.Materials.Count }));
        var steps = c.Steps.OrderBy(s => s.Sequence).Skip(stepsBefore).Select(s => s.Opinion is null ? s.Name : $"{s.Name}：{s.Opinion}");
        return new AuditEvent(AuditStreams.Case(c.Number), actor, CaseCommand.AuditAction(action.Value), c.Number,
            string.Join("；", steps), Before: Status(statusBefore!.Value), After: Status(c.Status));
    }

    private static string Status(CaseStatus status) => $"{{\"status\":\"{JsonNamingPolicy.CamelCase.ConvertName(status.ToString())}\"}}";
}
