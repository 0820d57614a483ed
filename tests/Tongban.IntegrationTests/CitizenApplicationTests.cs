using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Tongban.IntegrationTests;

/// <summary>Online applications, my cases, drafts and the once-only library from the citizen's side (issue 4, items 2–3).</summary>
public abstract class CitizenApplicationTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private sealed record Requirements(string IdCard, string Form, string? Document);

    private async Task<Requirements> RequirementsOf(string itemCode)
    {
        Requirements? r = null;
        await App.WithDbAsync(async db =>
        {
            var materials = await db.MaterialRequirements.Where(m => db.ItemVersions.Any(i => i.Id == m.ItemVersionId && i.Code == itemCode
                && i.Status == Tongban.Modules.Catalog.ItemVersionStatus.Published)).ToListAsync(Ct);
            r = new Requirements(materials.Single(m => m.MaterialTypeCode == "resident-id-card").Code, materials.Single(m => m.Type == "form").Code,
                materials.FirstOrDefault(m => m.MaterialTypeCode is null && m.Type == "document")?.Code);
        });
        return r!;
    }

    private static object Apply(string itemCode, object[] materials, Guid? draftId = null) =>
        new { itemCode, channel = "online", form = new { reason = "因病休学一年" }, materials, draftId };

    /// <summary>The first application: ID card photo and the item's own document uploaded.</summary>
    private async Task<(HttpClient Citizen, string Number, JsonElement Case)> FirstApplicationAsync(string mobile, string id)
    {
        var citizen = await Citizens.LoggedInAsync(App, mobile, id);
        var first = await RequirementsOf(Citizens.FirstItem);
        var card = await Citizens.UploadAsync(citizen, Citizens.Png(id), "身份证.png");
        var doc = await Citizens.UploadAsync(citizen, Citizens.Pdf(), "病历证明.pdf");
        var response = await PostJson(citizen, "/api/cases", Apply(Citizens.FirstItem,
            [new { requirementCode = first.IdCard, fileId = card }, new { requirementCode = first.Document!, fileId = doc }]), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json(response);
        return (citizen, body.GetProperty("caseNumber").GetString()!, body);
    }

    [Fact]
    public async Task The_second_application_reuses_the_ID_card_from_the_library_with_no_upload()
    {
        var id = Citizens.NewIdNumber();
        var (citizen, firstNumber, firstCase) = await FirstApplicationAsync(Citizens.NewMobile(), id);
        Assert.Equal("online", firstCase.GetProperty("channel").GetString());
        Assert.Equal("350505-C", firstCase.GetProperty("servicePointCode").GetString());
        Assert.Equal("陈**", firstCase.GetProperty("applicant").GetProperty("name").GetString());

        // The library now holds the ID card and the document (C: uploaded); the application form is not kept.
        var library = await GetJson(citizen, "/api/me/materials");
        Assert.Equal(2, library.GetProperty("total").GetInt32());
        var card = library.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("materialTypeCode").GetString() == "resident-id-card");
        Assert.Equal("C", card.GetProperty("trustLevel").GetString());
        Assert.Equal("upload", card.GetProperty("source").GetString());
        Assert.Equal(firstNumber, card.GetProperty("firstCaseNumber").GetString());

        var second = await RequirementsOf(Citizens.SecondItem);
        var reusable = await GetJson(citizen, $"/api/items/{Citizens.SecondItem}/reusable");
        Assert.Equal(1, reusable.GetProperty("satisfied").GetInt32());
        var cardRequirement = reusable.GetProperty("requirements").EnumerateArray().Single(r => r.GetProperty("requirementCode").GetString() == second.IdCard);
        var candidate = cardRequirement.GetProperty("candidates")[0];
        Assert.Equal(card.GetProperty("id").GetInt64(), candidate.GetProperty("id").GetInt64());
        Assert.False(reusable.GetProperty("requirements").EnumerateArray().Single(r => r.GetProperty("requirementCode").GetString() == second.Form).GetProperty("kept").GetBoolean());

        int filesBefore = 0, filesAfter = 0;
        await App.WithDbAsync(async db => filesBefore = await db.StoredFiles.CountAsync(Ct));
        var response = await PostJson(citizen, "/api/cases", Apply(Citizens.SecondItem, [new { requirementCode = second.IdCard, libraryMaterialId = candidate.GetProperty("id").GetInt64() }]),
            Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var secondCase = await Json(response);
        await App.WithDbAsync(async db => filesAfter = await db.StoredFiles.CountAsync(Ct));
        Assert.Equal(filesBefore, filesAfter);
        var linked = secondCase.GetProperty("materials").EnumerateArray().Single();
        Assert.Equal(card.GetProperty("fileId").GetGuid(), linked.GetProperty("fileId").GetGuid());
        Assert.True(linked.GetProperty("fromLibrary").GetBoolean());
        Assert.All(firstCase.GetProperty("materials").EnumerateArray(), m => Assert.False(m.GetProperty("fromLibrary").GetBoolean()));

        var after = (await GetJson(citizen, "/api/me/materials")).GetProperty("items").EnumerateArray().Single(m => m.GetProperty("id").GetInt64() == card.GetProperty("id").GetInt64());
        Assert.Equal(1, after.GetProperty("reuseCount").GetInt32());
        Assert.Equal(2, after.GetProperty("useCount").GetInt32());
        await App.WithDbAsync(async db => Assert.Equal(card.GetProperty("id").GetInt64(),
            (await db.CaseMaterials.SingleAsync(m => db.Cases.Any(c => c.Id == m.CaseId && c.Number == secondCase.GetProperty("caseNumber").GetString()), Ct)).LibraryMaterialId));

        var mine = await GetJson(citizen, "/api/me/cases");
        var numbers = mine.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("caseNumber").GetString()).ToList();
        Assert.Equal([secondCase.GetProperty("caseNumber").GetString(), firstNumber], numbers);
        Assert.Equal(firstNumber, (await GetJson(citizen, $"/api/cases/{firstNumber}")).GetProperty("caseNumber").GetString());

        // An expired material is no longer offered, and naming it is refused with the field.
        await App.WithDbAsync(async db =>
        {
            var kept = await db.LibraryMaterials.SingleAsync(m => m.Id == card.GetProperty("id").GetInt64(), Ct);
            kept.ValidUntil = new DateOnly(2026, 1, 1);
            await db.SaveChangesAsync(Ct);
        });
        var none = await GetJson(citizen, $"/api/items/{Citizens.SecondItem}/reusable");
        Assert.Equal(0, none.GetProperty("satisfied").GetInt32());
        await ProblemAssert.IsValidation(await PostJson(citizen, "/api/cases",
            Apply(Citizens.SecondItem, [new { requirementCode = second.IdCard, libraryMaterialId = card.GetProperty("id").GetInt64() }]), Guid.NewGuid().ToString()),
            "materials[0].libraryMaterialId");
    }

    [Fact]
    public async Task Another_persons_case_is_not_found_and_their_materials_are_refused()
    {
        var (_, number, _) = await FirstApplicationAsync(Citizens.NewMobile(), Citizens.NewIdNumber());
        var stranger = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber(), "周八");
        await ProblemAssert.IsProblem(await stranger.GetAsync($"/api/cases/{number}", Ct), HttpStatusCode.NotFound, "case.not_found");
        await ProblemAssert.IsProblem(await PostJson(stranger, $"/api/cases/{number}/withdraw", new { reason = "不办了" }), HttpStatusCode.NotFound, "case.not_found");
        Assert.DoesNotContain(number, (await stranger.GetStringAsync("/api/me/cases", Ct)), StringComparison.Ordinal);

        long othersMaterial = 0;
        Guid othersFile = default;
        await App.WithDbAsync(async db =>
        {
            var m = await db.LibraryMaterials.Where(x => x.FirstCaseNumber == number && x.TypeKey == "resident-id-card").SingleAsync(Ct);
            (othersMaterial, othersFile) = (m.Id, m.FileId);
        });
        var second = await RequirementsOf(Citizens.SecondItem);
        await ProblemAssert.IsProblem(await PostJson(stranger, "/api/cases",
            Apply(Citizens.SecondItem, [new { requirementCode = second.IdCard, libraryMaterialId = othersMaterial }]), Guid.NewGuid().ToString()),
            HttpStatusCode.Forbidden, "material.not_owner");
        await ProblemAssert.IsValidation(await PostJson(stranger, "/api/cases",
            Apply(Citizens.SecondItem, [new { requirementCode = second.IdCard, fileId = othersFile }]), Guid.NewGuid().ToString()), "materials[0].fileId");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/files/{othersFile}", Ct)).StatusCode);
        // A disguised upload is refused by content.
        var form = new MultipartFormDataContent { { new ByteArrayContent("MZ not a scan"u8.ToArray()), "file", "身份证.jpg" } };
        await ProblemAssert.IsProblem(await stranger.PostAsync("/api/files", form, Ct), HttpStatusCode.UnsupportedMediaType, "file.unsupported_type");
    }

    [Fact]
    public async Task A_draft_is_saved_resumed_and_becomes_exactly_one_case()
    {
        var citizen = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber());
        var draftId = Guid.NewGuid();
        var state = new { step = 2, form = new { reason = "因病休学" } };
        var put = await citizen.PutAsJsonAsync($"/api/me/drafts/{draftId}", new { itemCode = Citizens.SecondItem, state }, Ct);
        await Json(put);
        await Json(await citizen.PutAsJsonAsync($"/api/me/drafts/{draftId}", new { itemCode = Citizens.SecondItem, state }, Ct));
        var drafts = await GetJson(citizen, "/api/me/drafts");
        var saved = Assert.Single(drafts.EnumerateArray());
        Assert.Equal(2, saved.GetProperty("state").GetProperty("step").GetInt32());
        Assert.Equal("三级社会体育指导员技术等级称号认定", saved.GetProperty("itemName").GetString());

        var first = await PostJson(citizen, "/api/cases", Apply(Citizens.SecondItem, [], draftId), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var number = (await Json(first)).GetProperty("caseNumber").GetString();
        // Sent again from another tab (a new key): the same case, not a second one.
        var again = await PostJson(citizen, "/api/cases", Apply(Citizens.SecondItem, [], draftId), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(number, (await Json(again)).GetProperty("caseNumber").GetString());
        Assert.Equal(1, (await GetJson(citizen, "/api/me/cases")).GetProperty("total").GetInt32());
        Assert.Empty((await GetJson(citizen, "/api/me/drafts")).EnumerateArray());
        await ProblemAssert.IsProblem(await citizen.PutAsJsonAsync($"/api/me/drafts/{draftId}", new { itemCode = Citizens.SecondItem, state }, Ct),
            HttpStatusCode.Conflict, "draft.already_submitted");
        // Another citizen's draft does not exist for me.
        var stranger = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/me/drafts/{draftId}", Ct)).StatusCode);
        await ProblemAssert.IsValidation(await PostJson(stranger, "/api/cases", Apply(Citizens.SecondItem, [], draftId), Guid.NewGuid().ToString()), "draftId");
    }

    [Fact]
    public async Task The_applicant_answers_a_correction_notice_online_and_may_withdraw_but_not_accept()
    {
        var id = Citizens.NewIdNumber();
        var citizen = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), id);
        var first = await RequirementsOf(Citizens.FirstItem);
        var card = await Citizens.UploadAsync(citizen, Citizens.Png(id), "身份证.png");
        var number = (await Json(await PostJson(citizen, "/api/cases", Apply(Citizens.FirstItem, [new { requirementCode = first.IdCard, fileId = card }]),
            Guid.NewGuid().ToString()))).GetProperty("caseNumber").GetString()!;

        var clerk = await App.LoginAsync("clerk");
        await Json(await PostJson(clerk, $"/api/cases/{number}/pre-review",
            new { result = "correct", corrections = new[] { new { requirementCode = first.Document!, reason = "缺少医院诊断证明" } } }));
        var mine = await GetJson(citizen, "/api/me/cases");
        Assert.True(mine.GetProperty("items")[0].GetProperty("actionNeeded").GetBoolean());
        var view = await GetJson(citizen, $"/api/cases/{number}");
        Assert.Equal("correctionRequested", view.GetProperty("status").GetString());

        await ProblemAssert.IsProblem(await PostJson(citizen, $"/api/cases/{number}/accept", new { }), HttpStatusCode.Forbidden, "case.forbidden");
        var doc = await Citizens.UploadAsync(citizen, Citizens.Pdf(), "诊断证明.pdf");
        var supplemented = await Json(await PostJson(citizen, $"/api/cases/{number}/supplement", new { materials = new[] { new { requirementCode = first.Document!, fileId = doc } } }));
        Assert.Equal("submitted", supplemented.GetProperty("status").GetString());
        Assert.Contains(supplemented.GetProperty("steps").EnumerateArray(), s => s.GetProperty("name").GetString() == "补正" && s.GetProperty("handler").GetString() == "申请人（网上）");
        // The supplied document joined the library too.
        Assert.Equal(2, (await GetJson(citizen, "/api/me/materials")).GetProperty("total").GetInt32());

        var withdrawn = await Json(await PostJson(citizen, $"/api/cases/{number}/withdraw", new { reason = "已在其他渠道办理" }));
        Assert.Equal("withdrawn", withdrawn.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_agent_applies_for_another_person_only_with_a_power_of_attorney()
    {
        string item = "";
        string[] poa = [];
        await App.WithDbAsync(async db =>
        {
            var version = await db.ItemVersions.Include(i => i.Materials)
                .Where(i => i.Status == Tongban.Modules.Catalog.ItemVersionStatus.Published && i.ForPersons && (i.Channels & Tongban.Modules.Catalog.Channels.Online) != 0
                    && i.Materials.Any(m => m.MaterialTypeCode == "power-of-attorney"))
                .OrderBy(i => i.Id).FirstAsync(Ct);
            item = version.Code;
            poa = [version.Materials.Single(m => m.MaterialTypeCode == "power-of-attorney").Code];
        });
        var agent = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber(), "吴代理");
        var principalId = Citizens.NewIdNumber();
        var principalMobile = Citizens.NewMobile();
        object Body(object[] materials) => new
        {
            itemCode = item, channel = "online", materials,
            applicant = new { kind = "person", name = "郑老伯", idNumber = principalId, mobile = principalMobile },
        };
        await ProblemAssert.IsValidation(await PostJson(agent, "/api/cases", Body([]), Guid.NewGuid().ToString()), "materials");
        var letter = await Citizens.UploadAsync(agent, Citizens.Pdf(), "授权委托书.pdf");
        var created = await PostJson(agent, "/api/cases", Body([new { requirementCode = poa[0], fileId = letter }]), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = (await Json(created)).GetProperty("caseNumber").GetString();
        var row = (await GetJson(agent, "/api/me/cases")).GetProperty("items")[0];
        Assert.Equal(number, row.GetProperty("caseNumber").GetString());
        Assert.True(row.GetProperty("asAgent").GetBoolean());
        // The principal, logging in later, finds the case among their own.
        var principal = await Citizens.LoggedInAsync(App, principalMobile, principalId, "郑老伯");
        var theirs = (await GetJson(principal, "/api/me/cases")).GetProperty("items")[0];
        Assert.Equal(number, theirs.GetProperty("caseNumber").GetString());
        Assert.False(theirs.GetProperty("asAgent").GetBoolean());
    }
}

public sealed class SqliteCitizenApplicationTests(SqliteApp app) : CitizenApplicationTests<SqliteApp>(app);

public sealed class PostgresCitizenApplicationTests(PostgresApp app) : CitizenApplicationTests<PostgresApp>(app);
