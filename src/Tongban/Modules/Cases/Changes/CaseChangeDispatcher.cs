using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Cases.Changes;

/// <summary>Calls every registered <see cref="ICaseChangeHandler"/> for a change, before the caller saves.</summary>
internal sealed class CaseChangeDispatcher(IEnumerable<ICaseChangeHandler> handlers)
{
    private readonly ICaseChangeHandler[] _handlers = [.. handlers];

    public async Task PublishAsync(TongbanDb db, CaseChange change, CancellationToken ct)
    {
        foreach (var handler in _handlers) await handler.HandleAsync(db, change, ct);
    }
}
