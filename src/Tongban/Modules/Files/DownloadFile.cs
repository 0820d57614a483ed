using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Files;

/// <summary>GET /api/files/{id} — the stored bytes with their content type and original (UTF-8) name.</summary>
internal static class DownloadFile
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/files/{id:guid}", Handle)
            .RequireAuthorization(Policies.StaffOrCitizen)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithTags("Files").WithName("DownloadFile").WithSummary("下载材料文件");

    internal static async Task<IResult> Handle(Guid id, HttpContext http, TongbanDb db, IFileStore store, ILoggerFactory loggers, CancellationToken ct)
    {
        var file = await db.StoredFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct);
        if (file is null) return NotFound();
        // A citizen reads only what they uploaded or what their own library holds; anything else does not exist for them.
        if (CitizenActor.From(http.User) is { } citizen && file.UploadedBy != UploadFile.UploaderOf(http.User)
            && !await db.LibraryMaterials.AnyAsync(m => m.FileId == id && m.OwnerKind == Cases.ApplicantKind.Person && m.OwnerIndex == citizen.IdIndex, ct))
            return NotFound();
        var content = store.OpenRead(file.StorageKey);
        if (content is null)
        {
            loggers.CreateLogger("Tongban.Files.DownloadFile").LogError("File {FileId} has a row but no bytes under {StorageKey}", id, file.StorageKey);
            return NotFound();
        }
        // The content type is ours (from sniffing); browsers must not second-guess it.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        // fileDownloadName yields Content-Disposition with filename*=UTF-8''… for Chinese names.
        return TypedResults.File(content, file.ContentType, file.OriginalName);
    }

    private static IResult NotFound() => Problems.NotFound("file.not_found", "文件不存在", "没有找到这个文件，或它已被删除。");
}
