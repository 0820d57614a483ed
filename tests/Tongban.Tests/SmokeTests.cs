namespace Tongban.Tests;

public class ReferenceDataTests
{
    [Fact]
    public void Holiday_files_for_2007_to_2026_are_embedded()
    {
        var files = Tongban.Infrastructure.Reference.ReferenceData.List("holiday-cn").Where(f => f.EndsWith(".json", StringComparison.Ordinal)).ToList();
        Assert.Equal(20, files.Count);
    }
}
