using System.Security.Cryptography;

namespace Tongban.Infrastructure.Security;

/// <summary>
/// Secret keys: from configuration (base64) in production, or — outside Production only — generated
/// once into a file under the data folder so a fresh `dotnet run` works and restarts keep the key.
/// </summary>
internal static class KeyFiles
{
    public const int MinimumLength = 32;

    /// <summary>The configured key, or in development the key kept in <paramref name="devKeyFile"/>; null means "use the dev file".</summary>
    public static (byte[] Bytes, string Source) Resolve(string? configured, string settingName, string devKeyFile, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return (Decode(configured, settingName), "configuration");
        if (environment.IsProduction())
            throw new InvalidOperationException($"{settingName} is not set: production needs a base64 key of at least {MinimumLength} random bytes shared by all nodes (e.g. `openssl rand -base64 32`).");
        var path = Path.GetFullPath(devKeyFile);
        return (LoadOrCreate(path), path);
    }

    public static byte[] Decode(string base64, string name)
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

    // One process may start several hosts at once (the test fixtures do); they must agree on one key.
    private static readonly Lock CreationGate = new();

    public static byte[] LoadOrCreate(string path)
    {
        lock (CreationGate)
        {
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                // CreateNew is O_EXCL: of two processes starting at once exactly one creates the file.
                // (File.Move(overwrite: false) is not enough: on Unix it checks, then renames.)
                try
                {
                    using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                    stream.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumLength))));
                    stream.Flush(flushToDisk: true);
                }
                catch (IOException) when (File.Exists(path))
                {
                    // Another process won; read its key below.
                }
            }
            return ReadWhenComplete(path);
        }
    }

    // The winner writes 44 bytes in one call; a loser may open the file in between and see it empty.
    private static byte[] ReadWhenComplete(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            var text = File.ReadAllText(path);
            if (text.Length > 0 || attempt == 50) return Decode(text, path);
            Thread.Sleep(10);
        }
    }
}
