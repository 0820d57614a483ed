using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Queue;

/// <summary>A business category of a service point's queue: its letter, its name, and the windows that call it.</summary>
internal sealed record QueueCategory(string Letter, string Name, IReadOnlyList<string> DepartmentCodes, IReadOnlyList<string> WindowCodes);

/// <summary>
/// The categories of a point, read from its windows (no table to keep in step): A 综合 is called by the windows serving
/// several departments (综合窗口, 一窗受理); each department with a window of its own (社保专窗 …) gets the next
/// letter, in window order, and only its windows call it. A department without a window of its own is A's.
/// </summary>
internal static class QueueCategories
{
    public const string General = "A";
    // No Y: it is the prefix of check-in tickets (预约, TakeTicket.AppointmentPrefix).
    private const string Letters = "BCDEFGHJKLMNPQRSTUVWXZ";

    public static async Task<IReadOnlyList<QueueCategory>> ForPointAsync(TongbanDb db, string servicePointCode, CancellationToken ct)
    {
        var windows = await db.Windows.AsNoTracking().Where(w => w.ServicePointCode == servicePointCode).OrderBy(w => w.Id)
            .Select(w => new { w.Code, w.Name, w.DepartmentCodes }).ToListAsync(ct);
        var categories = new List<QueueCategory>();
        var general = windows.Where(w => w.DepartmentCodes.Count != 1).ToList();
        if (general.Count > 0)
            categories.Add(new QueueCategory(General, "综合", [.. general.SelectMany(w => w.DepartmentCodes).Distinct()], [.. general.Select(w => w.Code)]));
        foreach (var own in windows.Where(w => w.DepartmentCodes.Count == 1).GroupBy(w => w.DepartmentCodes[0]))
        {
            if (categories.Count - (general.Count > 0 ? 1 : 0) >= Letters.Length) break;
            var letter = Letters[categories.Count - (general.Count > 0 ? 1 : 0)].ToString();
            categories.Add(new QueueCategory(letter, NameOf(own.First().Name), [own.Key], [.. own.Select(w => w.Code)]));
        }
        return categories;
    }

    /// <summary>"社会保险专窗（区人社局）" → "社会保险"; "区行政审批局专窗" → "区行政审批局".</summary>
    private static string NameOf(string windowName)
    {
        var end = windowName.IndexOf("专窗", StringComparison.Ordinal);
        return end > 0 ? windowName[..end] : windowName;
    }

    /// <summary>The category an item's tickets go to: its department's own, else 综合.</summary>
    public static QueueCategory? ForDepartment(IReadOnlyList<QueueCategory> categories, string departmentCode) =>
        categories.FirstOrDefault(c => c.Letter != General && c.DepartmentCodes.Contains(departmentCode))
        ?? categories.FirstOrDefault(c => c.Letter == General);

    public static string StatusName(TicketStatus status) => status switch
    {
        TicketStatus.Waiting => "waiting",
        TicketStatus.Called => "called",
        TicketStatus.Serving => "serving",
        TicketStatus.Finished => "finished",
        _ => "skipped",
    };
}
