using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Infrastructure.ErrorHandling;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Audit;
using Tongban.Modules.Cases;
using Tongban.Modules.Catalog;
using Tongban.Modules.Validation;

namespace Tongban.Modules.Materials;

/// <summary>
/// Who the person is, as the library knows them: shown to the clerk (entitled; the access is audited) so
/// nothing is typed twice. Gender and birth date come from the ID number itself.
/// </summary>
internal sealed record PersonInfoDto(string Name, string IdNumber, string? Mobile, string? Gender, DateOnly? BirthDate, int CaseCount, DateTimeOffset? LastCaseAt, bool HasAccount);

internal sealed record PersonLibraryDto(PersonInfoDto Person, Paged<LibraryMaterialDto> Materials);

/// <summary>
/// 窗口调阅: a clerk types (or reads from the ID card) a resident ID number and the person's library opens.
/// The opening is audited in the library's own stream and the owner gets an SMS naming the service point,
/// so a lookup they did not ask for does not go unnoticed.
/// </summary>
internal static class OpenPersonLibrary
{
    /// <summary>One notice per clerk and person within this time: a clerk flipping between screens is one opening.</summary>
    private static readonly TimeSpan NoticeWindow = TimeSpan.FromMinutes(30);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/people/{idNumber}/materials", Handle).RequireAuthorization(Policies.CaseIntake).Produces<PersonLibraryDto>()
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404)
            .WithTags("Materials").WithName("LookUpPersonMaterials").WithSummary("窗口按身份证号调阅群众信息和材料库");

    internal static async Task<IResult> Handle(string idNumber, HttpContext http, TongbanDb db, TimeProvider clock, AuditTrail audit, int? page, int? pageSize, CancellationToken ct)
    {
        if (StaffActor.From(http.User) is null) return Problems.Of(StatusCodes.Status403Forbidden, "auth.staff_only", "仅限窗口工作人员");
        var (p, size, errors) = LibraryPaging.Check(page, pageSize);
        var number = ResidentIdNumber.Normalize(idNumber);
        if (ResidentIdNumber.Validate(number) is { IsValid: false } check) errors.Add("idNumber", check.Message!, check.Rule!);
        if (errors.Any) return errors.ToResult();

        var opened = await OpenAsync(db, http, clock, audit, number, "窗口调阅材料库", ct);
        if (opened is null)
            return Problems.NotFound("person.not_found", "没有该群众的办事记录", "系统中没有这个身份证号码的账号、办件或材料，请按新办理录入。");
        var indexes = opened.Owner.Indexes;
        var query = db.LibraryMaterials.AsNoTracking().Where(m => m.OwnerKind == ApplicantKind.Person && indexes.Contains(m.OwnerIndex));
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Skip(Paging.Skip(p, size)).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new PersonLibraryDto(opened.Person, new Paged<LibraryMaterialDto>([.. rows.Select(MaterialLibrary.ToDto)], total, p, size)));
    }

    internal sealed record Opened(LibraryOwner Owner, PersonInfoDto Person);

    /// <summary>
    /// Finds the person by ID number, records the opening (audit + owner SMS) and answers who they are;
    /// null when the system has never seen them (nothing opened, nothing recorded).
    /// </summary>
    public static async Task<Opened?> OpenAsync(TongbanDb db, HttpContext http, TimeProvider clock, AuditTrail audit, string idNumber, string purpose, CancellationToken ct)
    {
        var staff = StaffActor.From(http.User)!;
        var owner = LibraryOwner.Person(idNumber);
        var indexes = owner.Indexes;
        var account = await db.Citizens.AsNoTracking().FirstOrDefaultAsync(c => indexes.Contains(c.IdIndex), ct);
        var cases = db.Cases.AsNoTracking().Where(c => c.ApplicantKind == ApplicantKind.Person && indexes.Contains(c.ApplicantIdIndex));
        var latest = await cases.OrderByDescending(c => c.SubmittedAt).Select(c => new { c.ApplicantName, c.ApplicantMobile, c.SubmittedAt }).FirstOrDefaultAsync(ct);
        var hasMaterials = await db.LibraryMaterials.AnyAsync(m => m.OwnerKind == ApplicantKind.Person && indexes.Contains(m.OwnerIndex), ct);
        if (account is null && latest is null && !hasMaterials) return null;
        var caseCount = latest is null ? 0 : await cases.CountAsync(ct);
        var name = account?.Name ?? latest?.ApplicantName ?? "";
        var mobile = account?.Mobile ?? latest?.ApplicantMobile;
        var person = new PersonInfoDto(name, idNumber, mobile, ResidentIdNumber.Gender(idNumber), ResidentIdNumber.BirthDate(idNumber), caseCount, latest?.SubmittedAt, account is not null);

        var now = clock.GetUtcNow();
        var reader = AuditActor.FromHttp(http);
        await audit.AppendAsync(db, new AuditEvent(AuditStreams.Library(owner.Index), reader, "library.open", null,
            $"{purpose}：{ResidentIdNumber.Mask(idNumber)}（{staff.ServicePointCode ?? staff.DepartmentCode}）"), ct);
        if (mobile is not null)
        {
            var since = now - NoticeWindow;
            var streamActor = reader.Id;
            var streams = indexes.Select(AuditStreams.Library).ToList();
            var recent = await db.AuditEntries.AsNoTracking().CountAsync(e => streams.Contains(e.Stream) && e.Action == "library.open"
                && e.ActorKind == AuditActor.StaffKind && e.ActorId == streamActor && e.At > since, ct);
            if (recent == 0)
            {
                var pointName = staff.ServicePointCode is null ? "政务服务中心"
                    : await db.ServicePoints.AsNoTracking().Where(sp => sp.Code == staff.ServicePointCode).Select(sp => sp.Name).FirstOrDefaultAsync(ct) ?? "政务服务中心";
                await Notifications.PersonalMessages.QueueLibraryOpenedAsync(db, mobile, pointName, null, now, ct);
            }
        }
        await db.SaveChangesAsync(ct);
        return new Opened(owner, person);
    }
}
