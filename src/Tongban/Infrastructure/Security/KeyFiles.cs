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

    public static byte[] LoadOrCreate(string path)
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
