namespace Tongban.Modules.Supervision;

/// <summary>Tongban:Supervision — thresholds of the rules and the working hours reminders keep to (docs/configuration.md).</summary>
internal sealed class SupervisionOptions
{
    public const string Section = "Tongban:Supervision";

    /// <summary>Run the watcher every <see cref="Interval"/>. The tests turn it off and tick themselves.</summary>
    public bool WatchInBackground { get; set; } = true;
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Cases claimed per transaction.</summary>
    public int BatchSize { get; set; } = 200;
    /// <summary>On SQLite a claimed case is leased this long; a node that dies mid-check leaves it due again afterwards.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>SV01 yellow: working days left to the promised due date (after today) at or below which the case is yellow.</summary>
    public int YellowWorkingDaysLeft { get; set; } = 1;
    /// <summary>SV01 also turns yellow when this share of the promised limit is left (0.2 = the last 20 %); 0 turns it off.</summary>
    public double YellowLimitShare { get; set; }
    /// <summary>SV05: working days the applicant has to answer a correction notice before the clerk is told to follow up.</summary>
    public int CorrectionWorkingDays { get; set; } = 10;
    /// <summary>Working time an unresolved red or critical alert waits before each escalation step.</summary>
    public TimeSpan EscalationAfter { get; set; } = TimeSpan.FromHours(4);
    /// <summary>Working time a directive gives for its answer when the sender sets no deadline.</summary>
    public TimeSpan DirectiveAnswerWithin { get; set; } = TimeSpan.FromHours(8);
    /// <summary>SV11: working time after a directive's overdue reminder to the handler before the supervisor who sent it is told.</summary>
    public TimeSpan DirectiveOverdueEscalateAfter { get; set; } = TimeSpan.FromHours(4);
    /// <summary>SV08: a material recorded up to this long after acceptance still counts as present at acceptance (imported records carry another system's clock).</summary>
    public TimeSpan MaterialGraceAfterAcceptance { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>SV09: a step recorded more than this before the step before it is out of order (clock differences between systems below it are tolerated).</summary>
    public TimeSpan StepClockSkew { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>SV10: organisation codes (e.g. a 综合窗口 or 代办 office) whose staff may act on any department's cases; their steps are not flagged.</summary>
    public List<string> OrganizationsActingForAll { get; set; } = [];
    /// <summary>Rule codes switched off (e.g. ["SV10"] while imported data is being cleaned up).</summary>
    public List<string> DisabledRules { get; set; } = [];
    /// <summary>Live feed (GET /api/supervision/alerts/live): how often a connection looks for changes made on other nodes, and sends a heartbeat.</summary>
    public TimeSpan LivePollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Send reminders and escalations by SMS too (in-app always): to staff with a mobile number.</summary>
    public bool SendSms { get; set; } = true;

    /// <summary>Working hours in Asia/Shanghai on working days of the business calendar.</summary>
    public TimeSpan MorningStart { get; set; } = new(8, 30, 0);
    public TimeSpan MorningEnd { get; set; } = new(12, 0, 0);
    public TimeSpan AfternoonStart { get; set; } = new(14, 0, 0);
    public TimeSpan AfternoonEnd { get; set; } = new(17, 30, 0);

    public WorkingHours Hours => new(MorningStart, MorningEnd, AfternoonStart, AfternoonEnd);

    /// <summary>Checked at start: a wrong value stops the start with the key named.</summary>
    public IEnumerable<string> Validate()
    {
        if (Interval <= TimeSpan.Zero) yield return $"{Section}:Interval must be positive";
        if (BatchSize is < 1 or > 10_000) yield return $"{Section}:BatchSize must be between 1 and 10000";
        if (Lease <= TimeSpan.Zero) yield return $"{Section}:Lease must be positive";
        if (YellowWorkingDaysLeft < 0) yield return $"{Section}:YellowWorkingDaysLeft must not be negative";
        if (YellowLimitShare is < 0 or > 1) yield return $"{Section}:YellowLimitShare must be between 0 and 1";
        if (CorrectionWorkingDays < 1) yield return $"{Section}:CorrectionWorkingDays must be at least 1";
        if (EscalationAfter <= TimeSpan.Zero) yield return $"{Section}:EscalationAfter must be positive";
        if (DirectiveAnswerWithin <= TimeSpan.Zero) yield return $"{Section}:DirectiveAnswerWithin must be positive";
        if (DirectiveOverdueEscalateAfter <= TimeSpan.Zero) yield return $"{Section}:DirectiveOverdueEscalateAfter must be positive";
        if (MaterialGraceAfterAcceptance < TimeSpan.Zero) yield return $"{Section}:MaterialGraceAfterAcceptance must not be negative";
        if (StepClockSkew < TimeSpan.Zero) yield return $"{Section}:StepClockSkew must not be negative";
        if (LivePollInterval < TimeSpan.FromSeconds(1)) yield return $"{Section}:LivePollInterval must be at least 1 second";
        foreach (var code in DisabledRules.Where(c => !SupervisionRules.All.Contains(c)))
            yield return $"{Section}:DisabledRules: unknown rule {code} (known: {string.Join(", ", SupervisionRules.All)})";
        if (!(TimeSpan.Zero <= MorningStart && MorningStart < MorningEnd && MorningEnd <= AfternoonStart && AfternoonStart < AfternoonEnd && AfternoonEnd <= TimeSpan.FromDays(1)))
            yield return $"{Section}: working hours must be ordered MorningStart < MorningEnd <= AfternoonStart < AfternoonEnd within one day";
    }
}
