using Microsoft.Data.Sqlite;
using Tongban.Infrastructure.Data;

namespace Tongban.TestSupport;

/// <summary>A SQLite database file made by a stopped app, turned into one self-contained file that tests may copy.</summary>
internal static class SqliteTemplateFile
{
    public static void Seal(string path)
    {
        // The stopped app's connections stay in Microsoft.Data.Sqlite's pool: close them, then fold the WAL into the
        // file. When the last connection closes SQLite removes the -wal and -shm files, so the one file is the database.
        SqliteConnection.ClearPool(new SqliteConnection(DataSetup.SqliteConnectionFor(path)));
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }
        if (File.Exists(path + "-wal") && new FileInfo(path + "-wal").Length > 0)
            throw new InvalidOperationException($"The SQLite template {path} still has a write-ahead log: a connection to it is open.");
    }
}
