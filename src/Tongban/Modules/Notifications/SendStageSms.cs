using Tongban.Infrastructure.Data;
using Tongban.Modules.Cases;
using Tongban.Modules.Cases.Changes;

namespace Tongban.Modules.Notifications;

/// <summary>The stage SMS commits with the stage: no status change (or extension) without its message (seed: 锁定短信环节).</summary>
internal sealed class SendStageSms : ICaseChangeHandler
{
    public Task HandleAsync(TongbanDb db, CaseChange change, CancellationToken ct)
    {
        if (change.IsFiling) return CaseMessages.QueueAsync(db, change.Case, "case.submitted", change.At, ct);
        if (!change.StatusChanged && change.Action != CaseAction.Extend) return Task.CompletedTask;
        return CaseMessages.QueueAsync(db, change.Case, CaseMessages.EventFor(change.Case, change.Action), change.At, ct);
    }
}
