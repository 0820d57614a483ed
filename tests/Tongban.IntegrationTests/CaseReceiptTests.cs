using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Tongban.Modules.Catalog;

namespace Tongban.IntegrationTests;

/// <summary>GET /api/cases/{caseNumber}/receipt.pdf: the 收件回执, A4 or 80 mm thermal, for the applicant and the case's staff.</summary>
public abstract class CaseReceiptTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private async Task<(string Number, string IdNumber, string Material)> FiledCaseAsync()
    {
        (string Item, string Requirement, string Material)? found = null;
        await App.WithDbAsync(async db =>
        {
            var items = await db.ItemVersions.AsNoTracking().Include(i => i.Materials)
                .Where(i => i.Status == ItemVersionStatus.Published && i.ForPersons && i.CaseKind == CaseKind.Promised)
                .OrderBy(i => i.Id).Take(200).ToListAsync(Ct);
            var item = items.First(i => i.Channels.HasFlag(Channels.Window) && i.Materials.Any(m => m.MaterialTypeCode == "resident-id-card"));
            var id = item.Materials.First(m => m.MaterialTypeCode == "resident-id-card");
            found = (item.Code, id.Code, id.Name);
        });
        var clerk = await App.LoginAsync("clerk");
        var fileId = await Citizens.UploadAsync(clerk, Citizens.Png(), "身份证.png");
        var idNumber = Citizens.NewIdNumber();
        var response = await PostJson(clerk, "/api/cases", new
        {
            itemCode = found!.Value.Item, channel = "window",
            applicant = new { kind = "person", name = "林阿婆", idNumber, mobile = Citizens.NewMobile() },
            materials = new object[] { new { requirementCode = found.Value.Requirement, fileId } },
        }, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await Json(response)).GetProperty("caseNumber").GetString()!, idNumber, found.Value.Material);
    }

    [Fact]
    public async Task The_applicant_gets_a_thermal_receipt_80_mm_wide_with_the_case_materials_deadline_and_query_link()
    {
        var (number, idNumber, material) = await FiledCaseAsync();
        var applicant = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), idNumber, "林阿婆");
        var response = await applicant.GetAsync($"/api/cases/{number}/receipt.pdf?layout=thermal", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync(Ct);

        var text = Poppler("pdftotext", pdf, "-enc", "UTF-8");
        Assert.Contains(number, text, StringComparison.Ordinal);
        Assert.Contains("收件回执", text, StringComparison.Ordinal);
        Assert.Contains(material, text, StringComparison.Ordinal);
        Assert.Contains("受理后", text, StringComparison.Ordinal); // a 承诺件 not yet accepted: the limit, no date yet
        Assert.Contains("林**", text, StringComparison.Ordinal);
        Assert.DoesNotContain("林阿婆", text, StringComparison.Ordinal);
        Assert.Equal(80.0, PageWidthMm(pdf), 0.5);

        var a4 = await (await App.LoginAsync("clerk")).GetAsync($"/api/cases/{number}/receipt.pdf", Ct);
        Assert.Equal(HttpStatusCode.OK, a4.StatusCode);
        Assert.Equal(210.0, PageWidthMm(await a4.Content.ReadAsByteArrayAsync(Ct)), 0.5);
    }

    [Fact]
    public async Task Another_citizen_gets_404_and_a_bad_layout_is_a_named_400()
    {
        var (number, _, _) = await FiledCaseAsync();
        var stranger = await Citizens.LoggedInAsync(App, Citizens.NewMobile(), Citizens.NewIdNumber());
        await ProblemAssert.IsProblem(await stranger.GetAsync($"/api/cases/{number}/receipt.pdf", Ct), HttpStatusCode.NotFound, "case.not_found");
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync($"/api/cases/{number}/receipt.pdf", Ct)).StatusCode);
        var clerk = await App.LoginAsync("clerk");
        await ProblemAssert.IsValidation(await clerk.GetAsync($"/api/cases/{number}/receipt.pdf?layout=roll", Ct), "layout");
    }

    private static double PageWidthMm(byte[] pdf)
    {
        // pdfinfo: "Page size:      226.772 x 708.661 pts"
        var line = Poppler("pdfinfo", pdf).Split('\n').First(l => l.StartsWith("Page size:", StringComparison.Ordinal));
        var points = double.Parse(line["Page size:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return points / 72 * 25.4;
    }

    internal static string Poppler(string tool, byte[] pdf, params string[] options)
    {
        var input = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(input, pdf);
            var start = new ProcessStartInfo(tool, [.. options, input, .. tool == "pdftotext" ? new[] { "-" } : []]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return text;
        }
        finally
        {
            File.Delete(input);
        }
    }
}

public sealed class SqliteCaseReceiptTests(SqliteApp app) : CaseReceiptTests<SqliteApp>(app);

public sealed class PostgresCaseReceiptTests(PostgresApp app) : CaseReceiptTests<PostgresApp>(app);
