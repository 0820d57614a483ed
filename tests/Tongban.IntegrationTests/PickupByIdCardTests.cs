using System.Net;
using System.Text.Json;
using Tongban.Modules.Validation;
using static Tongban.IntegrationTests.Scenario;

namespace Tongban.IntegrationTests;

/// <summary>
/// 送达 at the window when the applicant has no pickup code at hand (lost phone, SMS deleted): the clerk checks the ID
/// card instead; the server compares it with the case's applicant and the audit trail says so, with the number masked.
/// </summary>
public abstract class PickupByIdCardTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private async Task<(HttpClient Clerk, string Number, string IdNumber)> CompletedForPickupAsync()
    {
        var clerk = await App.LoginAsync("clerk");
        var idNumber = Citizens.NewIdNumber();
        var number = await SubmitImmediateAsync(App, clerk, Citizens.NewMobile(), idNumber);
        await CompleteForPickupAsync(clerk, number);
        return (clerk, number, idNumber);
    }

    [Fact]
    public async Task The_clerk_hands_the_result_over_against_the_applicants_ID_card_and_the_audit_trail_says_so()
    {
        var (clerk, number, idNumber) = await CompletedForPickupAsync();

        // A lower-case check character is the same card.
        var delivered = await Act(clerk, number, "deliver", new { idNumber = " " + idNumber.ToLowerInvariant() + " " });

        Assert.Equal("delivered", delivered.GetProperty("status").GetString());
        var masked = ResidentIdNumber.Mask(idNumber);
        var step = delivered.GetProperty("steps").EnumerateArray().Last();
        Assert.Equal("送达", step.GetProperty("name").GetString());
        Assert.Equal($"凭身份证领取（申请人 {masked}）", step.GetProperty("opinion").GetString());
        var trail = await GetJson(clerk, $"/api/cases/{number}/audit");
        var entry = trail.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "case.deliver");
        Assert.Contains("凭身份证领取", entry.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains(masked, entry.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(idNumber, trail.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_persons_ID_card_is_refused_and_a_malformed_one_names_the_field()
    {
        var (clerk, number, _) = await CompletedForPickupAsync();

        await ProblemAssert.IsProblem(await PostJson(clerk, $"/api/cases/{number}/deliver", new { idNumber = Citizens.NewIdNumber() }),
            HttpStatusCode.Conflict, "case.pickup_id_mismatch");
        await ProblemAssert.IsValidation(await PostJson(clerk, $"/api/cases/{number}/deliver", new { idNumber = "12345" }), "idNumber");
        var still = await GetJson(clerk, $"/api/cases/{number}");
        Assert.Equal("completed", still.GetProperty("status").GetString());
        // Without a code and without a card, nothing is handed over.
        await ProblemAssert.IsProblem(await PostJson(clerk, $"/api/cases/{number}/deliver", new { }), HttpStatusCode.Conflict, "case.pickup_code_mismatch");
    }
}

public sealed class SqlitePickupByIdCardTests(SqliteApp app) : PickupByIdCardTests<SqliteApp>(app);

public sealed class PostgresPickupByIdCardTests(PostgresApp app) : PickupByIdCardTests<PostgresApp>(app);
