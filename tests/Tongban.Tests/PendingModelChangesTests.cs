using Microsoft.EntityFrameworkCore;
using Tongban.Infrastructure.Data;

namespace Tongban.Tests;

/// <summary>
/// A database gets its schema only from migrations, so a model change without one leaves the code asking for columns
/// no database has. Each provider's latest snapshot must describe the model exactly (EF compares the two; no server).
/// </summary>
public class PendingModelChangesTests
{
    private const string AddMigration =
        "add a migration for both providers (docs/development.md): cd src/Tongban && "
        + "dotnet ef migrations add <Name> --context SqliteTongbanDb --output-dir Infrastructure/Data/Migrations/Sqlite && "
        + "dotnet ef migrations add <Name> --context PostgresTongbanDb --output-dir Infrastructure/Data/Migrations/Postgres";

    [Fact]
    public void The_sqlite_model_matches_its_latest_migration()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), $"The EF model differs from the latest SQLite migration snapshot: {AddMigration}.");
    }

    [Fact]
    public void The_postgres_model_matches_its_latest_migration()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), $"The EF model differs from the latest PostgreSQL migration snapshot: {AddMigration}.");
    }
}
