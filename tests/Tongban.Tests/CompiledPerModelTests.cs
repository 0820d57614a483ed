using Tongban.Infrastructure.Data;

namespace Tongban.Tests;

/// <summary>
/// EF refuses to run a compiled query against a second model, and one process holds two (SQLite and PostgreSQL in the
/// integration tests): <see cref="CompiledPerModel{TQuery}"/> compiles once per model and reuses it.
/// </summary>
public class CompiledPerModelTests
{
    [Fact]
    public void Each_model_gets_its_own_compiled_query_compiled_once()
    {
        var compiled = 0;
        var perModel = new CompiledPerModel<object>(() => new object[] { Interlocked.Increment(ref compiled) });
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var sqliteAgain = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);

        var forSqlite = perModel.For(sqlite);

        Assert.Same(forSqlite, perModel.For(sqliteAgain));
        Assert.NotSame(forSqlite, perModel.For(postgres));
        Assert.Same(perModel.For(postgres), perModel.For(postgres));
        Assert.Equal(2, compiled);
    }
}
