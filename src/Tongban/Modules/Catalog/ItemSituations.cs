using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tongban.Modules.Catalog;

/// <summary>情形引导 question: 个人还是代办? 是否首次办理? … with its options.</summary>
internal sealed record SituationQuestion(string Key, string Text, IReadOnlyList<SituationOption> Options);

internal sealed record SituationOption(string Value, string Label);

/// <summary>The material (by its code, stable across versions) is needed only when the answer to the question is one of the values.</summary>
internal sealed record SituationRule(string MaterialCode, string QuestionKey, IReadOnlyList<string> Values);

/// <summary>
/// The 情形引导 of one item (by 实施编码, so it carries over to new versions the way material codes do): questions
/// and the rules that say which materials a situation needs. A material without a rule is needed in every situation;
/// one with rules only when all of them hold, so catalog admins give such materials the necessity "optional" (the
/// acceptance check of a case does not know the situation).
/// </summary>
internal sealed class ItemSituationSet
{
    public int Id { get; init; }
    public required string ItemCode { get; init; }
    public List<SituationQuestion> Questions { get; set; } = [];
    public List<SituationRule> Rules { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The requirements of <paramref name="materials"/> this situation needs, in their order.</summary>
    public IEnumerable<MaterialRequirement> Applicable(IEnumerable<MaterialRequirement> materials, IReadOnlyDictionary<string, string> answers) =>
        materials.Where(m => Rules.Where(r => r.MaterialCode == m.Code)
            .All(r => answers.TryGetValue(r.QuestionKey, out var answer) && r.Values.Contains(answer)));

    public bool IsSituational(string materialCode) => Rules.Any(r => r.MaterialCode == materialCode);
}

internal sealed class ItemSituationSetConfiguration : IEntityTypeConfiguration<ItemSituationSet>
{
    public void Configure(EntityTypeBuilder<ItemSituationSet> e)
    {
        e.ToTable("item_situations");
        e.HasIndex(x => x.ItemCode).IsUnique();
        e.Property(x => x.ItemCode).HasMaxLength(80);
        // Read and written whole, never queried inside: one JSON text per list.
        e.Property(x => x.Questions).HasConversion(Json<List<SituationQuestion>>(), JsonComparer<List<SituationQuestion>>()).HasMaxLength(20000);
        e.Property(x => x.Rules).HasConversion(Json<List<SituationRule>>(), JsonComparer<List<SituationRule>>()).HasMaxLength(20000);
    }

    private static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T, string> Json<T>() where T : new() =>
        new(v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web), s => JsonSerializer.Deserialize<T>(s, JsonSerializerOptions.Web) ?? new T());

    private static ValueComparer<T> JsonComparer<T>() => new(
        (a, b) => JsonSerializer.Serialize(a, JsonSerializerOptions.Web) == JsonSerializer.Serialize(b, JsonSerializerOptions.Web),
        v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web).GetHashCode(StringComparison.Ordinal),
        v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, JsonSerializerOptions.Web), JsonSerializerOptions.Web)!);
}
