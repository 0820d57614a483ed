using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Modules.Certificates;

namespace Tongban.IntegrationTests;

/// <summary>
/// Importing a department seal issued elsewhere (issue 19): PEM and PKCS#12 made by OpenSSL 3 with an outside SM2 CA are
/// accepted, stored encrypted and audited; a wrong password, a key of another certificate, a key that is not SM2 and an
/// expired certificate are 400s naming the field; what the imported seal signs verifies here and with OpenSSL.
/// </summary>
public abstract class SealImportTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private const string Distid = "distid:1234567812345678";

    private static string Run(string dir, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {output}");
        return output;
    }

    private const string CaConfig = """
        [ca]
        default_ca = tb
        [tb]
        database = index.txt
        new_certs_dir = .
        serial = serial
        default_md = sm3
        policy = any
        unique_subject = no
        [any]
        countryName = optional
        organizationName = optional
        commonName = supplied
        [seal]
        keyUsage = critical,digitalSignature,nonRepudiation
        basicConstraints = critical,CA:FALSE
        [root]
        keyUsage = critical,keyCertSign,cRLSign
        basicConstraints = critical,CA:TRUE
        """;

    /// <summary>
    /// An outside seal CA and seals made with OpenSSL (`openssl ca` sets the dates, so they fit the tests' fake clock):
    /// seal.key/seal.pem, seal.p12 (another seal, password "secret"), other.key (another SM2 key), old.pem (expired), p256.key/p256.pem.
    /// </summary>
    private static string MakeFixtures()
    {
        var dir = Directory.CreateTempSubdirectory("tongban-seal-").FullName;
        File.WriteAllText(Path.Combine(dir, "ca.cnf"), CaConfig);
        File.WriteAllText(Path.Combine(dir, "index.txt"), "");
        File.WriteAllText(Path.Combine(dir, "serial"), "01\n");
        void Key(string name) => Run(dir, "openssl", "genpkey", "-algorithm", "SM2", "-out", name);
        void Request(string key, string subject, string output) => Run(dir, "openssl", "req", "-new", "-key", key, "-sm3", "-sigopt", Distid, "-subj", subject, "-out", output);
        void Sign(string request, string output, string from, string to, string extensions, bool self = false) => Run(dir, "openssl",
            [.. (string[])["ca", "-batch", "-config", "ca.cnf", "-keyfile", "ca.key", "-in", request, "-startdate", from, "-enddate", to, "-extensions", extensions,
                "-sigopt", Distid, "-vfyopt", Distid, "-notext", "-out", output], .. self ? (string[])["-selfsign"] : ["-cert", "ca.pem"]]);
        Key("ca.key");
        Request("ca.key", "/C=CN/O=Outside Seal CA/CN=Outside Seal CA", "ca.csr");
        Sign("ca.csr", "ca.pem", "20200101000000Z", "20400101000000Z", "root", self: true);
        Key("seal.key");
        Request("seal.key", "/C=CN/O=Outside Department/CN=Outside Department Seal", "seal.csr");
        Sign("seal.csr", "seal.pem", "20250101000000Z", "20300101000000Z", "seal");
        Sign("seal.csr", "old.pem", "20200101000000Z", "20251231000000Z", "seal");
        Key("other.key");
        // The PKCS#12 holds a seal of its own: one certificate is one department's seal only.
        Key("seal2.key");
        Request("seal2.key", "/C=CN/O=Outside Department/CN=Outside Department Seal 2", "seal2.csr");
        Sign("seal2.csr", "seal2.pem", "20250101000000Z", "20300101000000Z", "seal");
        Run(dir, "openssl", "pkcs12", "-export", "-inkey", "seal2.key", "-in", "seal2.pem", "-certfile", "ca.pem", "-passout", "pass:secret", "-out", "seal.p12");
        Run(dir, "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "p256.key");
        Run(dir, "openssl", "req", "-new", "-x509", "-key", "p256.key", "-sha256", "-subj", "/CN=P-256 seal", "-days", "7300", "-out", "p256.pem");
        return dir;
    }

    private static readonly Lazy<string> Fixtures = new(MakeFixtures);

    private static ByteArrayContent Part(string dir, string file)
    {
        var part = new ByteArrayContent(File.ReadAllBytes(Path.Combine(dir, file)));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return part;
    }

    private static Task<HttpResponseMessage> ImportPemAsync(HttpClient admin, string department, string key, string certificate, string? issuer = "ca.pem")
    {
        var dir = Fixtures.Value;
        var form = new MultipartFormDataContent { { Part(dir, key), "privateKey", key }, { Part(dir, certificate), "certificate", certificate } };
        if (issuer is not null) form.Add(Part(dir, issuer), "issuerCertificate", issuer);
        return admin.PostAsync($"/api/admin/departments/{department}/seal/import", form, Ct);
    }

    private static Task<HttpResponseMessage> ImportP12Async(HttpClient admin, string department, string password)
    {
        var form = new MultipartFormDataContent { { Part(Fixtures.Value, "seal.p12"), "pkcs12", "seal.p12" }, { new StringContent(password), "password" } };
        return admin.PostAsync($"/api/admin/departments/{department}/seal/import", form, Ct);
    }

    /// <summary>A certificate type and the department that issues it.</summary>
    private async Task<(string Type, string Department)> TypeAsync(int skip = 0)
    {
        (string, string) found = default;
        await App.WithDbAsync(async db =>
        {
            var t = await db.CertificateTypes.OrderBy(t => t.Id).Skip(skip).Select(t => new { t.Code, t.IssuerDepartmentCode }).FirstAsync(Ct);
            found = (t.Code, t.IssuerDepartmentCode);
        });
        return found;
    }

    [Fact]
    public async Task A_pem_seal_from_an_outside_ca_replaces_the_department_seal_and_what_it_seals_verifies_here_and_with_openssl()
    {
        var (type, department) = await TypeAsync();
        var admin = await App.LoginAsync("admin");
        var imported = await Json(await ImportPemAsync(admin, department, "seal.key", "seal.pem"));
        Assert.Equal("imported", imported.GetProperty("source").GetString());
        // One certificate is one seal: the same one again is refused.
        await ProblemAssert.IsValidation(await ImportPemAsync(admin, department, "seal.key", "seal.pem"), "certificate");
        var published = await GetJson(App.CreateClient(), $"/api/departments/{department}/seal");
        Assert.Equal(imported.GetProperty("sealId").GetString(), published.GetProperty("sealId").GetString());
        Assert.Contains("BEGIN CERTIFICATE", published.GetProperty("authorityCertificatePem").GetString()!, StringComparison.Ordinal);
        await App.WithDbAsync(async db =>
        {
            var seals = await db.DepartmentSeals.Where(s => s.DepartmentCode == department).ToListAsync(Ct);
            var inUse = Assert.Single(seals, s => s.RetiredAt == null);
            Assert.Equal(SealSources.Imported, inUse.Source);
            Assert.StartsWith("v1.", inUse.EncryptedPrivateKey, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE", inUse.EncryptedPrivateKey, StringComparison.Ordinal);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "seal.import", Ct));
        });

        // A converted certificate of that department's type is sealed with the imported key.
        var holderId = Citizens.NewIdNumber();
        var csv = new ByteArrayContent("typeCode,holderName,holderIdNumber,issuedAt,validUntil\n"u8.ToArray().Concat(System.Text.Encoding.UTF8.GetBytes($"{type},外章甲,{holderId},2025-06-01,2029-05-31\n")).ToArray());
        csv.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var result = await Json(await admin.PostAsync("/api/admin/certificates/import", new MultipartFormDataContent { { csv, "file", "c.csv" } }, Ct));
        Assert.Equal(1, result.GetProperty("imported").GetInt32());
        var holder = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), holderId, "外章甲");
        var mine = (await GetJson(holder, "/api/me/certificates")).EnumerateArray().Single();
        var pdf = await (await holder.GetAsync($"/api/certificates/{mine.GetProperty("id").GetString()}/file.pdf", Ct)).Content.ReadAsByteArrayAsync(Ct);
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "c.pdf");
        var verified = await Json(await App.CreateClient().PostAsync("/api/public/certificates/verify-file", form, Ct));
        Assert.True(verified.GetProperty("valid").GetBoolean(), verified.ToString());

        var (parts, problem) = SignedPdf.Split(pdf);
        Assert.Null(problem);
        var dir = Directory.CreateTempSubdirectory("tongban-sealed-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "seal.pem"), published.GetProperty("certificatePem").GetString(), Ct);
        await File.WriteAllBytesAsync(Path.Combine(dir, "sig.der"), parts!.Signature, Ct);
        await File.WriteAllBytesAsync(Path.Combine(dir, "data"), parts.SignedBytes, Ct);
        Run(dir, "openssl", "x509", "-in", "seal.pem", "-pubkey", "-noout", "-out", "pub.pem");
        Assert.Contains("Verified OK", Run(dir, "openssl", "dgst", "-sm3", "-verify", "pub.pem", "-sigopt", Distid, "-signature", "sig.der", "data"), StringComparison.Ordinal);
        Assert.Contains("OK", Run(dir, "openssl", "verify", "-vfyopt", Distid, "-CAfile", Path.Combine(Fixtures.Value, "ca.pem"), "seal.pem"), StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task A_pkcs12_seal_with_its_password_is_imported_and_is_the_only_seal_in_use()
    {
        var (_, department) = await TypeAsync(1);
        var admin = await App.LoginAsync("admin");
        var imported = await Json(await ImportP12Async(admin, department, "secret"));
        Assert.Equal("imported", imported.GetProperty("source").GetString());
        await App.WithDbAsync(async db =>
        {
            var seals = await db.DepartmentSeals.Where(s => s.DepartmentCode == department).OrderBy(s => s.Id).ToListAsync(Ct);
            Assert.Equal(imported.GetProperty("sealId").GetString(), Assert.Single(seals, s => s.RetiredAt == null).SealCode);
            Assert.All(seals.Where(s => s.SealCode != imported.GetProperty("sealId").GetString()), s => Assert.NotNull(s.RetiredAt));
        });
    }

    [Fact]
    public async Task A_wrong_password_a_foreign_key_a_key_not_sm2_an_expired_or_unchained_certificate_are_400s_naming_the_field()
    {
        var (_, department) = await TypeAsync();
        var admin = await App.LoginAsync("admin");
        await ProblemAssert.IsValidation(await ImportP12Async(admin, department, "wrong"), "password");
        await ProblemAssert.IsValidation(await ImportPemAsync(admin, department, "other.key", "seal.pem"), "privateKey");
        await ProblemAssert.IsValidation(await ImportPemAsync(admin, department, "p256.key", "p256.pem"), "privateKey");
        await ProblemAssert.IsValidation(await ImportPemAsync(admin, department, "seal.key", "old.pem"), "certificate");
        await ProblemAssert.IsValidation(await ImportPemAsync(admin, department, "seal.key", "seal.pem", issuer: null), "issuerCertificate");
        var body = JsonDocument.Parse(await (await ImportPemAsync(admin, department, "other.key", "seal.pem")).Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Contains("不匹配", body.GetProperty("errors").GetProperty("privateKey")[0].GetString()!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await ImportPemAsync(await App.LoginAsync("clerk"), department, "seal.key", "seal.pem")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ImportPemAsync(admin, "NO-SUCH-DEPT", "seal.key", "seal.pem")).StatusCode);
    }
}

public sealed class SqliteSealImportTests(SqliteApp app) : SealImportTests<SqliteApp>(app);

public sealed class PostgresSealImportTests(PostgresApp app) : SealImportTests<PostgresApp>(app);
