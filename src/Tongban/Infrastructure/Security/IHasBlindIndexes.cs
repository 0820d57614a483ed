namespace Tongban.Infrastructure.Security;

/// <summary>
/// An entity that keeps blind indexes (<see cref="PersonalData.BlindIndex"/>) of identifiers it stores encrypted: the
/// encrypted columns cannot be compared in SQL, so lookups go through the indexes, which must follow every change.
/// TongbanDb calls it before each save of an added or modified entity; the entity decides which indexes move when.
/// </summary>
internal interface IHasBlindIndexes
{
    void UpdateBlindIndexes(bool isNew);
}
