using System.Net;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Security;
using Tongban.Modules.Materials;

namespace Tongban.IntegrationTests;

/// <summary>The clerk's side of once-only: look a person up by ID number, reuse, and the window check (issue 4, items 3–4).</summary>
public abstract class WindowLookupTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private async Task<string> RequirementAsync(string itemCode, string typeCode)
    {
        string code = "";
        await App.WithDbAsync(async db => code = await db.MaterialRequirements.Where(m => m.MaterialTypeCode == typeCode
            && db.ItemVersions.Any(i => i.Id == m.ItemVersionId && i.Code == itemCode && i.Status == Tongban.Modules.Catalog.ItemVersionStatus.Published))
            .Select(m => m.Code).SingleAsync(Ct));
        return code;
    }

    private async Task<int> LibrarySmsCountAsync(string mobile)
    {
        var n = 0;
        var index = PersonalData.BlindIndex(mobile);
        await App.WithDbAsync(async db => n = await db.OutboxMessages.CountAsync(m => m.RecipientIndex == index && m.Event == "library.opened", Ct));
        return n;
    }

    [Fact]
    public async Task A_clerk_opens_a_persons_library_by_ID_number_audited_and_the_owner_is_told_by_SMS()
    {
        var id = Citizens.NewIdNumber();
        var mobile = Citizens.NewMobile();
        var citizen = await Citizens.LoggedInAsync(App, mobile, id, "陈美玲");
        var card = await Citizens.UploadAsync(citizen, Citizens.Png(id), "身份证.png");
        var cardRequirement = await RequirementAsync(Citizens.SecondItem, "resident-id-card");
        await Json(await PostJson(citizen, "/api/cases", new { itemCode = Citizens.SecondItem, channel = "online", materials = new[] { new { requirementCode = cardRequirement, fileId = card } } },
            Guid.NewGuid().ToString()));

        var clerk = await App.LoginAsync("clerk");
        var opened = await GetJson(clerk, $"/api/people/{id}/materials");
        var person = opened.GetProperty("person");
        // The clerk is entitled to the whole record: nothing to re-enter.
        Assert.Equal("陈美玲", person.GetProperty("name").GetString());
        Assert.Equal(mobile, person.GetProperty("mobile").GetString());
        Assert.Equal(1, person.GetProperty("caseCount").GetInt32());
        Assert.True(person.GetProperty("hasAccount").GetBoolean());
        var material = Assert.Single(opened.GetProperty("materials").GetProperty("items").EnumerateArray());
        Assert.Equal("resident-id-card", material.GetProperty("materialTypeCode").GetString());
        Assert.Equal(1, await LibrarySmsCountAsync(mobile));

        await App.WithDbAsync(async db =>
        {
            var stream = "library:" + PersonalData.BlindIndex(id);
            var entry = await db.AuditEntries.SingleAsync(e => e.Stream == stream, Ct);
            Assert.Equal("library.open", entry.Action);
            Assert.Equal("staff", entry.ActorKind);
            Assert.DoesNotContain(id, entry.Summary, StringComparison.Ordinal);
        });

        // The same clerk again a minute later (and the reusable check): one opening more in the trail, no second SMS.
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var reusable = await GetJson(clerk, $"/api/items/{Citizens.SecondItem}/reusable?idNumber={id}");
        Assert.Equal(1, reusable.GetProperty("satisfied").GetInt32());
        Assert.Equal(1, await LibrarySmsCountAsync(mobile));
        await App.WithDbAsync(async db => Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Stream == "library:" + PersonalData.BlindIndex(id), Ct)));

        // The clerk files the next case with the library's ID card: linked, no upload.
        var filed = await Json(await PostJson(clerk, "/api/cases", new
        {
            itemCode = Citizens.SecondItem, channel = "window",
            applicant = new { kind = "person", name = "陈美玲", idNumber = id, mobile },
            materials = new[] { new { requirementCode = cardRequirement, libraryMaterialId = material.GetProperty("id").GetInt64() } },
        }, Guid.NewGuid().ToString()));
        Assert.Equal(material.GetProperty("fileId").GetGuid(), filed.GetProperty("materials")[0].GetProperty("fileId").GetGuid());
        Assert.Equal(2, (await GetJson(citizen, "/api/me/cases")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Lookups_need_a_valid_ID_number_a_known_person_and_a_clerk()
    {
        var clerk = await App.LoginAsync("clerk");
        var bad = await ProblemAssert.IsValidation(await clerk.GetAsync($"/api/people/{TestData.IdWithBadChecksum}/materials", Ct), "idNumber");
        Assert.Equal("checksum", bad.GetProperty("rules").GetProperty("idNumber").GetString());
        await ProblemAssert.IsProblem(await clerk.GetAsync($"/api/people/{Citizens.NewIdNumber()}/materials", Ct), HttpStatusCode.NotFound, "person.not_found");
        var reviewer = await App.LoginAsync("reviewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync($"/api/people/{TestData.ValidIdNumber}/materials", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync($"/api/people/{TestData.ValidIdNumber}/materials", Ct)).StatusCode);
    }

    [Fact]
    public async Task Accepting_at_the_window_raises_the_scanned_copies_from_C_to_B()
    {
        var id = Citizens.NewIdNumber();
        var clerk = await App.LoginAsync("clerk");
        var scan = await Citizens.UploadAsync(clerk, Citizens.Png(id), "身份证扫描件.png");
        var cardRequirement = await RequirementAsync(Citizens.SecondItem, "resident-id-card");
        string formRequirement = "";
        await App.WithDbAsync(async db => formRequirement = await db.MaterialRequirements.Where(m => m.Type == "form"
            && db.ItemVersions.Any(i => i.Id == m.ItemVersionId && i.Code == Citizens.SecondItem && i.Status == Tongban.Modules.Catalog.ItemVersionStatus.Published))
            .Select(m => m.Code).SingleAsync(Ct));
        var form = await Citizens.UploadAsync(clerk, Citizens.Pdf(), "申请表.pdf");
        var number = (await Json(await PostJson(clerk, "/api/cases", new
        {
            itemCode = Citizens.SecondItem, channel = "window",
            applicant = new { kind = "person", name = "林阿婆", idNumber = id, mobile = Citizens.NewMobile() },
            materials = new object[] { new { requirementCode = cardRequirement, fileId = scan }, new { requirementCode = formRequirement, fileId = form } },
        }, Guid.NewGuid().ToString()))).GetProperty("caseNumber").GetString();

        LibraryMaterial? kept = null;
        var owner = PersonalData.BlindIndex(id);
        await App.WithDbAsync(async db => kept = await db.LibraryMaterials.AsNoTracking().SingleAsync(m => m.OwnerIndex == owner, Ct));
        Assert.Equal(TrustLevel.C, kept!.TrustLevel);
        Assert.Equal(LibrarySource.Window, kept.Source);

        await Json(await PostJson(clerk, $"/api/cases/{number}/pre-review", new { result = "pass" }));
        await Json(await PostJson(clerk, $"/api/cases/{number}/accept", new { }));
        await App.WithDbAsync(async db => kept = await db.LibraryMaterials.AsNoTracking().SingleAsync(m => m.OwnerIndex == owner, Ct));
        Assert.Equal(TrustLevel.B, kept.TrustLevel);
        Assert.NotNull(kept.VerifiedAt);
        Assert.False(string.IsNullOrEmpty(kept.VerifiedBy));
    }
}

public sealed class SqliteWindowLookupTests(SqliteApp app) : WindowLookupTests<SqliteApp>(app);

public sealed class PostgresWindowLookupTests(PostgresApp app) : WindowLookupTests<PostgresApp>(app);
