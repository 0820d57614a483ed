using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Organization;

/// <summary>Another node changed a point, department or window: this node's snapshot is read again at the next use, not up to 30 s later.</summary>
internal sealed class ReferenceChangedElsewhere : IClusterTopic
{
    public const string Name = "reference";

    public string Topic => Name;

    public void Received(string? data) => ReferenceCache.InvalidateAll();
}
