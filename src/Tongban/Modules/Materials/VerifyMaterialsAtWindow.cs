using Tongban.Infrastructure.Data;
using Tongban.Modules.Cases;
using Tongban.Modules.Cases.Changes;

namespace Tongban.Modules.Materials;

/// <summary>At the window the clerk who accepts has the originals in hand: the case's uploaded copies become checked (C → B).</summary>
internal sealed class VerifyMaterialsAtWindow : ICaseChangeHandler
{
    public Task HandleAsync(TongbanDb db, CaseChange change, CancellationToken ct) =>
        change.Action == CaseAction.Accept && change.Case.Channel == ApplicationChannel.Window
            ? MaterialLibrary.VerifyAtWindowAsync(db, change.Case, change.Actor.Name, change.At, ct)
            : Task.CompletedTask;
}
