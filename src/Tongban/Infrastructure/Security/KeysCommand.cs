using System.Globalization;
using Tongban.Infrastructure.Data;

namespace Tongban.Infrastructure.Security;

/// <summary><c>keys status</c> and <c>keys rotate</c> (docs/cryptography.md): the personal-data keys from the command line.</summary>
internal static class KeysCommand
{
    public static async Task<int> StatusAsync(IServiceProvider services, string[] args)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var folder = PersonalData.KeyFolder;
        Console.WriteLine($"Key folder: {folder}");
        Console.WriteLine($"Current key: {PersonalData.CurrentKeyId} (SM4-GCM; keys known: {string.Join(", ", PersonalData.KeyIds)})");
        if (folder is not null && File.Exists(PersonalDataKeys.MarkerPath(folder, PersonalData.CurrentKeyId)))
            Console.WriteLine($"Rotation to key {PersonalData.CurrentKeyId} is not finished: run `keys rotate` to continue.");
        foreach (var (column, kind, rows) in await PersonalDataRotation.CountAsync(db, default))
            Console.WriteLine($"  {column,-36} {kind,-30} {rows,10}");
        var left = await PersonalDataRotation.RemainingAsync(db, default);
        Console.WriteLine(left == 0 ? "Every row is under the current key and index." : $"Rows still to move: {left}");
        return 0;
    }

    /// <summary>
    /// Creates key N+1 and moves every row to it — or, when the last rotation did not finish (its marker file is still
    /// there), continues that one. <c>--batch n</c> rows per transaction; <c>--max-batches n</c> stops early (resume later).
    /// </summary>
    public static async Task<int> RotateAsync(IServiceProvider services, string[] args)
    {
        var folder = PersonalData.KeyFolder ?? throw new InvalidOperationException("Tongban:PersonalData:KeyFolder is not set.");
        var batch = Option(args, "--batch") ?? 500;
        var maxBatches = Option(args, "--max-batches");
        var current = PersonalData.CurrentKeyId;
        if (current > 0 && File.Exists(PersonalDataKeys.MarkerPath(folder, current)))
            Console.WriteLine($"Continuing the rotation to key {current}.");
        else
        {
            current = PersonalDataKeys.CreateNext(folder);
            PersonalData.Reload();
            Console.WriteLine($"Created key {current} in {folder}; new data is written under it. Copy the file to every node's key folder.");
            // Running nodes look at the key folder every 5 s: after that, nothing new is written under an older key.
            await Task.Delay(TimeSpan.FromSeconds(6));
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TongbanDb>();
        var progress = await PersonalDataRotation.RunAsync(db, batch, maxBatches, Console.Out, default);
        if (!progress.Complete)
        {
            Console.WriteLine($"Stopped after {progress.Batches} batches ({progress.Rows} rows); run `keys rotate` again to continue.");
            return 0;
        }
        // Finished: no marker says "in progress" any more, including those of rotations a newer one overtook.
        foreach (var marker in Directory.EnumerateFiles(folder, PersonalDataKeys.FilePrefix + "*.rotating")) File.Delete(marker);
        Console.WriteLine($"Rotation to key {current} complete: {progress.Rows} rows moved.");
        return 0;
    }

    private static int? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
    }
}
