using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Cases;
using Tongban.Modules.Cases.Changes;

namespace Tongban.Modules.Notifications;

/// <summary>补正提醒: a correction notice schedules its reminders; leaving 待补正 ends them.</summary>
internal sealed class ScheduleSupplementReminders(IOptions<SmsOptions> options) : ICaseChangeHandler
{
    public Task HandleAsync(TongbanDb db, CaseChange change, CancellationToken ct)
    {
        if (change.IsFiling || !change.StatusChanged) return Task.CompletedTask;
        if (change.Case.Status != CaseStatus.CorrectionRequested && change.StatusBefore != CaseStatus.CorrectionRequested) return Task.CompletedTask;
        return SupplementReminderScanner.OnCaseEventAsync(db, change.Case, change.Calendar, options.Value.SupplementReminders, change.At, ct);
    }
}
