namespace Tongban.Modules.Notifications;

/// <summary>Tongban:Sms — where SMS leave Tongban and the rules they obey (docs/configuration.md).</summary>
internal sealed class SmsOptions
{
    public const string Section = "Tongban:Sms";

    /// <summary>log | kannel | http.</summary>
    public string Provider { get; set; } = "log";
    public KannelOptions Kannel { get; set; } = new();
    public HttpSmsOptions Http { get; set; } = new();
    /// <summary>Non-urgent messages wait from this local time (Asia/Shanghai)…</summary>
    public TimeOnly QuietHoursStart { get; set; } = new(21, 0);
    /// <summary>…until this one.</summary>
    public TimeOnly QuietHoursEnd { get; set; } = new(8, 0);
    /// <summary>Non-urgent messages to one number within an hour; more wait for the next hour.</summary>
    public int MaxPerNumberPerHour { get; set; } = 10;
    /// <summary>The same text to the same number within this time is sent once.</summary>
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromHours(1);
    /// <summary>Total tries (the first and the retries with backoff, about 24 hours); then permanent failure.</summary>
    public int MaxAttempts { get; set; } = SmsRules.DefaultMaxAttempts;
    /// <summary>Wait after the first failed try; each further wait is 4 times longer (at most 52,000 s).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = SmsRules.DefaultRetryBaseDelay;
    /// <summary>How long a claimed message belongs to the node that claimed it; if that node dies mid-send, the message is due again after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>补正提醒 ahead of a correction notice's supplement deadline.</summary>
    public SupplementReminderOptions SupplementReminders { get; set; } = new();

    public IEnumerable<string> Validate()
    {
        if (Provider is not ("log" or "kannel" or "http")) yield return $"Tongban:Sms:Provider must be log, kannel or http (is \"{Provider}\").";
        if (Provider == "kannel")
        {
            if (!Uri.TryCreate(Kannel.SendUrl, UriKind.Absolute, out _)) yield return "Tongban:Sms:Kannel:SendUrl must be an absolute URL (e.g. http://127.0.0.1:13013/cgi-bin/sendsms).";
            if (string.IsNullOrEmpty(Kannel.Username)) yield return "Tongban:Sms:Kannel:Username is required.";
            if (!Uri.TryCreate(Kannel.DlrBaseUrl, UriKind.Absolute, out _)) yield return "Tongban:Sms:Kannel:DlrBaseUrl must be the absolute base URL Kannel calls back (e.g. https://tongban.example.gov.cn).";
        }
        if (Provider == "http")
        {
            if (!Uri.TryCreate(Http.Url, UriKind.Absolute, out _)) yield return "Tongban:Sms:Http:Url must be an absolute URL.";
            if (string.IsNullOrEmpty(Http.Secret) || Http.Secret.Length < 16) yield return "Tongban:Sms:Http:Secret must be at least 16 characters.";
        }
        if (MaxPerNumberPerHour < 1) yield return "Tongban:Sms:MaxPerNumberPerHour must be at least 1.";
        if (MaxAttempts < 1) yield return "Tongban:Sms:MaxAttempts must be at least 1.";
        if (RetryBaseDelay <= TimeSpan.Zero) yield return "Tongban:Sms:RetryBaseDelay must be positive.";
        // A lease shorter than a gateway call could let a second node send a message the first is still sending.
        if (Lease < TimeSpan.FromSeconds(5)) yield return "Tongban:Sms:Lease must be at least 00:00:05.";
        foreach (var problem in SupplementReminders.Validate()) yield return problem;
    }
}

/// <summary>Tongban:Sms:Kannel — Kannel's smsbox sendsms interface.</summary>
internal sealed class KannelOptions
{
    public string SendUrl { get; set; } = "";
    public string Username { get; set; } = "";
    public string Password { get; set; } = "";
    /// <summary>Sender number or short code (e.g. 10690…).</summary>
    public string From { get; set; } = "";
    /// <summary>Tongban's base URL as Kannel reaches it; delivery reports come back to {DlrBaseUrl}/api/sms/kannel/dlr/….</summary>
    public string DlrBaseUrl { get; set; } = "";
    /// <summary>Shared secret in the sms-service get-url (…/api/sms/kannel/inbound?token=…); without it inbound SMS are refused.</summary>
    public string InboundToken { get; set; } = "";
}

/// <summary>Tongban:Sms:Http — a commercial gateway taking signed JSON.</summary>
internal sealed class HttpSmsOptions
{
    public string Url { get; set; } = "";
    /// <summary>HMAC-SHA-256 key; the body's signature goes in X-Tongban-Signature, its timestamp in X-Tongban-Timestamp.</summary>
    public string Secret { get; set; } = "";
    public string From { get; set; } = "";
}
