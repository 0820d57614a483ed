namespace Tongban.Modules.Notifications;

/// <summary>GOV.UK Notify-style delivery states (anchors §3.1).</summary>
internal enum MessageStatus
{
    Created,
    Sending,
    Sent,
    Delivered,
    TemporaryFailure,
    PermanentFailure,
}

/// <summary>
/// A message to leave the process (DESIGN §3 rule 5): written in the same transaction as the change
/// it announces, delivered afterwards by <see cref="OutboxDispatcher"/>. A stage never advances without
/// its SMS, and a crash after the commit loses nothing: the row is still there to send.
/// </summary>
internal sealed class OutboxMessage
{
    public long Id { get; init; }
    public string Channel { get; init; } = "sms";
    /// <summary>Mobile number, encrypted at rest; found through <see cref="RecipientIndex"/>.</summary>
    public required string Recipient { get; init; }
    public string RecipientIndex { get; set; } = "";
    /// <summary>What happened: case.submitted, case.accepted, … (the template the text came from).</summary>
    public required string Event { get; init; }
    public required string Text { get; init; }
    public string? CaseNumber { get; init; }
    public MessageStatus Status { get; set; } = MessageStatus.Created;
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; set; }
    public string? ProviderId { get; set; }
    public string? LastError { get; set; }
}
