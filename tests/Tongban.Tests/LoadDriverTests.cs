using System.Diagnostics;
using System.Text.Json.Nodes;
using Tongban.LoadDriver;
using Tongban.Modules.Validation;

namespace Tongban.Tests;

/// <summary>The load driver's own arithmetic and test data (bench/Tongban.LoadDriver): a harness that miscounts reports wrong targets.</summary>
public class LoadDriverTests
{
    private static long[] Range(int n) => [.. Enumerable.Range(1, n).Select(i => (long)i)];

    [Fact]
    public void Percentiles_are_nearest_rank_over_every_sample()
    {
        var hundred = Range(100);
        Assert.Equal(50, Percentiles.NearestRank(hundred, 50));
        Assert.Equal(95, Percentiles.NearestRank(hundred, 95));
        Assert.Equal(99, Percentiles.NearestRank(hundred, 99));
        Assert.Equal(100, Percentiles.NearestRank(hundred, 100));
        // p99 of 1,000 samples is the 990th smallest, not an interpolation or a bucket bound.
        Assert.Equal(990, Percentiles.NearestRank(Range(1000), 99));
        // Few samples: the p99 of 10 is the slowest one.
        Assert.Equal(10, Percentiles.NearestRank(Range(10), 99));
        Assert.Equal(7, Percentiles.NearestRank([7], 50));
        Assert.Equal(0, Percentiles.NearestRank([], 99));
    }

    [Fact]
    public void Operation_stats_sort_the_samples_and_count_failures_apart()
    {
        var ms = Stopwatch.Frequency / 1000;
        var ticks = new long[] { 30 * ms, 10 * ms, 20 * ms, 40 * ms };
        var stats = OperationStats.Of("submit", ticks, errors: 1, conflicts: 2, throttled: 0, seconds: 2);
        Assert.Equal(4, stats.Count);
        Assert.Equal(2.0, stats.PerSecond);
        Assert.Equal(20.0, stats.P50);
        Assert.Equal(40.0, stats.P99);
        Assert.Equal(40.0, stats.Max);
        Assert.Equal(3, stats.Failed);
    }

    [Fact]
    public void Recorders_keep_nothing_from_the_warm_up_and_merge_per_operation()
    {
        var a = new Recorder();
        a.Record("view", 5, Outcome.Ok);
        a.Measuring = true;
        a.Record("view", 7, Outcome.Conflict);
        var b = new Recorder { Measuring = true };
        b.Record("view", 9, Outcome.Ok);
        b.Record("submit", 3, Outcome.Error);
        var merged = Recorder.Merge([a, b]);
        Assert.Equal([7L, 9L], merged["view"].Ticks.Order());
        Assert.Equal(1, merged["view"].Conflicts);
        Assert.Equal(1, merged["submit"].Errors);
    }

    [Fact]
    public void A_run_fails_above_one_percent_failed_requests()
    {
        var options = Options.Parse(["--base", "http://127.0.0.1:1", "--phase", "health"]);
        OperationSamples Samples(int ok, int errors)
        {
            var s = new OperationSamples();
            for (var i = 0; i < ok; i++) s.Add(1, Outcome.Ok);
            for (var i = 0; i < errors; i++) s.Add(1, Outcome.Error);
            return s;
        }
        Assert.False(Report.Of(options, 1, new Dictionary<string, OperationSamples> { ["health"] = Samples(99, 1) }).Failed);
        Assert.True(Report.Of(options, 1, new Dictionary<string, OperationSamples> { ["health"] = Samples(98, 2) }).Failed);
        // Nothing measured is not a pass.
        Assert.True(Report.Of(options, 1, new Dictionary<string, OperationSamples>()).Failed);
    }

    [Fact]
    public void The_realistic_mix_has_the_issue_s_shares_exactly()
    {
        var counts = Enumerable.Range(0, 100).Select(Mix.Realistic.At).CountBy(k => k).ToDictionary();
        Assert.Equal(40, counts[WorkKind.Catalog]);
        Assert.Equal(20, counts[WorkKind.View]);
        Assert.Equal(15, counts[WorkKind.Queue]);
        Assert.Equal(10, counts[WorkKind.Submission]);
        Assert.Equal(10, counts[WorkKind.Transition]);
        Assert.Equal(5, counts[WorkKind.Statistics]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Mix.Realistic.At(100));
    }

    [Fact]
    public void Random_draws_converge_on_the_mix()
    {
        var random = new Random(8);
        const int draws = 100_000;
        var counts = Enumerable.Range(0, draws).Select(_ => Mix.Realistic.Next(random)).CountBy(k => k).ToDictionary();
        Assert.InRange(counts[WorkKind.Statistics] / (double)draws, 0.045, 0.055);
        Assert.InRange(counts[WorkKind.Catalog] / (double)draws, 0.39, 0.41);
    }

    [Fact]
    public void Generated_applicants_pass_the_server_s_own_checks()
    {
        // The standard's worked example.
        Assert.Equal('X', IdNumbers.CheckCharacter("11010519491231002"));
        var random = new Random(11643);
        for (var i = 0; i < 1000; i++)
        {
            var id = IdNumbers.RandomResident(random);
            Assert.True(ResidentIdNumber.Validate(id).IsValid, id);
            var mobile = IdNumbers.RandomMobile(random);
            Assert.True(MobileNumber.Validate(mobile).IsValid, mobile);
        }
    }

    [Theory]
    [InlineData("submitted", null, "accept")]
    [InlineData("accepted", "review", "review")]
    [InlineData("inReview", "approve", "approve")]
    [InlineData("approved", null, "complete")]
    [InlineData("completed", null, null)]
    [InlineData("correctionRequested", null, null)]
    public void Each_case_state_has_its_next_step(string status, string? currentStep, string? next) =>
        Assert.Equal(next, Transition.NextAction(new PipelineCase("350505-2026-0000001", status, currentStep)));

    [Fact]
    public void The_submission_item_needs_two_keepable_materials_and_review_and_approval()
    {
        static JsonNode Guide(string steps, params (string Code, string Type, string Necessity, string? TypeCode)[] materials) => new JsonObject
        {
            ["code"] = "X1", ["name"] = "测试事项", ["departmentCode"] = "D01", ["caseKind"] = "promised",
            ["servingObjects"] = new JsonArray("person"), ["channels"] = new JsonArray("window", "online"),
            ["processSteps"] = new JsonArray([.. steps.Split(',').Select(s => (JsonNode)JsonValue.Create(s))]),
            ["materials"] = new JsonArray([.. materials.Select(m => (JsonNode)new JsonObject
            {
                ["code"] = m.Code, ["type"] = m.Type, ["necessity"] = m.Necessity, ["materialTypeCode"] = m.TypeCode,
            })]),
        };
        var fits = Setup.Fits(Guide("accept,review,approve,complete",
            ("M01", "certificate", "required", "resident-id-card"), ("M02", "form", "required", "application-form"),
            ("M03", "document", "tolerable", null), ("M04", "document", "optional", "power-of-attorney")));
        Assert.NotNull(fits);
        Assert.Equal(["M01", "M03"], fits.Reusable);
        Assert.Equal(["M02"], fits.Forms);
        Assert.Null(Setup.Fits(Guide("accept,review,complete", ("M01", "certificate", "required", "resident-id-card"), ("M03", "document", "required", null))));
        Assert.Null(Setup.Fits(Guide("accept,review,approve,complete", ("M01", "certificate", "required", "resident-id-card"), ("M02", "form", "required", "application-form"))));

        // The post phase: no form at all (nothing to upload), optional materials left out, any process.
        var reuseOnly = Setup.FitsReuseOnly(Guide("accept,complete", ("M01", "certificate", "required", "resident-id-card"), ("M04", "document", "optional", null)));
        Assert.NotNull(reuseOnly);
        Assert.Equal(["M01"], reuseOnly.Reusable);
        Assert.Empty(reuseOnly.Forms);
        Assert.Null(Setup.FitsReuseOnly(Guide("accept,complete", ("M01", "certificate", "required", "resident-id-card"), ("M02", "form", "tolerable", null))));
        Assert.Null(Setup.FitsReuseOnly(Guide("accept,complete", ("M01", "document", "required", "application-form"))));
        Assert.Null(Setup.FitsReuseOnly(Guide("accept,complete", ("M04", "document", "optional", null))));
    }

    [Fact]
    public void One_clerk_session_is_shared_and_n_sessions_go_round_the_workers()
    {
        var one = new Staff("clerk", "reviewer", "approver", "analyst", ["supervisor"]);
        Assert.All(Enumerable.Range(0, 8), i => Assert.Equal("clerk", one.ClerkOf(i)));
        var eight = one with { ClerkSessions = 8 };
        Assert.Equal(8, Enumerable.Range(0, 8).Select(eight.ClerkOf).Distinct().Count());
        Assert.Equal("clerk", eight.ClerkOf(0));
        Assert.Equal(eight.ClerkOf(3), eight.ClerkOf(11));
        Assert.Equal(3, Options.Parse(["--base", "http://h", "--phase", "post", "--clerk-tokens", "3"]).ClerkTokens);
        Assert.Equal(Phase.Post, Options.Parse(["--base", "http://h", "--phase", "post"]).Phase);
        Assert.Throws<ArgumentException>(() => Options.Parse(["--base", "http://h", "--clerk-tokens", "0"]));
    }

    [Fact]
    public void The_command_line_is_checked()
    {
        var o = Options.Parse(["--base", "http://127.0.0.1:5196", "--phase", "VIEW", "--concurrency", "4", "--duration", "20", "--warmup", "0", "--json", "x.json"]);
        Assert.Equal(Phase.View, o.Phase);
        Assert.Equal(new Uri("http://127.0.0.1:5196/"), o.BaseAddress);
        Assert.Equal((4, 20, 0, "x.json"), (o.Concurrency, o.DurationSeconds, o.WarmupSeconds, o.JsonFile));
        Assert.Equal(["supervisor", "analyst", "admin"], o.Viewers);
        Assert.Equal(["a", "b"], Options.Parse(["--base", "http://h", "--viewers", "a, b"]).Viewers);
        // Each worker owns at least one person.
        Assert.Equal(64, Options.Parse(["--base", "http://h", "--concurrency", "64"]).People);
        Assert.Throws<ArgumentException>(() => Options.Parse(["--phase", "mix"]));
        Assert.Throws<ArgumentException>(() => Options.Parse(["--base", "http://h", "--concurency", "4"]));
        Assert.Throws<ArgumentException>(() => Options.Parse(["--base", "http://h", "--phase", "load"]));
        Assert.Throws<ArgumentException>(() => Options.Parse(["--base", "http://h", "--concurrency", "0"]));
    }
}
