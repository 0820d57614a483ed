using Tongban.Infrastructure.Security;

namespace Tongban.Tests;

public sealed class KeyFilesTests
{
    [Fact]
    public async Task Hosts_starting_at_once_on_a_fresh_machine_agree_on_one_development_key()
    {
        // CI starts two browser-test hosts in one process on a fresh clone; each used to write its own key.
        var folder = Path.Combine(Path.GetTempPath(), $"tongban-keys-{Guid.NewGuid():N}");
        var path = Path.Combine(folder, "data", "personal-data.key");
        try
        {
            using var start = new Barrier(16);
            var keys = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            {
                start.SignalAndWait();
                return Convert.ToBase64String(KeyFiles.LoadOrCreate(path));
            })));

            Assert.Single(keys.Distinct());
            Assert.Equal(keys[0], Convert.ToBase64String(KeyFiles.LoadOrCreate(path)));
            Assert.Equal(KeyFiles.MinimumLength, Convert.FromBase64String(keys[0]).Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_truncated_key_file_is_refused_rather_than_used()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tongban-key-{Guid.NewGuid():N}.key");
        File.WriteAllText(path, Convert.ToBase64String(new byte[8]));
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => KeyFiles.LoadOrCreate(path));
            Assert.Contains("at least 32 bytes", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
