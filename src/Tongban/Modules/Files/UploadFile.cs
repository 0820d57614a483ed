using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;

namespace Tongban.Modules.Files;

internal sealed record UploadedFileDto(Guid FileId, string FileName, string ContentType, long Size, string Sha256, string Sm3)
{
    public static UploadedFileDto Of(StoredFile file) => new(file.Id, file.OriginalName, file.ContentType, file.Size, file.Sha256, file.Sm3);
}

/// <summary>An upload larger than Tongban:Files:MaxBytes: 413 with a stable code.</summary>
internal sealed class UploadTooLargeException(long limit)
    : DomainRuleException("file.too_large", "文件过大", $"单个文件不能超过 {FormatSize(limit)}。", StatusCodes.Status413PayloadTooLarge)
{
    public static string FormatSize(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, bytes / 1024)} KB");
}

/// <summary>
/// POST /api/files — a multipart upload (field <c>file</c>) of a PDF, JPEG, PNG or OFD, checked by
/// content: its first bytes name the kind, and the whole file must open as that kind (<see cref="FileStructure"/>). The bytes go to the file store while they are hashed (SHA-256 and SM3); the answer's
/// fileId is what a case or a library material refers to.
/// </summary>
internal static class UploadFile
{
    /// <summary>Room for the multipart boundaries and part headers around the file itself.</summary>
    private const long MultipartOverhead = 64 * 1024;

    private const string Field = "file";

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/files", Handle)
            // Staff scan at the window; citizens upload from the portal.
            .RequireAuthorization(Policies.StaffOrCitizen)
            // Bearer tokens and a SameSite=Strict cookie already keep cross-site posts out.
            .DisableAntiforgery()
            // Described by hand: an Accepts() content-type constraint would route other bodies to the 404 fallback.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = MultipartBody();
                return Task.CompletedTask;
            })
            .Produces<UploadedFileDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithTags("Files").WithName("UploadFile").WithSummary("上传材料文件（PDF、JPEG、PNG、OFD）");

    internal static async Task<IResult> Handle(HttpContext http, FileCatalog files, IOptions<FileOptions> options,
        TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        var uploader = UploaderOf(http.User) ?? throw new InvalidOperationException("The StaffOrCitizen policy lets only staff and citizens upload.");
        var max = options.Value.MaxBytes;
        var errors = new FieldErrors();
        if (!http.Request.HasFormContentType || !http.Request.ContentType!.Contains("multipart/", StringComparison.OrdinalIgnoreCase))
            return errors.Add(Field, "请以 multipart/form-data 方式上传，文件字段名为 file").ToResult();

        var bodyLimit = max + MultipartOverhead;
        if (http.Request.ContentLength > bodyLimit) return TooLarge(max);
        // Kestrel's own cap (30 MB by default) must not cut a permitted upload short...
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature) sizeFeature.MaxRequestBodySize = bodyLimit;
        // ...and whatever the server, reading past the limit ends in a 413, never a 500.
        http.Request.Body = new LimitedReadStream(http.Request.Body, bodyLimit, max);
        // Parts above 64 KB are buffered to a temporary file, not to memory; the file part may be
        // at most the limit itself.
        http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = bodyLimit, ValueCountLimit = 16 }));
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(ct);
        }
        catch (UploadTooLargeException)
        {
            return TooLarge(max);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel counts a chunked body as it arrives and may pass its limit before our stream sees the bytes.
            return TooLarge(max);
        }
        catch (InvalidDataException)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "request.invalid", "请求格式错误", "multipart 内容无法解析，请重新上传。");
        }

        var file = form.Files.GetFile(Field);
        if (file is null) return errors.Add(Field, "请选择要上传的文件").ToResult();
        if (file.Length == 0) return errors.Add(Field, "文件是空的，请重新选择").ToResult();
        if (file.Length > max) return TooLarge(max);

        var fileName = CleanName(file.FileName);
        await using var content = file.OpenReadStream();
        var sniff = FileTypeSniffer.Sniff(content);
        if (sniff.Kind is not { } kind)
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "file.unsupported_type", "不支持的文件类型",
                $"文件内容是{sniff.Detected}；只接受 PDF、JPEG、PNG 或 OFD 文件。");
        if (!FileTypeSniffer.ExtensionMatches(fileName, kind))
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "file.type_mismatch", "文件扩展名与内容不符",
                $"文件“{fileName}”的内容是{FileTypeSniffer.DisplayName(kind)}，扩展名应为 {string.Join(" 或 ", FileTypeSniffer.ExtensionsOf(kind))}。");
        // The first bytes are not enough: the whole file must open as what it claims (no polyglots).
        if (FileStructure.Defect(kind, content) is { } defect)
            return errors.Add(Field, $"“{fileName}”不是有效的{FileTypeSniffer.DisplayName(kind)}：{defect}。请重新扫描或另存后上传。").ToResult();

        var stored = await files.SaveAsync(content, fileName, kind, uploader, clock.GetUtcNow(), ct);
        loggers.CreateLogger("Tongban.Files.UploadFile").LogInformation("File {FileId} ({Kind}, {Size} bytes) uploaded by {UploadedBy}", stored.Id, kind, stored.Size, stored.UploadedBy);
        return TypedResults.Created($"/api/files/{stored.Id}", UploadedFileDto.Of(stored));
    }

    private static IResult TooLarge(long max) => Problems.Of(StatusCodes.Status413PayloadTooLarge, "file.too_large", "文件过大",
        $"单个文件不能超过 {UploadTooLargeException.FormatSize(max)}。");

    private static Microsoft.OpenApi.OpenApiRequestBody MultipartBody() => new()
    {
        Required = true,
        Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Schema = new Microsoft.OpenApi.OpenApiSchema
                {
                    Type = Microsoft.OpenApi.JsonSchemaType.Object,
                    Required = new HashSet<string> { Field },
                    Properties = new Dictionary<string, Microsoft.OpenApi.IOpenApiSchema>
                    {
                        [Field] = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, Format = "binary", Description = "PDF、JPEG、PNG 或 OFD 文件" },
                    },
                },
            },
        },
    };

    /// <summary>Only the last path segment, without control characters, at most 200 characters.</summary>
    internal static string CleanName(string? raw)
    {
        var name = Path.GetFileName((raw ?? "").Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        if (name.Length > 200)
        {
            var extension = Path.GetExtension(name);
            name = name[..(200 - extension.Length)] + extension;
        }
        return name.Length == 0 ? "file" : name;
    }

    /// <summary>"staff:12" or "citizen:34": who owns an upload until it is attached, the only one who may attach it; null for anyone else.</summary>
    public static string? UploaderOf(System.Security.Claims.ClaimsPrincipal user) =>
        StaffActor.From(user) is { } staff ? "staff:" + staff.Id.ToString(CultureInfo.InvariantCulture)
        // A kiosk session owns its scans: the next person at the same kiosk (or the same person later) cannot attach them.
        : CitizenActor.From(user) is { Kiosk: { } kiosk } ? KioskUploader(kiosk.SessionId)
        : CitizenActor.From(user) is { } citizen ? "citizen:" + citizen.Id.ToString(CultureInfo.InvariantCulture)
        : null;

    public static string KioskUploader(string kioskSessionId) => "kiosk:" + kioskSessionId;
}
