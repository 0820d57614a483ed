using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Tongban.Infrastructure.ErrorHandling;

/// <summary>
/// A broken business rule. Always a 409 unless a subclass says otherwise: the request was
/// understood but the current state does not allow it. Code is stable, title is Chinese.
/// </summary>
internal class DomainRuleException(string code, string title, string detail, int status = StatusCodes.Status409Conflict)
    : Exception(detail)
{
    public string Code { get; } = code;
    public string Title { get; } = title;
    public int Status { get; } = status;
}

/// <summary>Collects field errors (Chinese messages) and turns them into a 400 ProblemDetails.</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _rules = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    /// <summary>Adds an error with the stable code of the broken rule (e.g. "checksum"), reported in <c>rules</c>.</summary>
    public FieldErrors Add(string field, string message, string rule)
    {
        _rules.TryAdd(field, rule);
        return Add(field, message);
    }

    public FieldErrors Required(string field, string? value, string label)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, $"{label}不能为空");
        return this;
    }

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public ValidationProblem ToResult(string? detail = null) => Problems.Validation(ToDictionary(), detail, _rules);
}

internal static class Problems
{
    public const string ValidationCode = "validation.failed";

    public static ValidationProblem Validation(IDictionary<string, string[]> errors, string? detail = null, IReadOnlyDictionary<string, string>? rules = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = ValidationCode };
        // Which rule each field broke, for clients that react to it (e.g. "checksum", "region_code_unknown").
        if (rules is { Count: > 0 }) extensions["rules"] = rules;
        return TypedResults.ValidationProblem(errors, detail ?? "请检查标红的字段后重新提交。", title: "提交的信息有误", extensions: extensions);
    }

    public static ProblemHttpResult Of(int status, string code, string title, string? detail = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });

    public static ProblemHttpResult NotFound(string code, string title, string? detail = null) => Of(StatusCodes.Status404NotFound, code, title, detail);

    public static ProblemHttpResult Conflict(string code, string title, string? detail = null) => Of(StatusCodes.Status409Conflict, code, title, detail);

    /// <summary>ProblemDetails for every error, with a stable code and a Chinese title.</summary>
    public static IServiceCollection AddTongbanProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var pd = context.ProblemDetails;
            pd.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
            if (!pd.Extensions.ContainsKey("code"))
            {
                (pd.Extensions["code"], var title) = pd.Status switch
                {
                    400 => ("request.invalid", "请求格式错误"),
                    401 => ("auth.required", "请先登录"),
                    403 => ("auth.forbidden", "没有权限执行此操作"),
                    404 => ("not_found", "请求的资源不存在"),
                    405 => ("method_not_allowed", "不支持的请求方法"),
                    413 => ("request.too_large", "请求内容过大"),
                    415 => ("request.unsupported_media_type", "不支持的内容类型"),
                    429 => ("request.rate_limited", "请求过于频繁，请稍后再试"),
                    _ => ("server.error", "服务器内部错误，请稍后再试"),
                };
                // Framework defaults are English ("Not Found"); users read Chinese.
                if (pd.Title is null || IsFrameworkTitle(pd.Title)) pd.Title = title;
            }
        });
        services.AddExceptionHandler<DomainExceptionHandler>();
        return services;
    }

    private static bool IsFrameworkTitle(string title) => title.Length > 0 && title[0] < 128;
}

/// <summary>Turns rule violations and malformed JSON into ProblemDetails instead of 500s.</summary>
internal sealed class DomainExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails pd;
        switch (exception)
        {
            case DomainRuleException rule:
                pd = new ProblemDetails { Status = rule.Status, Title = rule.Title, Detail = rule.Message };
                pd.Extensions["code"] = rule.Code;
                break;
            // Kestrel's own body limit (a chunked body has no Content-Length to refuse up front): too large, not malformed.
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                pd = new ProblemDetails { Status = StatusCodes.Status413PayloadTooLarge, Title = "请求内容过大", Detail = "请求内容超过了服务器允许的大小，请减小后重试。" };
                pd.Extensions["code"] = "request.too_large";
                break;
            // A query value, route value or JSON body that did not bind: a 400 naming the field (413/415 keep their status).
            case BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad:
                var (field, message) = BindingFailures.Describe(bad);
                pd = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "提交的信息有误",
                    Detail = "请求无法解析，请检查标出的字段。",
                };
                pd.Extensions["code"] = Problems.ValidationCode;
                break;
            case BadHttpRequestException other:
                pd = new ProblemDetails { Status = other.StatusCode };
                break;
            // Two requests changed the same thing at once; the other one won. Nothing was saved from this one.
            case Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException:
            // Another request appended to the same audit stream first (ADR 0005): the same race, same answer.
            case Microsoft.EntityFrameworkCore.DbUpdateException db when DbErrors.IsUniqueViolation(db) || db.Entries.Any(e => e.Entity is Data.IContendedRow):
                pd = new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "数据已被他人修改", Detail = "同一时间有其他操作先完成了，本次操作未保存。请刷新后查看最新状态。" };
                pd.Extensions["code"] = "concurrency.conflict";
                break;
            // A value longer than its column (PostgreSQL enforces lengths; validation should have caught it first).
            case Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: Npgsql.PostgresException { SqlState: "22001" } }:
                pd = new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "提交的内容过长", Detail = "请缩短填写的文字后重新提交。" };
                pd.Extensions["code"] = "request.value_too_long";
                break;
            // No writable database: the primary is down or being switched over (a failover), or the pool cannot connect.
            // The client may send the same request again (idempotency keys make that safe); nothing was saved.
            case var unavailable when DbErrors.IsUnavailable(unavailable):
                pd = new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "服务暂时不可用", Detail = "数据库正在切换或暂时无法连接，本次操作未保存，请稍后重试。" };
                pd.Extensions["code"] = "database.unavailable";
                httpContext.Response.Headers.RetryAfter = DbErrors.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            default:
                return false;
        }
        httpContext.Response.StatusCode = pd.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = pd, Exception = exception });
    }
}

internal static class DbErrors
{
    /// <summary>
    /// A failed save that <see cref="DomainExceptionHandler"/> answers as a 409 (another request changed or added the
    /// same row first). EF Core logs it as an error with a stack trace before the handler sees it; the log filter in
    /// Hosting/Logging.cs leaves those out, so the log says what the client received (issue 16, point 11).
    /// </summary>
    public static bool IsAnsweredAsConflict(Exception? e) => e switch
    {
        Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => true,
        Microsoft.EntityFrameworkCore.DbUpdateException db => IsUniqueViolation(db) || db.Entries.Any(x => x.Entity is Data.IContendedRow),
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal),
        Npgsql.PostgresException pg => pg.SqlState == "23505",
        _ => false,
    };

    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// The database cannot take the request now, anywhere in the exception's chain: a network or timeout failure Npgsql calls
    /// transient, a server shutting down or starting (57P0x), a connection failure (08xxx), or a read-only server (25006:
    /// a standby that the connection reached during a failover). SQLite: the file is locked past the busy timeout.
    /// </summary>
    public static bool IsUnavailable(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Npgsql.PostgresException pg when pg.SqlState is "25006" or "57P01" or "57P02" or "57P03" or "53300" || pg.SqlState.StartsWith("08", StringComparison.Ordinal):
                    return true;
                case Npgsql.PostgresException:
                    return false;
                case Npgsql.NpgsqlException { IsTransient: true }:
                    return true;
                case Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }:
                    return true;
            }
        }
        return false;
    }

    /// <summary>A unique index refused the row: SQLite error 19 (constraint) or PostgreSQL 23505.</summary>
    public static bool IsUniqueViolation(Microsoft.EntityFrameworkCore.DbUpdateException e) => e.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal),
        Npgsql.PostgresException pg => pg.SqlState == "23505",
        _ => false,
    };
}
