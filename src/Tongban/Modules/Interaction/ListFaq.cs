using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Interaction;

internal sealed record FaqEntryDto(string Number, string? ItemCode, string? ItemName, string DepartmentCode, string DepartmentName,
    string Question, string Answer, DateTimeOffset AnsweredAt);

/// <summary>GET /api/public/faq?item=&amp;department=&amp;q= — the published questions and answers (常见问题), newest first; no asker.</summary>
internal static class ListFaq
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/public/faq", Handle).AllowAnonymous().WithTags("Interaction")
            .Produces<Paged<FaqEntryDto>>().ProducesValidationProblem()
            .WithName("ListFaq").WithSummary("常见问题（已公开的咨询答复）");

    internal static async Task<IResult> Handle(string? item, string? department, string? q, int? page, int? pageSize, TongbanDb db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Check(page, pageSize, 20, 100, (field, message) => errors.Add(field, message));
        if (errors.Any) return errors.ToResult();
        var query = db.Set<Consultation>().AsNoTracking().Where(c => c.Published && c.Status == ConsultationStatus.Answered);
        if (!string.IsNullOrWhiteSpace(item)) query = query.Where(c => c.ItemCode == item.Trim());
        if (!string.IsNullOrWhiteSpace(department)) query = query.Where(c => c.DepartmentCode == department.Trim());
        if (!string.IsNullOrWhiteSpace(q))
        {
            var words = q.Trim();
            query = query.Where(c => c.Question.Contains(words) || c.Answer!.Contains(words));
        }
        var (total, capped) = await Paging.CountCappedAsync(query, ct);
        var rows = await query.OrderByDescending(c => c.AnsweredAt).ThenByDescending(c => c.Id).Skip(Paging.Skip(p, size)).Take(size)
            .Select(c => new { c.Number, c.ItemCode, c.ItemName, c.DepartmentCode, c.Question, c.Answer, c.AnsweredAt }).ToListAsync(ct);
        var names = await ListConsultations.DepartmentNamesAsync(db, rows.Select(r => r.DepartmentCode), ct);
        return TypedResults.Ok(new Paged<FaqEntryDto>([.. rows.Select(r => new FaqEntryDto(r.Number, r.ItemCode, r.ItemName, r.DepartmentCode,
            names.GetValueOrDefault(r.DepartmentCode, r.DepartmentCode), r.Question, r.Answer!, r.AnsweredAt!.Value))], total, p, size, capped));
    }
}
