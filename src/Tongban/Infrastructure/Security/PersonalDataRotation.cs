using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Tongban.Infrastructure.Data;

namespace Tongban.Infrastructure.Security;

/// <summary>
/// Moves every stored personal-data value to the current key and algorithm (ADR 0013): every column whose model uses
/// <see cref="PersonalData.EncryptedConverter"/>, and beside it the blind index column of the same name ("IdNumber" →
/// "IdIndex", "Mobile" → "MobileIndex"). Rows go in batches of their own transaction; each UPDATE names the old values,
/// so a row the service changed meanwhile is left alone (it is already current). Every row is readable by its own
/// prefix at every moment, so a stop anywhere loses nothing and a new run continues with what is left.
/// </summary>
internal static class PersonalDataRotation
{
    internal sealed record Column(string Name, string? IndexName);

    internal sealed record Table(string Name, string Key, IReadOnlyList<Column> Columns);

    internal sealed record Progress(int Rows, int Batches, bool Complete);

    /// <summary>The tables and columns holding personal data, read from the model.</summary>
    public static IReadOnlyList<Table> TablesOf(DbContext db)
    {
        var tables = new Dictionary<string, (string Key, List<Column> Columns)>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } name) continue;
            var store = StoreObjectIdentifier.Table(name, entity.GetSchema());
            foreach (var property in entity.GetProperties().Where(p => ReferenceEquals(p.GetValueConverter(), PersonalData.EncryptedConverter)))
            {
                var key = entity.FindPrimaryKey()?.Properties is [var single] ? single.GetColumnName(store)! : throw new InvalidOperationException($"{name} needs a single-column key.");
                var indexProperty = entity.FindProperty((property.Name.EndsWith("Number", StringComparison.Ordinal) ? property.Name[..^"Number".Length] : property.Name) + "Index");
                if (!tables.TryGetValue(name, out var table)) tables[name] = table = (key, []);
                var column = new Column(property.GetColumnName(store)!, indexProperty?.GetColumnName(store));
                if (!table.Columns.Contains(column)) table.Columns.Add(column);
            }
        }
        return [.. tables.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new Table(t.Key, t.Value.Key, t.Value.Columns))];
    }

    /// <summary>Moves rows in batches until none is left or <paramref name="maxBatches"/> batches are done.</summary>
    public static async Task<Progress> RunAsync(TongbanDb db, int batchSize, int? maxBatches, TextWriter log, CancellationToken ct)
    {
        var prefix = PersonalData.PrefixOf(PersonalData.CurrentKeyId);
        var (rows, batches) = (0, 0);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var table in TablesOf(db))
            {
                // Passes from the first key on: a row skipped because the service changed it meanwhile is looked at again.
                for (var pass = 0; pass < 10; pass++)
                {
                    object? after = null;
                    var found = false;
                    while (true)
                    {
                        if (maxBatches is { } max && batches >= max) return new(rows, batches, false);
                        var batch = await ReadBatchAsync(connection, table, prefix, after, batchSize, ct);
                        if (batch.Count == 0) break;
                        found = true;
                        await using var transaction = await connection.BeginTransactionAsync(ct);
                        foreach (var row in batch) rows += await MoveAsync(connection, transaction, table, row, ct);
                        await transaction.CommitAsync(ct);
                        batches++;
                        after = batch[^1][0];
                        await log.WriteLineAsync($"{table.Name}: {rows} rows moved so far");
                    }
                    if (!found) break;
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        var left = await RemainingAsync(db, ct);
        return new(rows, batches, left == 0);
    }

    /// <summary>Rows whose personal data is not all under the current key and index (0 when rotation is complete).</summary>
    public static async Task<long> RemainingAsync(TongbanDb db, CancellationToken ct)
    {
        var prefix = PersonalData.PrefixOf(PersonalData.CurrentKeyId);
        long total = 0;
        foreach (var table in TablesOf(db))
            total += await ScalarAsync(db, $"SELECT COUNT(*) FROM {Q(table.Name)} WHERE {Stale(table)}", Patterns(prefix), ct);
        return total;
    }

    /// <summary>For <c>keys status</c>: per table and column, how many values each algorithm and key holds.</summary>
    public static async Task<List<(string Column, string Kind, long Rows)>> CountAsync(TongbanDb db, CancellationToken ct)
    {
        var result = new List<(string, string, long)>();
        foreach (var table in TablesOf(db))
            foreach (var column in table.Columns)
            {
                var name = $"{table.Name}.{column.Name}";
                var where = $"FROM {Q(table.Name)} WHERE {Q(column.Name)} LIKE @p0";
                Add(name, "AES-256-GCM, key 0 (v1)", await ScalarAsync(db, $"SELECT COUNT(*) {where}", [PersonalData.LegacyValuePrefix + "%"], ct));
                foreach (var id in PersonalData.KeyIds)
                    Add(name, $"SM4-GCM, key {id} (v2)", await ScalarAsync(db, $"SELECT COUNT(*) {where}", [PersonalData.PrefixOf(id) + "%"], ct));
                if (column.IndexName is { } index)
                {
                    var indexName = $"{table.Name}.{index}";
                    var sm3 = await ScalarAsync(db, $"SELECT COUNT(*) FROM {Q(table.Name)} WHERE {Q(index)} LIKE @p0", [PersonalData.IndexPrefix + "%"], ct);
                    var all = await ScalarAsync(db, $"SELECT COUNT(*) FROM {Q(table.Name)} WHERE {Q(index)} IS NOT NULL", [], ct);
                    Add(indexName, "HMAC-SM3 index, key 0 (i2)", sm3);
                    Add(indexName, "HMAC-SHA-256 index, key 0", all - sm3);
                }
            }
        return result;

        void Add(string column, string kind, long rows)
        {
            if (rows > 0) result.Add((column, kind, rows));
        }
    }

    private static object[] Patterns(string prefix) => [prefix + "%", PersonalData.IndexPrefix + "%"];

    private static string Q(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // @p0 matches the current value prefix, @p1 the current index prefix (see Patterns).
    private static string Stale(Table table) => "(" + string.Join(" OR ", table.Columns.SelectMany(c =>
        new[] { $"({Q(c.Name)} IS NOT NULL AND {Q(c.Name)} NOT LIKE @p0)" }
            .Concat(c.IndexName is { } i ? [$"({Q(i)} IS NOT NULL AND {Q(i)} NOT LIKE @p1)"] : []))) + ")";

    private static async Task<List<object?[]>> ReadBatchAsync(DbConnection connection, Table table, string prefix, object? after, int size, CancellationToken ct)
    {
        var columns = string.Join(", ", table.Columns.Select(c => Q(c.Name)));
        var sql = new StringBuilder($"SELECT {Q(table.Key)}, {columns} FROM {Q(table.Name)} WHERE {Stale(table)}");
        if (after is not null) sql.Append($" AND {Q(table.Key)} > @p2");
        sql.Append($" ORDER BY {Q(table.Key)} LIMIT {size.ToString(CultureInfo.InvariantCulture)}");
        await using var command = Command(connection, null, sql.ToString(), after is null ? Patterns(prefix) : [.. Patterns(prefix), after]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(ct))
        {
            var row = new object?[table.Columns.Count + 1];
            for (var i = 0; i < row.Length; i++) row[i] = await reader.IsDBNullAsync(i, ct) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    private static async Task<int> MoveAsync(DbConnection connection, DbTransaction transaction, Table table, object?[] row, CancellationToken ct)
    {
        var sets = new List<string>();
        var wheres = new List<string> { $"{Q(table.Key)} = @p0" };
        var values = new List<object> { row[0]! };
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            if (row[i + 1] is not string stored)
            {
                wheres.Add($"{Q(column.Name)} IS NULL");
                continue;
            }
            var plaintext = PersonalData.Unprotect(stored);
            values.Add(stored);
            wheres.Add($"{Q(column.Name)} = @p{values.Count - 1}");
            values.Add(PersonalData.Protect(plaintext));
            sets.Add($"{Q(column.Name)} = @p{values.Count - 1}");
            if (column.IndexName is { } index)
            {
                values.Add(PersonalData.BlindIndex(plaintext));
                sets.Add($"{Q(index)} = @p{values.Count - 1}");
            }
        }
        if (sets.Count == 0) return 0;
        await using var command = Command(connection, transaction, $"UPDATE {Q(table.Name)} SET {string.Join(", ", sets)} WHERE {string.Join(" AND ", wheres)}", values);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> ScalarAsync(TongbanDb db, string sql, IReadOnlyList<object> values, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = Command(connection, null, sql, values);
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, IReadOnlyList<object> values)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        for (var i = 0; i < values.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            parameter.Value = values[i];
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
