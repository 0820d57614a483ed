using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Notifications;

/// <summary>
/// The newest saved version of each SMS template, read by every stage SMS: kept per database for at most
/// <see cref="MaxAge"/>, renewed at once on this node after the template admin saves (<see cref="Invalidate"/>).
/// </summary>
internal static class SavedSmsTemplates
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private sealed record Snapshot(long LoadedAt, IReadOnlyDictionary<string, (string Body, int Version)> Templates);

    private sealed class Entry
    {
        public volatile Snapshot? Current;
    }

    private static readonly PerDatabase<Entry> Entries = new(() => new Entry());

    public static void Invalidate(TongbanDb db) => Entries.For(db).Current = null;

    /// <summary>The newest saved version of an SMS template, or null when only the built-in text exists.</summary>
    public static async Task<(string Body, int Version)?> FindAsync(TongbanDb db, string code, CancellationToken ct)
    {
        var entry = Entries.For(db);
        var current = entry.Current;
        if (current is null || Environment.TickCount64 - current.LoadedAt >= MaxAge.TotalMilliseconds)
        {
            var loadedAt = Environment.TickCount64;
            var rows = await db.SmsTemplates.AsNoTracking().Select(t => new { t.Code, t.Version, t.Body }).ToListAsync(ct);
            entry.Current = current = new Snapshot(loadedAt, rows.GroupBy(t => t.Code, StringComparer.Ordinal).Select(g => g.MaxBy(t => t.Version)!)
                .ToDictionary(t => t.Code, t => (t.Body, t.Version), StringComparer.Ordinal));
        }
        return current.Templates.TryGetValue(code, out var saved) ? saved : null;
    }
}
