using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Supervision;

namespace Tongban.Modules.Interaction;

/// <summary>An open question past its answer date is supervision's business (网上咨询 限时答复).</summary>
internal sealed class OverdueConsultations : IOverdueWorkSource
{
    public async Task<IReadOnlyList<OverdueWorkDto>> ListOverdueAsync(TongbanDb db, string? departmentCode, DateOnly today, int take, CancellationToken ct)
    {
        var query = db.Set<Consultation>().AsNoTracking().Where(c => c.Status == ConsultationStatus.Open && c.DueDate < today);
        if (departmentCode is not null) query = query.Where(c => c.DepartmentCode == departmentCode);
        var rows = await query.OrderBy(c => c.DueDate).ThenBy(c => c.Id).Take(take)
            .Select(c => new { c.Number, c.DepartmentCode, c.ItemName, c.Question, c.DueDate, c.AskedAt }).ToListAsync(ct);
        return [.. rows.Select(r => new OverdueWorkDto("consultation", "网上咨询超期未答复", r.Number, r.DepartmentCode,
            Shorten((r.ItemName is null ? "" : $"【{r.ItemName}】") + r.Question), r.DueDate, r.AskedAt))];
    }

    internal static string Shorten(string text) => text.Length <= 60 ? text : text[..59] + "…";
}

/// <summary>An assigned complaint without a reply past its date.</summary>
internal sealed class OverdueComplaints : IOverdueWorkSource
{
    public async Task<IReadOnlyList<OverdueWorkDto>> ListOverdueAsync(TongbanDb db, string? departmentCode, DateOnly today, int take, CancellationToken ct)
    {
        var query = db.Set<Complaint>().AsNoTracking().Where(c => c.Status == ComplaintStatus.Assigned && c.ReplyDueDate < today);
        if (departmentCode is not null) query = query.Where(c => c.DepartmentCode == departmentCode);
        var rows = await query.OrderBy(c => c.ReplyDueDate).ThenBy(c => c.Id).Take(take)
            .Select(c => new { c.Number, c.Kind, c.DepartmentCode, c.Text, c.ReplyDueDate, c.AssignedAt }).ToListAsync(ct);
        return [.. rows.Select(r => new OverdueWorkDto("complaint", FileComplaint.KindName(r.Kind) + "超期未答复", r.Number, r.DepartmentCode!,
            OverdueConsultations.Shorten(r.Text), r.ReplyDueDate!.Value, r.AssignedAt!.Value))];
    }
}
