using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Files;

/// <summary>
/// GET /api/files/{id} — the stored bytes with their content type and original (UTF-8) name, for the uploader and
/// for whoever may read the case or library it is attached to (<see cref="FileReadRule"/>); 404 for everyone else.
/// </summary>
internal static class DownloadFile
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/files/{id:guid}", Handle)
            .RequireAuthorization(Policies.StaffOrCitizen)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithTags("Files").WithName("DownloadFile").WithSummary("下载材料文件");

    internal static async Task<IResult> Handle(Guid id, HttpContext http, TongbanDb db, IFileStore store, FileReadRule rule, ILoggerFactory loggers, CancellationToken ct)
    {
        var file = await db.StoredFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct);
        // A file the caller may not read answers like a missing one: its existence is not theirs to learn.
        if (file is null || !await rule.MayReadAsync(file, http.User, ct)) return NotFound();
        var content = await store.OpenReadAsync(file.StorageKey, ct);
        if (content is null)
        {
            loggers.CreateLogger("Tongban.Files.DownloadFile").LogError("File {FileId} has a row but no bytes under {StorageKey}", id, file.StorageKey);
            return NotFound();
        }
        // The content type is ours (from sniffing); browsers must not second-guess it.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        // fileDownloadName yields Content-Disposition: attachment with filename*=UTF-8''… for Chinese names: never shown inline on our origin.
        return TypedResults.File(content, file.ContentType, file.OriginalName);
    }

    private static IResult NotFound() => Problems.NotFound("file.not_found", "文件不存在", "没有找到这个文件，或它已被删除。");
}
