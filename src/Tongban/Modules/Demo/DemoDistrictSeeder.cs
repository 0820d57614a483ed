using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Demo;

/// <summary>Builds the demo district 泉港区 (350505). Replaced by the full seeder.</summary>
internal static class DemoDistrictSeeder
{
    public static Task SeedAsync(TongbanDb db, DemoOptions options, TimeProvider clock, CancellationToken ct) => Task.CompletedTask;
}
