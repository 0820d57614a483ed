using System.Net;
using Microsoft.EntityFrameworkCore;
using Tongban.Modules.Catalog;

namespace Tongban.IntegrationTests;

/// <summary>
/// Issue 16 §1: an upload is its uploader's until it is attached; only the uploader attaches it (or the applicant's own
/// library offers it again); an attached file is read by the staff who work on the case and by its applicant, and by
/// nobody else — who gets a 404, as for a file that does not exist.
/// </summary>
public abstract class FileOwnershipTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    /// <summary>A window item for persons of the reviewer's department, and its ID-card requirement (kept in the library).</summary>
    private async Task<(string Item, string IdCard)> ReviewersItemAsync()
    {
        (string, string)? found = null;
        await App.WithDbAsync(async db =>
        {
            var department = await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.DepartmentCode).FirstAsync(Ct);
            var items = await db.ItemVersions.AsNoTracking().Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.DepartmentCode == department && i.ForPersons)
                .OrderBy(i => i.Id).Take(200).ToListAsync(Ct);
            var item = items.First(i => i.Channels.HasFlag(Channels.Window) && i.Materials.Any(m => m.MaterialTypeCode == "resident-id-card"));
            found = (item.Code, item.Materials.First(m => m.MaterialTypeCode == "resident-id-card").Code);
        });
        return found!.Value;
    }

    private static Task<HttpResponseMessage> FileAtWindowAsync(HttpClient clerk, string item, string requirement, Guid fileId, string idNumber) =>
        PostJson(clerk, "/api/cases", new
        {
            itemCode = item, channel = "window",
            applicant = new { kind = "person", name = "林阿婆", idNumber, mobile = Citizens.NewMobile() },
            materials = new object[] { new { requirementCode = requirement, fileId } },
        }, Guid.NewGuid().ToString());

    private static async Task IsHidden(HttpClient reader, Guid fileId) =>
        await ProblemAssert.IsProblem(await reader.GetAsync($"/api/files/{fileId}", Ct), HttpStatusCode.NotFound, "file.not_found");

    private static async Task IsReadable(HttpClient reader, Guid fileId, byte[] bytes)
    {
        var response = await reader.GetAsync($"/api/files/{fileId}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task A_clerk_cannot_file_a_citizens_upload_for_another_person_who_then_never_sees_it()
    {
        var (item, idCard) = await ReviewersItemAsync();
        var a = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber());
        var aScan = Citizens.Png("a-private");
        var aFile = await Citizens.UploadAsync(a, aScan, "身份证.png");
        var b = Citizens.NewIdNumber();
        var clerk = await App.LoginAsync("clerk");

        var refused = await ProblemAssert.IsValidation(await FileAtWindowAsync(clerk, item, idCard, aFile, b), "materials[0].fileId");
        Assert.Contains("文件不存在", refused.GetProperty("errors").GetProperty("materials[0].fileId")[0].GetString(), StringComparison.Ordinal);

        // B's 我的材料 holds nothing of A's, and A's file does not exist for B; A still has it.
        var bClient = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), b, "林阿婆");
        var library = await GetJson(bClient, "/api/me/materials");
        Assert.Equal(0, library.GetProperty("total").GetInt32());
        await IsHidden(bClient, aFile);
        await IsHidden(clerk, aFile);
        await IsReadable(a, aFile, aScan);
    }

    [Fact]
    public async Task An_attached_scan_is_read_by_the_case_workers_and_the_applicant_and_by_no_other_role_or_town()
    {
        var (item, idCard) = await ReviewersItemAsync();
        var clerk = await App.LoginAsync("clerk");
        var scan = Citizens.Png("b-card");
        var fileId = await Citizens.UploadAsync(clerk, scan, "身份证扫描件.png");
        var b = Citizens.NewIdNumber();
        Assert.Equal(HttpStatusCode.Created, (await FileAtWindowAsync(clerk, item, idCard, fileId, b)).StatusCode);

        await IsReadable(clerk, fileId, scan);
        await IsReadable(await App.LoginAsync("reviewer"), fileId, scan);
        foreach (var other in new[] { "supervisor", "analyst", "admin", "clerk-nanpu" })
            await IsHidden(await App.LoginAsync(other), fileId);
        await IsReadable(await Citizens.LoggedInAsync(App, Citizens.NewMobile(), b, "林阿婆"), fileId, scan);
        await IsHidden(await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber()), fileId);

        // Attached, it is B's: not even its uploader files it for C ...
        var c = Citizens.NewIdNumber();
        await ProblemAssert.IsValidation(await FileAtWindowAsync(clerk, item, idCard, fileId, c), "materials[0].fileId");
        // ... while B's library offers it again for B, at any window (once-only), and for B only.
        var townClerk = await App.LoginAsync("clerk-nanpu");
        Assert.Equal(HttpStatusCode.Created, (await FileAtWindowAsync(townClerk, item, idCard, fileId, b)).StatusCode);
        await ProblemAssert.IsValidation(await FileAtWindowAsync(townClerk, item, idCard, fileId, c), "materials[0].fileId");
        // Now the town works on a case of B's with it too.
        await IsReadable(townClerk, fileId, scan);
    }

    [Fact]
    public async Task The_case_view_offers_the_documents_only_to_those_who_may_open_them()
    {
        var (item, idCard) = await ReviewersItemAsync();
        var clerk = await App.LoginAsync("clerk");
        var fileId = await Citizens.UploadAsync(clerk, Citizens.Png("c-card"), "身份证扫描件.png");
        var filed = await PostJson(clerk, "/api/cases", new
        {
            itemCode = item, channel = "window",
            applicant = new { kind = "person", name = "林阿婆", idNumber = Citizens.NewIdNumber(), mobile = Citizens.NewMobile() },
            materials = new object[] { new { requirementCode = idCard, fileId } },
        }, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var number = (await Json(filed)).GetProperty("caseNumber").GetString();

        // Supervisors and admins watch the case but their downloads answer 404: the screen must not offer a dead link.
        foreach (var (user, readable) in new[] { ("clerk", true), ("reviewer", true), ("supervisor", false), ("admin", false) })
            Assert.True(readable == (await GetJson(await App.LoginAsync(user), $"/api/cases/{number}")).GetProperty("documentsReadable").GetBoolean(), user);
    }

    [Fact]
    public async Task An_unattached_staff_upload_is_its_uploaders_alone()
    {
        var (item, idCard) = await ReviewersItemAsync();
        var clerk = await App.LoginAsync("clerk");
        var scan = Citizens.Png("unattached");
        var fileId = await Citizens.UploadAsync(clerk, scan, "扫描件.png");

        await IsReadable(clerk, fileId, scan);
        foreach (var other in new[] { "clerk-nanpu", "reviewer", "supervisor", "analyst", "admin" })
            await IsHidden(await App.LoginAsync(other), fileId);
        await IsHidden(await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber()), fileId);
        // Nor may another clerk attach it.
        await ProblemAssert.IsValidation(await FileAtWindowAsync(await App.LoginAsync("clerk-nanpu"), item, idCard, fileId, Citizens.NewIdNumber()), "materials[0].fileId");
    }
}

public sealed class SqliteFileOwnershipTests(SqliteApp app) : FileOwnershipTests<SqliteApp>(app);

public sealed class PostgresFileOwnershipTests(PostgresApp app) : FileOwnershipTests<PostgresApp>(app);
