using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Cases;

internal sealed record PublicCaseStepDto(string Name, DateTimeOffset? EndedAt);

/// <summary>What anyone holding the receipt may see: where the case stands, never who applied or what anyone wrote.</summary>
internal sealed record PublicCaseProgressDto(string CaseNumber, string ItemName, string Status, string StatusName,
    IReadOnlyList<PublicCaseStepDto> Steps, DateOnly? PromisedDueDate, bool ResultReady);

/// <summary>A wrong query code, kept an hour or two for the limits per case number and per address.</summary>
internal sealed class CaseQueryFailure
{
    public long Id { get; init; }
    /// <summary>The number as asked for, whether or not such a case exists (so both answer alike).</summary>
    public required string CaseNumber { get; init; }
    public string? Ip { get; init; }
    public DateTimeOffset At { get; init; }
}

/// <summary>
/// GET /api/public/cases/{caseNumber}?queryCode= — 办件查询 without login: status, the steps' names and end times, the
/// promised date and whether the result is ready. An unknown number and a wrong code give the same 404, so a number alone
/// tells nothing; wrong codes are counted per number and per address, and past the limit both answer 429 for the hour.
/// </summary>
internal static class QueryCaseProgress
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/public/cases/{caseNumber}", Handle).AllowAnonymous()
            .Produces<PublicCaseProgressDto>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(429)
            .WithName("QueryCaseProgress").WithSummary("办件查询（凭办件编号和查询码，免登录）");

    internal static async Task<IResult> Handle(string caseNumber, string? queryCode, HttpContext http, TongbanDb db, TimeProvider clock,
        IOptions<CaseOptions> options, CancellationToken ct)
    {
        var number = caseNumber.Trim();
        var errors = new FieldErrors();
        if (number.Length is 0 or > 40) errors.Add("caseNumber", "请填写收件回执上的办件编号");
        if (string.IsNullOrWhiteSpace(queryCode)) errors.Add("queryCode", "请填写收件回执或短信中的 6 位查询码");
        if (errors.Any) return errors.ToResult();

        var now = clock.GetUtcNow();
        var hourAgo = now.AddHours(-1);
        var ip = http.Connection.RemoteIpAddress?.ToString();
        var failures = db.Set<CaseQueryFailure>().AsNoTracking();
        // Checked before the code, so a locked number stays locked even for a right guess.
        var byCase = await failures.Where(f => f.CaseNumber == number && f.At > hourAgo).OrderBy(f => f.At).Select(f => f.At).ToListAsync(ct);
        if (byCase.Count >= options.Value.WrongQueryCodesPerCasePerHour)
            return TooMany(http, byCase[^options.Value.WrongQueryCodesPerCasePerHour].AddHours(1) - now,
                "该办件查询码输错次数过多，请一小时后再试；也可凭回执到办事窗口查询，或拨打咨询电话。");
        if (ip is not null && await failures.CountAsync(f => f.Ip == ip && f.At > hourAgo, ct) >= options.Value.WrongQueryCodesPerAddressPerHour)
            return TooMany(http, TimeSpan.FromHours(1), "本网络查询码输错次数过多，请一小时后再试。");

        var found = CaseQueryCode.Matches(number, queryCode)
            ? await db.Cases.AsNoTracking().Where(c => c.Number == number).Select(c => new
            {
                c.Number, c.ItemName, c.Status, c.PromisedDueDate,
                Steps = c.Steps.OrderBy(s => s.Sequence).Select(s => new PublicCaseStepDto(s.Name, s.EndedAt)).ToList(),
            }).FirstOrDefaultAsync(ct)
            : null;
        if (found is null)
        {
            db.Set<CaseQueryFailure>().Add(new CaseQueryFailure { CaseNumber = number, Ip = ip, At = now });
            // Old failures count for nothing: dropping them here keeps the table at about an hour's worth.
            await db.Set<CaseQueryFailure>().Where(f => f.At < now.AddHours(-2)).ExecuteDeleteAsync(ct);
            await db.SaveChangesAsync(ct);
            return Problems.NotFound("case.query_not_found", "未查到办件",
                "办件编号或查询码不正确。请核对收件回执或短信中的办件编号和 6 位查询码（不含数字 0、1 和字母 O、I）。");
        }
        return TypedResults.Ok(new PublicCaseProgressDto(found.Number, found.ItemName, found.Status.ToString(), CaseTransitions.StatusName(found.Status),
            found.Steps, found.PromisedDueDate, found.Status is CaseStatus.Completed or CaseStatus.Delivered));
    }

    private static ProblemHttpResult TooMany(HttpContext http, TimeSpan retryAfter, string detail)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Problems.Of(StatusCodes.Status429TooManyRequests, "case.query_too_many", "查询过于频繁", detail);
    }
}
