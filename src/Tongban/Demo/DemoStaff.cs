using Tongban.Infrastructure.Security;
using Tongban.Modules.Identity;
using Tongban.Modules.Organization;

namespace Tongban.Demo;

/// <summary>
/// Demo staff accounts, one per role plus a clerk for every town center and one village clerk, all
/// with the configured demo password. Names are invented; mobiles are from one made-up 1380595xxxx
/// block (valid CN mobile format, chosen so SMS tests are recognisable as demo traffic).
/// </summary>
internal static class DemoStaff
{
    /// <summary>The village point whose 代办员 gets the clerk-village account (锦祥社区, 山腰街道).</summary>
    public const string VillageClerkPoint = "350505001001";

    private static readonly IReadOnlyDictionary<string, string> TownClerkNames = new Dictionary<string, string>
    {
        ["shanyao"] = "林美玲",
        ["nanpu"] = "庄志伟",
        ["jieshan"] = "连秀珍",
        ["houlong"] = "刘清华",
        ["fengwei"] = "陈海燕",
        ["qianhuang"] = "郭建平",
        ["tuling"] = "蔡丽君",
    };

    /// <summary>
    /// PBKDF2 is slow on purpose (~50–100 ms per hash on a small server, ~1 s for all accounts), so the
    /// seeder runs this on a background thread while the catalog is being written.
    /// </summary>
    public static void HashPasswords(IEnumerable<StaffUser> users, string password)
    {
        foreach (var user in users) user.PasswordHash = StaffLogin.HashPassword(user, password);
    }

    public static List<StaffUser> Users(IReadOnlyList<ServicePoint> points, IReadOnlyList<Department> departments)
    {
        var approvalBureau = departments.Single(d => d.Name == DemoCatalogRules.ApprovalBureauName).Code;
        var users = new List<StaffUser>
        {
            new() { Username = "admin", Name = "系统管理员", Roles = [StaffRoles.Admin] },
            new() { Username = "clerk", Name = "陈晓燕", Roles = [StaffRoles.Clerk], ServicePointCode = DemoOrganization.DistrictCenterCode },
            new() { Username = "reviewer", Name = "黄建明", Roles = [StaffRoles.Reviewer], DepartmentCode = approvalBureau },
            new() { Username = "approver", Name = "郑国华", Roles = [StaffRoles.Approver], DepartmentCode = approvalBureau },
            new() { Username = "supervisor", Name = "刘文斌", Roles = [StaffRoles.Supervisor] },
            new() { Username = "analyst", Name = "王丽娟", Roles = [StaffRoles.Analyst] },
        };

        foreach (var town in points.Where(p => p.Level == ServicePointLevel.Town))
        {
            var pinyin = DemoOrganization.TownPinyin[town.Code];
            users.Add(new StaffUser { Username = "clerk-" + pinyin, Name = TownClerkNames[pinyin], Roles = [StaffRoles.Clerk], ServicePointCode = town.Code });
        }

        users.Add(new StaffUser { Username = "clerk-village", Name = "黄淑芬", Roles = [StaffRoles.Clerk], ServicePointCode = VillageClerkPoint });

        for (var i = 0; i < users.Count; i++)
            users[i].Mobile = $"1380595{i + 1:D4}";

        return users;
    }
}
