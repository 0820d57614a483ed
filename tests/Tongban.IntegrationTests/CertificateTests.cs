using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Modules.Catalog;
using Tongban.Modules.Certificates;
using static Tongban.IntegrationTests.Scenario;

namespace Tongban.IntegrationTests;

/// <summary>
/// 电子证照 with SM2 e-seals (issue 19): issued when an approved case completes, sealed PDF that verifies on its own (and with
/// OpenSSL), verification by anyone reflecting revocation at once, tampering detected, scope of reading and revoking, and
/// reuse as a material at the window and online (counted as 调用).
/// </summary>
public abstract class CertificateTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private sealed record Item(string Code, string Department, string Type, string[] Materials);

    /// <summary>A 行政许可 item of the reviewer's department that issues an e-certificate, for persons, at the window.</summary>
    private async Task<Item> CertificateItemAsync(int skip = 0)
    {
        Item found = null!;
        await App.WithDbAsync(async db =>
        {
            var department = await db.StaffUsers.Where(u => u.Username == "reviewer").Select(u => u.DepartmentCode).FirstAsync(Ct);
            var item = await db.ItemVersions.Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.DepartmentCode == department && i.ItemType == ItemType.Licensing && i.CertificateTypeCode != null
                    && i.ForPersons && (i.Channels & Channels.Window) != 0 && (i.Channels & Channels.Online) != 0)
                .OrderBy(i => i.Id).Skip(skip).FirstAsync(Ct);
            found = new Item(item.Code, item.DepartmentCode, item.CertificateTypeCode!, [.. item.Materials.Where(m => m.Necessity != Necessity.Optional).Select(m => m.Code)]);
        });
        return found;
    }

    private async Task<(string CaseNumber, JsonElement Certificate)> IssueAsync(Item item, string idNumber, string name = "林证照")
    {
        var clerk = await App.LoginAsync("clerk");
        var reviewer = await App.LoginAsync("reviewer");
        var approver = await App.LoginAsync("approver");
        var number = await SubmitAsync(clerk, item.Code, item.Materials, name, idNumber, Citizens.NewMobile());
        await Act(clerk, number, "accept", new { });
        var c = await Act(reviewer, number, "review", new { decision = "approve", opinion = "符合条件" });
        while (c.GetProperty("status").GetString() == "inReview") c = await Act(approver, number, "review", new { decision = "approve", opinion = "准予许可" });
        await Act(reviewer, number, "complete", new { delivery = new { method = "pickup" } });
        Guid id = Guid.Empty;
        await App.WithDbAsync(async db => id = await db.Certificates.Where(x => x.CaseNumber == number).Select(x => x.Id).SingleAsync(Ct));
        return (number, await GetJson(reviewer, $"/api/certificates/{id}"));
    }

    private static async Task<byte[]> PdfAsync(HttpClient client, string id)
    {
        var response = await client.GetAsync($"/api/certificates/{id}/file.pdf", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    private async Task<JsonElement> VerifyFileAsync(byte[] pdf)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(pdf);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(part, "file", "certificate.pdf");
        return await Json(await App.CreateClient().PostAsync("/api/public/certificates/verify-file", form, Ct));
    }

    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {output}");
        return output;
    }

    [Fact]
    public async Task Completing_an_approved_case_issues_a_sealed_certificate_that_verifies_on_its_own_and_with_openssl()
    {
        var item = await CertificateItemAsync();
        var (number, certificate) = await IssueAsync(item, Citizens.NewIdNumber());
        var id = certificate.GetProperty("id").GetString()!;
        var identifier = certificate.GetProperty("identifier").GetString()!;
        Assert.True(CertificateIdentifier.IsValid(identifier), identifier);
        Assert.StartsWith("1.2.156.3005.2.", identifier, StringComparison.Ordinal);
        Assert.Equal("valid", certificate.GetProperty("status").GetString());
        Assert.Equal(number, certificate.GetProperty("caseNumber").GetString());
        Assert.Equal(item.Department, certificate.GetProperty("sealedBy").GetProperty("departmentCode").GetString());
        Assert.Contains("*", certificate.GetProperty("holderIdNumber").GetString()!, StringComparison.Ordinal);

        var reviewer = await App.LoginAsync("reviewer");
        var pdf = await PdfAsync(reviewer, id);
        Assert.True(pdf.AsSpan(0, 5).SequenceEqual("%PDF-"u8));
        Assert.True(pdf.Length < 400_000, $"a certificate PDF of {pdf.Length} bytes: the font must be a subset");
        Assert.Equal(certificate.GetProperty("fingerprint").GetString(), Tongban.Infrastructure.Crypto.Sm3.HashHex(pdf));

        var dir = Directory.CreateTempSubdirectory("tongban-cert-").FullName;
        var path = Path.Combine(dir, "certificate.pdf");
        await File.WriteAllBytesAsync(path, pdf, Ct);
        var text = Run("pdftotext", path, "-");
        Assert.Contains("林证照", text, StringComparison.Ordinal);
        Assert.Contains(identifier, text.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        foreach (var field in certificate.GetProperty("faceFields").EnumerateArray())
            Assert.Contains(field.GetProperty("label").GetString()!, text, StringComparison.Ordinal);

        // The embedded signature verifies by itself, and with OpenSSL 3 (SM2, ID 1234567812345678) from the seal's public certificate.
        var (parts, problem) = SignedPdf.Split(pdf);
        Assert.Null(problem);
        Assert.Equal(identifier, parts!.Identifier);
        var seal = await GetJson(App.CreateClient(), $"/api/departments/{item.Department}/seal");
        await File.WriteAllTextAsync(Path.Combine(dir, "seal.pem"), seal.GetProperty("certificatePem").GetString(), Ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "ca.pem"), seal.GetProperty("authorityCertificatePem").GetString(), Ct);
        await File.WriteAllBytesAsync(Path.Combine(dir, "sig.der"), parts.Signature, Ct);
        await File.WriteAllBytesAsync(Path.Combine(dir, "data"), parts.SignedBytes, Ct);
        Run("openssl", "x509", "-in", Path.Combine(dir, "seal.pem"), "-pubkey", "-noout", "-out", Path.Combine(dir, "pub.pem"));
        Assert.Contains("Verified OK", Run("openssl", "dgst", "-sm3", "-verify", Path.Combine(dir, "pub.pem"), "-sigopt", "distid:1234567812345678",
            "-signature", Path.Combine(dir, "sig.der"), Path.Combine(dir, "data")), StringComparison.Ordinal);
        // The seal certificate's own SM2 signature (by the seal CA) uses the same ID, which OpenSSL also needs told.
        Assert.Contains("OK", Run("openssl", "verify", "-vfyopt", "distid:1234567812345678", "-CAfile", Path.Combine(dir, "ca.pem"), Path.Combine(dir, "seal.pem")), StringComparison.Ordinal);

        var verified = await VerifyFileAsync(pdf);
        Assert.True(verified.GetProperty("valid").GetBoolean(), verified.ToString());
        Assert.Equal(identifier, verified.GetProperty("identifier").GetString());

        // The decision letter of the same completion is sealed too and verifies.
        var letter = await reviewer.GetAsync($"/api/cases/{number}/decision-letter.pdf", Ct);
        Assert.Equal(HttpStatusCode.OK, letter.StatusCode);
        var letterBytes = await letter.Content.ReadAsByteArrayAsync(Ct);
        await File.WriteAllBytesAsync(Path.Combine(dir, "letter.pdf"), letterBytes, Ct);
        Assert.Contains("准予行政许可决定书", Run("pdftotext", Path.Combine(dir, "letter.pdf"), "-"), StringComparison.Ordinal);
        Assert.True((await VerifyFileAsync(letterBytes)).GetProperty("valid").GetBoolean());
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task Verification_reflects_revocation_at_once_and_a_changed_byte_is_invalid()
    {
        var item = await CertificateItemAsync();
        var (_, certificate) = await IssueAsync(item, Citizens.NewIdNumber(), "王核验");
        var id = certificate.GetProperty("id").GetString()!;
        var identifier = certificate.GetProperty("identifier").GetString()!;
        var anonymous = App.CreateClient();
        var byId = await GetJson(anonymous, $"/api/public/certificates/verify?identifier={Uri.EscapeDataString(identifier)}");
        Assert.True(byId.GetProperty("valid").GetBoolean());
        Assert.Equal("王**", byId.GetProperty("holderName").GetString());
        Assert.False((await GetJson(anonymous, "/api/public/certificates/verify?identifier=1.2.156.3005.2.X.Y.1.001.Z")).GetProperty("valid").GetBoolean());

        var reviewer = await App.LoginAsync("reviewer");
        var pdf = await PdfAsync(reviewer, id);
        var tampered = (byte[])pdf.Clone();
        tampered[tampered.Length / 2] ^= 0x01;
        var bad = await VerifyFileAsync(tampered);
        Assert.False(bad.GetProperty("valid").GetBoolean());
        Assert.Contains("签章", bad.GetProperty("reason").GetString()!, StringComparison.Ordinal);

        // A clerk of the receiving point reads it but may not revoke: only the issuing department's reviewers and approvers.
        var clerk = await App.LoginAsync("clerk");
        await ProblemAssert.IsProblem(await PostJson(clerk, $"/api/certificates/{id}/revoke", new { reason = "不该由我吊销" }), HttpStatusCode.Forbidden, "certificate.forbidden");
        await ProblemAssert.IsValidation(await PostJson(reviewer, $"/api/certificates/{id}/revoke", new { reason = " " }), "reason");
        var revoked = await Json(await PostJson(reviewer, $"/api/certificates/{id}/revoke", new { reason = "以欺骗手段取得许可" }));
        Assert.Equal("revoked", revoked.GetProperty("status").GetString());
        var after = await GetJson(anonymous, $"/api/public/certificates/verify?identifier={Uri.EscapeDataString(identifier)}");
        Assert.False(after.GetProperty("valid").GetBoolean());
        Assert.Equal("revoked", after.GetProperty("status").GetString());
        var file = await VerifyFileAsync(pdf);
        Assert.False(file.GetProperty("valid").GetBoolean());
        Assert.Contains("吊销", file.GetProperty("reason").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspension_reinstatement_and_renewal_link_the_new_certificate_to_the_old()
    {
        var item = await CertificateItemAsync();
        var (_, certificate) = await IssueAsync(item, Citizens.NewIdNumber());
        var id = certificate.GetProperty("id").GetString()!;
        var approver = await App.LoginAsync("approver");
        Assert.Equal("suspended", (await Json(await PostJson(approver, $"/api/certificates/{id}/suspend", new { reason = "整改期间" }))).GetProperty("status").GetString());
        await ProblemAssert.IsProblem(await PostJson(approver, $"/api/certificates/{id}/suspend", new { reason = "再次" }), HttpStatusCode.Conflict, "certificate.not_valid");
        Assert.Equal("valid", (await Json(await PostJson(approver, $"/api/certificates/{id}/reinstate", new { reason = "整改完成" }))).GetProperty("status").GetString());
        var renewed = await Json(await PostJson(approver, $"/api/certificates/{id}/renew", new { reason = "有效期届满延续" }));
        Assert.Equal(id, renewed.GetProperty("replacesId").GetString());
        Assert.NotEqual(certificate.GetProperty("identifier").GetString(), renewed.GetProperty("identifier").GetString());
        var old = await GetJson(approver, $"/api/certificates/{id}");
        Assert.Equal("revoked", old.GetProperty("status").GetString());
        Assert.Equal(renewed.GetProperty("id").GetString(), old.GetProperty("replacedById").GetString());
    }

    [Fact]
    public async Task The_holder_finds_it_in_the_wallet_strangers_do_not_and_it_is_reused_as_a_material_online_and_at_the_window()
    {
        var item = await CertificateItemAsync();
        var idNumber = Citizens.NewIdNumber();
        var (_, certificate) = await IssueAsync(item, idNumber, "陈美玲");
        var id = certificate.GetProperty("id").GetString()!;
        var holder = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), idNumber);
        var mine = await GetJson(holder, "/api/me/certificates");
        Assert.Contains(mine.EnumerateArray(), c => c.GetProperty("id").GetString() == id && c.GetProperty("status").GetString() == "valid");
        var own = await GetJson(holder, $"/api/certificates/{id}");
        Assert.Equal(idNumber, own.GetProperty("holderIdNumber").GetString());
        Assert.True((await PdfAsync(holder, id)).Length > 0);
        var stranger = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/certificates/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/certificates/{id}/file.pdf", Ct)).StatusCode);
        Assert.DoesNotContain((await GetJson(stranger, "/api/me/certificates")).EnumerateArray(), c => c.GetProperty("id").GetString() == id);

        // A later item needs a certificate of this type: the requirement names it (as an item's editor would).
        var later = await CertificateItemAsync(skip: 1);
        var requirement = later.Materials.First(m => m != "M01");
        await App.WithDbAsync(async db =>
        {
            var r = await db.MaterialRequirements.Where(m => m.Code == requirement && db.ItemVersions.Any(i => i.Id == m.ItemVersionId && i.Code == later.Code && i.Status == ItemVersionStatus.Published)).FirstAsync(Ct);
            r.CertificateTypeCode = item.Type;
            await db.SaveChangesAsync(Ct);
        });
        var reusable = await GetJson(holder, $"/api/items/{later.Code}/reusable");
        var offered = reusable.GetProperty("requirements").EnumerateArray().Single(r => r.GetProperty("requirementCode").GetString() == requirement);
        Assert.Contains(offered.GetProperty("certificates").EnumerateArray(), c => c.GetProperty("id").GetString() == id);

        object Materials(string certificateId) => later.Materials.Select(m => m == requirement ? (object)new { requirementCode = m, certificateId } : new { requirementCode = m }).ToArray();
        var online = await Json(await PostJson(holder, "/api/cases", new { itemCode = later.Code, channel = "online", materials = Materials(id) }, Guid.NewGuid().ToString()));
        var material = online.GetProperty("materials").EnumerateArray().Single(m => m.GetProperty("requirementCode").GetString() == requirement);
        Assert.Equal(id, material.GetProperty("certificateId").GetString());

        var clerk = await App.LoginAsync("clerk");
        var window = await PostJson(clerk, "/api/cases", new
        {
            itemCode = later.Code, channel = "window", materials = Materials(id),
            applicant = new { kind = "person", name = "陈美玲", idNumber, mobile = Citizens.NewMobile() },
        }, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, window.StatusCode);
        // Someone else's certificate: 403; not a certificate: 400 naming the field.
        var others = await PostJson(clerk, "/api/cases", new
        {
            itemCode = later.Code, channel = "window", materials = Materials(id),
            applicant = new { kind = "person", name = "别人", idNumber = Citizens.NewIdNumber(), mobile = Citizens.NewMobile() },
        }, Guid.NewGuid().ToString());
        await ProblemAssert.IsProblem(others, HttpStatusCode.Forbidden, "material.not_owner");
        var unknown = await PostJson(clerk, "/api/cases", new
        {
            itemCode = later.Code, channel = "window", materials = Materials(Guid.NewGuid().ToString()),
            applicant = new { kind = "person", name = "陈美玲", idNumber, mobile = Citizens.NewMobile() },
        }, Guid.NewGuid().ToString());
        await ProblemAssert.IsValidation(unknown, $"materials[{Array.IndexOf(later.Materials, requirement)}].certificateId");
        Assert.Equal(2, (await GetJson(holder, $"/api/certificates/{id}")).GetProperty("useCount").GetInt32());

        // A use copy (加注件) for a third party verifies as such.
        var copy = await holder.GetAsync($"/api/certificates/{id}/use-copy.pdf?purpose=银行开户&until={App.Clock.GetUtcNow().AddDays(30):yyyy-MM-dd}", Ct);
        Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
        var copyCheck = await VerifyFileAsync(await copy.Content.ReadAsByteArrayAsync(Ct));
        Assert.True(copyCheck.GetProperty("valid").GetBoolean(), copyCheck.ToString());
        Assert.Equal(JsonValueKind.String, copyCheck.GetProperty("useCopyUntil").ValueKind);
    }

    private static async Task<JsonElement> ImportAsync(HttpClient admin, string csv)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(part, "file", "certificates.csv");
        return await Json(await admin.PostAsync("/api/admin/certificates/import", form, Ct));
    }

    [Fact]
    public async Task An_import_with_bad_rows_imports_nothing_and_names_each_bad_cell_and_a_good_one_is_sealed_and_counted()
    {
        var item = await CertificateItemAsync();
        var admin = await App.LoginAsync("admin");
        var good = Citizens.NewIdNumber();
        var today = App.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var header = "typeCode,holderName,holderIdNumber,issuedAt,validUntil,itemName\n";
        var bad = await ImportAsync(admin, header
            + $"{item.Type},存量甲,{good},2020-05-01,2030-04-30,旧证换发\n"
            + $"no-such-type,存量乙,110101199003070000,2020-13-01,,\n"
            + $"{item.Type},,{Citizens.NewIdNumber()},2021-01-01,2020-01-01,\n");
        Assert.Equal(0, bad.GetProperty("imported").GetInt32());
        var rejected = bad.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([3, 4], rejected.Select(r => r.GetProperty("row").GetInt32()));
        Assert.Equal(["holderIdNumber", "issuedAt", "typeCode"], rejected[0].GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(["holderName", "validUntil"], rejected[1].GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        var stored = 1;
        await App.WithDbAsync(async db => stored = await db.Certificates.CountAsync(c => c.HolderName == "存量甲", Ct));
        Assert.Equal(0, stored);

        var analyst = await App.LoginAsync("analyst");
        var before = (await GetJson(analyst, $"/api/stats/certificates?from={today}&to={today}")).GetProperty("totals").GetProperty("converted").GetInt32();
        var ok = await ImportAsync(admin, header + $"{item.Type},存量甲,{good},2020-05-01,2030-04-30,旧证换发\n" + $"{item.Type},存量丙,{Citizens.NewIdNumber()},2019-01-02,,\n");
        Assert.Equal(2, ok.GetProperty("imported").GetInt32());
        var after = (await GetJson(analyst, $"/api/stats/certificates?from={today}&to={today}")).GetProperty("totals").GetProperty("converted").GetInt32();
        Assert.Equal(before + 2, after);
        var holder = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), good);
        var mine = (await GetJson(holder, "/api/me/certificates")).EnumerateArray().Single();
        var pdf = await PdfAsync(holder, mine.GetProperty("id").GetString()!);
        Assert.True((await VerifyFileAsync(pdf)).GetProperty("valid").GetBoolean());
        Assert.Equal("2030-04-30", mine.GetProperty("validUntil").GetString());
    }
}

public sealed class SqliteCertificateTests(SqliteApp app) : CertificateTests<SqliteApp>(app);

public sealed class PostgresCertificateTests(PostgresApp app) : CertificateTests<PostgresApp>(app);
