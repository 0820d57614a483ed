using Tongban.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Identity;

namespace Tongban.Modules.Supervision;

/// <summary>Staff to address, looked up once per batch (departments and points have few staff).</summary>
internal sealed class StaffDirectory(TongbanDb db)
{
    internal sealed record Person(int Id, string Name, IReadOnlyList<string> Roles, string? Mobile);

    private readonly Dictionary<string, List<Person>> _cache = new(StringComparer.Ordinal);

    public async Task<List<Person>> DepartmentAsync(string code, CancellationToken ct) =>
        await LoadAsync("d:" + code, db.StaffUsers.Where(u => u.IsActive && u.DepartmentCode == code), ct);

    public async Task<List<Person>> PointAsync(string code, CancellationToken ct) =>
        await LoadAsync("p:" + code, db.StaffUsers.Where(u => u.IsActive && u.ServicePointCode == code), ct);

    public async Task<List<Person>> ByIdAsync(int id, CancellationToken ct) =>
        await LoadAsync("u:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture), db.StaffUsers.Where(u => u.IsActive && u.Id == id), ct);

    /// <summary>Center-wide staff (no department, no point) with the Supervisor role: 监察.</summary>
    public async Task<List<Person>> SupervisorsAsync(CancellationToken ct) =>
        [.. (await LoadAsync("center", db.StaffUsers.Where(u => u.IsActive && u.DepartmentCode == null && u.ServicePointCode == null), ct)).Where(p => p.Roles.Contains(StaffRoles.Supervisor))];

    private async Task<List<Person>> LoadAsync(string key, IQueryable<StaffUser> query, CancellationToken ct)
    {
        if (_cache.TryGetValue(key, out var found)) return found;
        var people = await query.AsNoTracking().OrderBy(u => u.Id).Select(u => new { u.Id, u.Name, u.Roles, u.Mobile }).ToListAsync(ct);
        return _cache[key] = [.. people.Select(p => new Person(p.Id, p.Name, p.Roles, p.Mobile))];
    }
}
