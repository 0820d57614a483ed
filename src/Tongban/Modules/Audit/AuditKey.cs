using System.Security.Cryptography;

namespace Tongban.Modules.Audit;

/// <summary>Tongban:Audit — the key of the audit chain's HMAC-SM3.</summary>
internal sealed class AuditOptions
{
    public const string Section = "Tongban:Audit";

    /// <summary>Base64 of at least 32 random bytes. Required in Production; all nodes share it.</summary>
    public string? Key { get; set; }

    /// <summary>Where a development key is generated and kept when <see cref="Key"/> is not set (not in Production).</summary>
    public string DevKeyFile { get; set; } = "data/audit.key";
}

/// <summary>
/// The audit MAC key. A keyed hash, not a plain one: anyone with write access to the database could
/// recompute a plain SM3 chain after editing it, but not a MAC without this key. Outside Production
/// a random key is generated once and kept in <see cref="AuditOptions.DevKeyFile"/> (with a warning);
/// in Production a missing or short key stops the start.
/// </summary>
internal sealed class AuditKey
{
    public const int MinimumLength = 32;

    public AuditKey(IConfiguration configuration, IHostEnvironment environment, ILogger<AuditKey> logger)
    {
        var options = configuration.GetSection(AuditOptions.Section).Get<AuditOptions>() ?? new AuditOptions();
        if (!string.IsNullOrWhiteSpace(options.Key))
        {
            Bytes = Decode(options.Key, "Tongban:Audit:Key");
            Source = "configuration";
            return;
        }
        if (environment.IsProduction())
            throw new InvalidOperationException("Tongban:Audit:Key is not set: production needs a base64 key of at least 32 random bytes shared by all nodes (e.g. `openssl rand -base64 32`).");
        var path = Path.GetFullPath(options.DevKeyFile);
        Bytes = LoadOrCreate(path);
        Source = path;
        logger.LogWarning("Audit chain uses a development key kept in {KeyFile}; set Tongban:Audit:Key in production (see docs/configuration.md)", path);
    }

    internal AuditKey(byte[] bytes)
    {
        Bytes = bytes;
        Source = "explicit";
    }

    public byte[] Bytes { get; }

    /// <summary>"configuration" or the path of the development key file.</summary>
    public string Source { get; }

    private static byte[] Decode(string base64, string name)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{name} is not valid base64.");
        }
        if (bytes.Length < MinimumLength)
            throw new InvalidOperationException($"{name} must hold at least {MinimumLength} bytes (it has {bytes.Length}).");
        return bytes;
    }

    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path)) return Decode(File.ReadAllText(path), path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written aside and moved into place: two processes starting at once agree on one key.
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumLength)));
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
        }
        return Decode(File.ReadAllText(path), path);
    }
}
