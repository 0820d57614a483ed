using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Catalog;
using Tongban.Modules.Identity;

namespace Tongban.Modules.Materials;

/// <summary>GET /api/me/materials — the citizen's own library (我的材料), newest first, paged; expired and revoked ones shown as such.</summary>
internal static class ListMyMaterials
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/me/materials", Handle).RequireAuthorization(Policies.Citizen).Produces<Paged<LibraryMaterialDto>>().ProducesValidationProblem()
            .WithTags("Citizen portal").WithName("ListMyMaterials").WithSummary("我的材料库");

    internal static async Task<IResult> Handle(HttpContext http, TongbanDb db, int? page, int? pageSize, CancellationToken ct)
    {
        var me = CitizenActor.From(http.User)!;
        var (p, size, errors) = LibraryPaging.Check(page, pageSize);
        if (errors.Any) return errors.ToResult();
        var query = db.LibraryMaterials.AsNoTracking().Where(m => m.OwnerKind == Cases.ApplicantKind.Person && me.IdIndexes.Contains(m.OwnerIndex));
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Skip(Paging.Skip(p, size)).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new Paged<LibraryMaterialDto>([.. rows.Select(MaterialLibrary.ToDto)], total, p, size));
    }
}

internal static class LibraryPaging
{
    public static (int Page, int Size, FieldErrors Errors) Check(int? page, int? pageSize)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Check(page, pageSize, 50, 100, (field, message) => errors.Add(field, message));
        return (p, size, errors);
    }
}
