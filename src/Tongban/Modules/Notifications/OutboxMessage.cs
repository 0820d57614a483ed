using System.Security.Cryptography;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Notifications;

/// <summary>GOV.UK Notify-style delivery states (anchors §3.1), plus <see cref="Suppressed"/> for a message the rules dropped on purpose.</summary>
internal enum MessageStatus
{
    /// <summary>Queued; not yet tried (or put back by quiet hours or the per-number limit).</summary>
    Created,
    /// <summary>Claimed by a dispatcher; its lease is in <see cref="OutboxMessage.NextAttemptAt"/>.</summary>
    Sending,
    /// <summary>The gateway accepted it; no delivery report yet.</summary>
    Sent,
    /// <summary>The operator reported delivery to the phone.</summary>
    Delivered,
    /// <summary>The last try failed; another follows at <see cref="OutboxMessage.NextAttemptAt"/> (backoff).</summary>
    TemporaryFailure,
    /// <summary>Given up: retries exhausted (24 hours), the gateway refused it, or the operator reported non-delivery.</summary>
    PermanentFailure,
    /// <summary>Not sent on purpose: the same text went to the number moments ago, or the number opted out of optional messages.</summary>
    Suppressed,
}

/// <summary>
/// A message to leave the process (DESIGN §3 rule 5): written in the same transaction as the change
/// it announces, delivered afterwards by <see cref="OutboxDispatcher"/>. A stage never advances without
/// its SMS, and a crash after the commit loses nothing: the row is still there to send.
/// </summary>
internal sealed class OutboxMessage : IHasBlindIndexes
{
    public long Id { get; init; }
    public string Channel { get; init; } = "sms";
    /// <summary>Mobile number, encrypted at rest; found through <see cref="RecipientIndex"/>.</summary>
    public required string Recipient { get; init; }
    public string RecipientIndex { get; set; } = "";

    /// <summary>The recipient never changes after the message is written.</summary>
    public void UpdateBlindIndexes(bool isNew)
    {
        if (isNew) RecipientIndex = PersonalData.BlindIndex(Recipient);
    }
    /// <summary>What happened: case.submitted, case.accepted, auth.otp … (the template the text came from).</summary>
    public required string Event { get; init; }
    public required string Text { get; init; }
    public string? CaseNumber { get; init; }
    public MessageStatus Status { get; set; } = MessageStatus.Created;
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>When the operator's delivery report (or the final failure) arrived.</summary>
    public DateTimeOffset? CompletedAt { get; set; }
    public string? ProviderId { get; set; }
    public string? LastError { get; set; }
    /// <summary>
    /// Secret in the delivery-report URL handed to the gateway: the callback is anonymous (Kannel cannot log in),
    /// so only who knows this per-message value can set the message's delivery status.
    /// </summary>
    public string CallbackToken { get; init; } = NewToken();

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

/// <summary>A number that answered "TD": optional messages (library access notices, reminders) are no longer sent to it. Stage messages still are.</summary>
internal sealed class SmsOptOut
{
    public required string RecipientIndex { get; init; }
    public DateTimeOffset OptedOutAt { get; set; }
}
