using System.Diagnostics;
using Npgsql;

namespace Tongban.Infrastructure.Operations;

/// <summary>pg_dump and pg_restore, run with the connection of ConnectionStrings:Tongban (password through the environment).</summary>
internal static class PostgresTools
{
    /// <summary>
    /// The program from Tongban:Backup:PostgresBin when set, else the newest of Debian's /usr/lib/postgresql/*/bin
    /// (a pg_dump older than the server refuses to dump it), else PATH.
    /// </summary>
    public static string Find(string program, IConfiguration configuration)
    {
        var configured = configuration["Tongban:Backup:PostgresBin"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var path = Path.Combine(configured, program);
            return File.Exists(path) ? path : throw new BackupException($"{path} does not exist (Tongban:Backup:PostgresBin).");
        }
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", program)).Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0).FirstOrDefault()
            : null;
        if (debian is not null) return debian;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, program))) return Path.Combine(dir, program);
        throw new BackupException($"{program} was not found (Tongban:Backup:PostgresBin, /usr/lib/postgresql/*/bin, PATH). Debian: apt-get install -y postgresql-client-15 (the server's major version or newer).");
    }

    public static async Task RunAsync(string program, IEnumerable<string> arguments, string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var info = new ProcessStartInfo(program, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        // Through the environment, never the command line: other users of the machine can read a process's arguments.
        if (!string.IsNullOrEmpty(target.Host)) info.Environment["PGHOST"] = target.Host;
        info.Environment["PGPORT"] = target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(target.Username)) info.Environment["PGUSER"] = target.Username;
        if (!string.IsNullOrEmpty(target.Password)) info.Environment["PGPASSWORD"] = target.Password;
        if (!string.IsNullOrEmpty(target.Database)) info.Environment["PGDATABASE"] = target.Database;
        if (target.SslMode != SslMode.Prefer) info.Environment["PGSSLMODE"] = target.SslMode.ToString().ToLowerInvariant() switch
        {
            "verifyca" => "verify-ca",
            "verifyfull" => "verify-full",
            var mode => mode,
        };
        using var process = Process.Start(info) ?? throw new BackupException($"{program} did not start.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new BackupException($"{Path.GetFileName(program)} failed with exit code {process.ExitCode}: {(await stderr).Trim()} {(await stdout).Trim()}");
    }
}
