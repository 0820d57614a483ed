using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Audit;
using Tongban.Modules.Cases;

namespace Tongban.Modules.Certificates;

/// <summary>
/// `Tongban certificates bench [count]` (bench/certificate-issue.sh): issues <c>count</c> certificates of one department
/// after a warm-up and prints the time of each issuance (face PDF, SM2 seal, file store; the save in batches of 50 is
/// timed apart) and the PDF sizes.
/// </summary>
internal static class CertificateBench
{
    public static async Task RunAsync(IServiceProvider services, int count, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var issuer = scope.ServiceProvider.GetRequiredService<CertificateIssuer>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var department = await db.Departments.AsNoTracking().OrderBy(d => d.Id).Select(d => d.Code).FirstAsync(ct);
        var type = await CertificateTypes.EnsureAsync(db, issuer.Scopes, "food-business-licence", department, null, ct);
        var face = type.Fields.ToDictionary(f => f.Key, f => f.Key == CertificateTypes.HolderName ? "泉港区示例餐饮店" : "福建省泉州市泉港区山腰街道示例路 88 号");
        var issue = new List<double>();
        var sizes = new List<long>();
        var saves = Stopwatch.StartNew();
        saves.Reset();
        const int warmUp = 20;
        for (var i = 0; i < warmUp + count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var c = await issuer.IssueAsync(db, new IssueRequest(type, department, new CertificateHolder(ApplicantKind.Person, "林示例", "350505199001011234"), face,
                clock.GetUtcNow(), null, "bench", null, null, AuditActor.System, AuditStreams.System), ct);
            if (i >= warmUp)
            {
                issue.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                sizes.Add(db.ChangeTracker.Entries<Files.StoredFile>().Single(f => f.Entity.Id == c.FileId).Entity.Size);
            }
            if (i % 50 == 49 || i == warmUp + count - 1)
            {
                saves.Start();
                await db.SaveChangesAsync(ct);
                saves.Stop();
                db.ChangeTracker.Clear();
            }
        }
        issue.Sort();
        sizes.Sort();
        double P(double q) => issue[(int)Math.Min(issue.Count - 1, Math.Round(q * (issue.Count - 1)))];
        Console.WriteLine($"certificates issued: {count} (after {warmUp} warm-up), department {department}, type {type.Name}");
        Console.WriteLine($"per issuance (render + SM2 seal + store), ms: mean {issue.Average():F1}, p50 {P(0.5):F1}, p95 {P(0.95):F1}, max {issue[^1]:F1}");
        Console.WriteLine($"saves (batches of 50, incl. audit entries), ms per certificate: {saves.Elapsed.TotalMilliseconds / (warmUp + count):F2}");
        Console.WriteLine($"PDF size, bytes: min {sizes[0]}, median {sizes[sizes.Count / 2]}, max {sizes[^1]}");
    }
}
