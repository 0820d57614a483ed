using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Notifications;

/// <summary>
/// Texts to staff (supervision's alerts and directives) and what other modules may ask of the outbox; queued in the
/// caller's unit of work like every message, so a text is sent only if the change that caused it commits.
/// </summary>
internal static class StaffMessages
{
    /// <summary>No case number on the row: a case's notifications list is what its applicant was sent.</summary>
    public static void Queue(TongbanDb db, string mobile, string eventName, string text, DateTimeOffset now) =>
        db.OutboxMessages.Add(new OutboxMessage { Recipient = mobile, Event = eventName, Text = text, CreatedAt = now, NextAttemptAt = now });

    /// <summary>Which of these cases have an SMS to the applicant that failed for good.</summary>
    public static async Task<HashSet<string>> CasesWithFailedSmsAsync(TongbanDb db, IReadOnlyCollection<string> caseNumbers, CancellationToken ct) =>
        (await db.OutboxMessages.Where(m => m.CaseNumber != null && caseNumbers.Contains(m.CaseNumber) && m.Status == MessageStatus.PermanentFailure)
            .Select(m => m.CaseNumber!).Distinct().ToListAsync(ct)).ToHashSet();
}
