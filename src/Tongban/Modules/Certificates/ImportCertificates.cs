using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Cases;
using Tongban.Modules.Validation;

namespace Tongban.Modules.Certificates;

/// <param name="Row">The spreadsheet row (the header is row 1, the first certificate row 2).</param>
/// <param name="Errors">By column name: what is wrong with that cell.</param>
internal sealed record ImportRejectionDto(int Row, IReadOnlyDictionary<string, string[]> Errors);

internal sealed record ImportResultDto(int Imported, IReadOnlyList<ImportRejectionDto> Rejected);

/// <summary>
/// POST /api/admin/certificates/import — 存量转化: existing (paper) certificates from a CSV or XLSX sheet become sealed
/// e-certificates. Columns typeCode, holderName, holderIdNumber, issuedAt, validUntil, then the type's face-field keys.
/// Every row is checked first; if any is wrong nothing is imported and every wrong cell is listed by row and column, so
/// the sheet can be fixed and sent again whole (no half-imported sheet to reconcile). A good sheet is imported in one
/// transaction together with its conversion statistics.
/// </summary>
internal static class ImportCertificates
{
    public const int MaxRows = 1000;
    public const long MaxBytes = 5 * 1024 * 1024;
    private static readonly string[] Fixed = ["typeCode", "holderName", "holderIdNumber", "issuedAt", "validUntil"];

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/admin/certificates/import", Handle).RequireAuthorization(Policies.Admin).WithTags("Certificates").DisableAntiforgery()
            .Produces<ImportResultDto>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(413)
            .WithName("ImportCertificates").WithSummary("存量证照转化导入（CSV/XLSX）");

    private sealed record Row(int Number, CertificateType Type, CertificateHolder Holder, DateOnly IssuedOn, DateOnly? ValidUntil, Dictionary<string, string> Face);

    internal static async Task<IResult> Handle(HttpContext http, TongbanDb db, TimeProvider clock, CertificateIssuer issuer, AuditTrail audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (http.Request.ContentLength > MaxBytes + 64 * 1024) return TooLarge();
        if (!http.Request.HasFormContentType) return errors.Add("file", "请以 multipart/form-data 方式上传 CSV 或 XLSX 文件，文件字段名为 file").ToResult();
        var form = await http.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = MaxBytes + 64 * 1024, ValueCountLimit = 4 }, ct);
        var upload = form.Files.GetFile("file");
        if (upload is null || upload.Length == 0) return errors.Add("file", "请选择要导入的 CSV 或 XLSX 文件").ToResult();
        if (upload.Length > MaxBytes) return TooLarge();
        using var buffer = new MemoryStream();
        await upload.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        // XLSX is a ZIP ("PK"); anything else is read as UTF-8 CSV.
        var excelType = buffer.Length > 2 && buffer.GetBuffer()[0] == (byte)'P' && buffer.GetBuffer()[1] == (byte)'K' ? ExcelType.XLSX : ExcelType.CSV;
        List<IDictionary<string, object?>> sheet;
        try
        {
            sheet = [.. MiniExcel.Query(buffer, useHeaderRow: true, excelType: excelType).Cast<IDictionary<string, object?>>().Take(MaxRows + 1)];
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException or InvalidOperationException or ArgumentException)
        {
            return errors.Add("file", "文件无法读取：请上传 UTF-8 编码的 CSV 或 XLSX 文件").ToResult();
        }
        if (sheet.Count == 0) return errors.Add("file", "文件中没有证照数据").ToResult();
        if (sheet.Count > MaxRows) return errors.Add("file", $"一次最多导入 {MaxRows} 条").ToResult();
        var missing = Fixed.Where(c => c != "validUntil" && !sheet[0].ContainsKey(c)).ToList();
        if (missing.Count > 0) return errors.Add("file", "缺少列：" + string.Join("、", missing)).ToResult();

        var types = await db.CertificateTypes.AsNoTracking().ToDictionaryAsync(t => t.Code, ct);
        var today = ChinaTime.Today(clock);
        var rows = new List<Row>();
        var rejected = new List<ImportRejectionDto>();
        for (var i = 0; i < sheet.Count; i++)
        {
            var (row, cellErrors) = Check(sheet[i], i + 2, types, today);
            if (row is not null) rows.Add(row);
            else rejected.Add(new ImportRejectionDto(i + 2, cellErrors));
        }
        if (rejected.Count > 0) return TypedResults.Ok(new ImportResultDto(0, rejected));

        // Seals are made (at first need) before the transaction: their own unit of work must not wait on this one.
        foreach (var department in rows.Select(r => r.Type.IssuerDepartmentCode).Distinct()) await issuer.SealOfAsync(db, department, ct);
        var actor = AuditActor.FromHttp(http);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var r in rows)
        {
            var issuedAt = new DateTimeOffset(r.IssuedOn.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)).ToUniversalTime();
            await issuer.IssueAsync(db, new IssueRequest(r.Type, r.Type.IssuerDepartmentCode, r.Holder, r.Face, issuedAt, r.ValidUntil, "import", null, null,
                actor, AuditStreams.Of(actor)) { SealedAt = now }, ct);
        }
        await audit.AppendAsync(db, new AuditEvent(AuditStreams.Of(actor), actor, "certificate.import", null, $"存量证照转化导入 {rows.Count} 条"), ct);
        await db.SaveChangesAsync(ct);
        foreach (var g in rows.GroupBy(r => (r.Type.IssuerDepartmentCode, r.Type.Code)))
            await Analytics.RecordCertificateConversion.RecordAsync(db, g.Key.IssuerDepartmentCode, g.Key.Code, now, g.Count(), ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new ImportResultDto(rows.Count, []));
    }

    private static IResult TooLarge() => Problems.Of(StatusCodes.Status413PayloadTooLarge, "file.too_large", "文件过大", $"导入文件不能超过 {MaxBytes / 1024 / 1024} MB。");

    private static string Cell(IDictionary<string, object?> row, string column) => row.TryGetValue(column, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim() ?? "" : "";

    private static (Row?, Dictionary<string, string[]>) Check(IDictionary<string, object?> cells, int number, IReadOnlyDictionary<string, CertificateType> types, DateOnly today)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string column, string message) => (errors.TryGetValue(column, out var list) ? list : errors[column] = []).Add(message);
        var typeCode = Cell(cells, "typeCode");
        if (!types.TryGetValue(typeCode, out var type)) Add("typeCode", typeCode.Length == 0 ? "证照类型代码不能为空" : $"没有证照类型“{typeCode}”");
        var name = Cell(cells, "holderName");
        if (name.Length == 0) Add("holderName", "持证主体名称不能为空");
        else if (name.Length > 100) Add("holderName", "持证主体名称不能超过 100 个字符");
        var id = Cell(cells, "holderIdNumber").ToUpperInvariant();
        var kind = ApplicantKind.Person;
        if (id.Length == 0) Add("holderIdNumber", "持证主体证件号码不能为空");
        else if (id.Length == 18 && UnifiedSocialCreditCode.Validate(id).IsValid && !ResidentIdNumber.Validate(id).IsValid) kind = ApplicantKind.Enterprise;
        else if (ResidentIdNumber.Validate(ResidentIdNumber.Normalize(id)) is { IsValid: false } bad) Add("holderIdNumber", bad.Message ?? "身份证号码无效");
        else id = ResidentIdNumber.Normalize(id);
        var issued = Date(cells, "issuedAt", Add, required: true);
        if (issued > today) Add("issuedAt", "发证日期不能晚于今天");
        var until = Date(cells, "validUntil", Add, required: false);
        if (until is not null && issued is not null && until < issued) Add("validUntil", "有效期截止日期不能早于发证日期");
        var face = new Dictionary<string, string>();
        if (type is not null)
            foreach (var field in type.Fields)
            {
                var value = field.Key switch { CertificateTypes.HolderName => name, CertificateTypes.HolderCode => id, _ => Cell(cells, field.Key) };
                if (value.Length > 200) Add(field.Key, $"“{field.Label}”不能超过 200 个字符");
                face[field.Key] = value.Length == 0 ? "—" : value;
            }
        if (errors.Count > 0) return (null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        return (new Row(number, type!, new CertificateHolder(kind, name, id), issued!.Value, until, face), []);
    }

    private static DateOnly? Date(IDictionary<string, object?> cells, string column, Action<string, string> add, bool required)
    {
        if (cells.TryGetValue(column, out var raw) && raw is DateTime dt) return DateOnly.FromDateTime(dt);
        var text = Cell(cells, column);
        if (text.Length == 0)
        {
            if (required) add(column, "日期不能为空");
            return null;
        }
        if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year is >= 1950 and <= 2100) return d;
        add(column, "日期格式应为 yyyy-MM-dd");
        return null;
    }
}
