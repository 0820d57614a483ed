using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Kiosks;

/// <summary>Which kiosks are online: enrolled, with a heartbeat within <see cref="KioskOptions.OfflineAfter"/>.</summary>
internal static class KioskPresence
{
    public static bool IsOnline(KioskDevice? device, DateTimeOffset now, TimeSpan offlineAfter) =>
        device?.TokenHash is not null && device.LastHeartbeatAt is { } at && now - at < offlineAfter;

    /// <summary>The codes of the kiosks online now (for the big screen's 在线 count).</summary>
    public static async Task<HashSet<string>> OnlineCodesAsync(TongbanDb db, DateTimeOffset now, TimeSpan offlineAfter, CancellationToken ct)
    {
        var since = now - offlineAfter;
        var codes = await db.KioskDevices.AsNoTracking().Where(d => d.TokenHash != null && d.LastHeartbeatAt > since).Select(d => d.KioskCode).ToListAsync(ct);
        return [.. codes];
    }
}
