using System.Net;
using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;
using Tongban.Modules.Organization;

namespace Tongban.IntegrationTests;

/// <summary>
/// Reference data read from memory (issue 8): what is not in the snapshot is still found in the database, and what another
/// node changed shows once the snapshot is renewed.
/// </summary>
public abstract class ReferenceCacheTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    private static Task<HttpResponseMessage> FileAtWindowAsync(HttpClient clerk, string windowCode) =>
        Scenario.PostCaseAsync(clerk, Citizens.SecondItem, [], "参考数据", Citizens.NewIdNumber(), Citizens.NewMobile(), windowCode: windowCode);

    [Fact]
    public async Task A_window_opened_after_the_snapshot_was_read_is_accepted_and_an_unknown_one_still_refused()
    {
        var clerk = await App.LoginAsync("clerk");
        string point = "", existing = "";
        await App.WithDbAsync(async db =>
        {
            var staff = await db.StaffUsers.AsNoTracking().SingleAsync(s => s.Username == "clerk", Ct);
            point = staff.ServicePointCode!;
            existing = await db.Windows.AsNoTracking().Where(w => w.ServicePointCode == point).OrderBy(w => w.Code).Select(w => w.Code).FirstAsync(Ct);
        });
        // This submission reads the snapshot (and keeps it for 30 s).
        Assert.Equal(HttpStatusCode.Created, (await FileAtWindowAsync(clerk, existing)).StatusCode);

        // Another node (or an import) opens a window: written straight to the database, this node's snapshot does not know it.
        var opened = "RC-" + Guid.NewGuid().ToString("N")[..6];
        await App.WithDbAsync(async db =>
        {
            db.Windows.Add(new ServiceWindow { Code = opened, Name = "新开窗口", ServicePointCode = point });
            await db.SaveChangesAsync(Ct);
        });

        var accepted = await FileAtWindowAsync(clerk, opened);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(opened, (await Json(accepted)).GetProperty("windowCode").GetString());
        await ProblemAssert.IsValidation(await FileAtWindowAsync(clerk, "RC-NO-SUCH"), "windowCode");
    }

    [Fact]
    public async Task A_hotline_changed_on_another_node_shows_here_when_the_snapshot_is_renewed()
    {
        string department = "";
        await App.WithDbAsync(async db =>
        {
            department = await db.Departments.AsNoTracking().OrderBy(d => d.Code).Select(d => d.Code).FirstAsync(Ct);
            Assert.NotNull(await ReferenceCache.DepartmentAsync(db, department, Ct));
            // The other node's change, straight to the database.
            await db.Departments.Where(d => d.Code == department).ExecuteUpdateAsync(s => s.SetProperty(d => d.Hotline, "0595-87000001"), Ct);
            Assert.NotEqual("0595-87000001", (await ReferenceCache.DepartmentAsync(db, department, Ct))!.Hotline);

            // What a node does after ReferenceCache.MaxAge, or at once after its own admin change.
            ReferenceCache.Invalidate(db);
            Assert.Equal("0595-87000001", (await ReferenceCache.DepartmentAsync(db, department, Ct))!.Hotline);
        });
    }
}

public sealed class SqliteReferenceCacheTests(SqliteApp app) : ReferenceCacheTests<SqliteApp>(app);

public sealed class PostgresReferenceCacheTests(PostgresApp app) : ReferenceCacheTests<PostgresApp>(app);
