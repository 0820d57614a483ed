namespace Tongban.Modules.Evaluation.Rectification;

/// <summary>Tongban:Rectification — the deadlines of a 差评整改工单 in working days (docs/configuration.md).</summary>
internal sealed class RectificationOptions
{
    public const string Section = "Tongban:Rectification";

    /// <summary>回访: working days after the rating day to call the rater back (national practice: 1).</summary>
    public int CallbackWorkingDays { get; set; } = 1;

    /// <summary>整改: working days after the rating day to rectify and report back (成都: 15; some cities 5).</summary>
    public int RectifyWorkingDays { get; set; } = 15;

    public IEnumerable<string> Validate()
    {
        if (CallbackWorkingDays is < 1 or > 30) yield return "CallbackWorkingDays must be 1–30";
        if (RectifyWorkingDays is < 1 or > 120) yield return "RectifyWorkingDays must be 1–120";
        if (RectifyWorkingDays < CallbackWorkingDays) yield return "RectifyWorkingDays must not be shorter than CallbackWorkingDays";
    }
}
