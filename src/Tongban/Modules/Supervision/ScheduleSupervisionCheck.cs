using Tongban.Infrastructure.Data;
using Tongban.Modules.Cases.Changes;

namespace Tongban.Modules.Supervision;

/// <summary>A changed case (status or dates) is looked at again by the watcher at once, which also resolves alerts that no longer apply.</summary>
internal sealed class ScheduleSupervisionCheck : ICaseChangeHandler
{
    public Task HandleAsync(TongbanDb db, CaseChange change, CancellationToken ct)
    {
        change.Case.NextCheckAt = change.At;
        return Task.CompletedTask;
    }
}
