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
    public const int MinimumLength = Infrastructure.Security.KeyFiles.MinimumLength;

    public AuditKey(IConfiguration configuration, IHostEnvironment environment, ILogger<AuditKey> logger)
    {
        var options = configuration.GetSection(AuditOptions.Section).Get<AuditOptions>() ?? new AuditOptions();
        (Bytes, Source) = Infrastructure.Security.KeyFiles.Resolve(options.Key, "Tongban:Audit:Key", options.DevKeyFile, environment);
        if (Source != "configuration")
            logger.LogWarning("Audit chain uses a development key kept in {KeyFile}; set Tongban:Audit:Key in production (see docs/configuration.md)", Source);
    }

    internal AuditKey(byte[] bytes)
    {
        Bytes = bytes;
        Source = "explicit";
    }

    public byte[] Bytes { get; }

    /// <summary>"configuration" or the path of the development key file.</summary>
    public string Source { get; }
}
