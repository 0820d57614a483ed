using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Calendar;

/// <summary>
/// Holds the current <see cref="BusinessCalendar"/>: the shipped official data plus the overrides
/// admins loaded. Rebuilt when this node changes an override, and at most every few minutes so
/// that other nodes sharing the database pick up changes too.
/// </summary>
internal sealed class CalendarService(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private (BusinessCalendar Calendar, DateTimeOffset LoadedAt)? _current;

    public async ValueTask<BusinessCalendar> GetAsync(CancellationToken ct = default)
    {
        var current = _current;
        if (current is { } c && clock.GetUtcNow() - c.LoadedAt < RefreshInterval) return c.Calendar;
        await _loading.WaitAsync(ct);
        try
        {
            current = _current;
            if (current is { } again && clock.GetUtcNow() - again.LoadedAt < RefreshInterval) return again.Calendar;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
            var overrides = await db.CalendarOverrides.AsNoTracking()
                .Select(o => new CalendarOverride(o.Date, o.IsOffDay, o.Name)).ToListAsync(ct);
            var calendar = BusinessCalendar.FromOfficialData(overrides);
            _current = (calendar, clock.GetUtcNow());
            return calendar;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Invalidate() => _current = null;
}
