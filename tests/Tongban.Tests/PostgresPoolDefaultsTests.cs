using Npgsql;
using Tongban.Infrastructure.Data;

namespace Tongban.Tests;

/// <summary>Tongban's pool defaults for PostgreSQL apply only where the operator's connection string is silent.</summary>
public class PostgresPoolDefaultsTests
{
    [Fact]
    public void A_plain_connection_string_gets_auto_prepare_and_no_reset_on_close()
    {
        var result = new NpgsqlConnectionStringBuilder(DataSetup.WithPoolDefaults("Host=db;Database=tongban;Username=t;Password=p"));

        Assert.Equal(64, result.MaxAutoPrepare);
        Assert.True(result.NoResetOnClose);
        Assert.Equal("db", result.Host);
        Assert.Equal("p", result.Password);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=db;MaxAutoPrepare=0;NoResetOnClose=false")]
    [InlineData("Host=db;max auto prepare=0;no reset on close=false")]
    public void What_the_operator_says_is_kept(string connectionString)
    {
        var result = new NpgsqlConnectionStringBuilder(DataSetup.WithPoolDefaults(connectionString));

        Assert.Equal(0, result.MaxAutoPrepare);
        Assert.False(result.NoResetOnClose);
    }
}
