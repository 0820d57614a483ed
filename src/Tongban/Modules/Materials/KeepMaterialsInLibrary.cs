using Tongban.Infrastructure.Data;
using Tongban.Modules.Cases;
using Tongban.Modules.Cases.Changes;

namespace Tongban.Modules.Materials;

/// <summary>Once-only: what an application or a correction brings is kept in the applicant's library.</summary>
internal sealed class KeepMaterialsInLibrary : ICaseChangeHandler
{
    public async Task HandleAsync(TongbanDb db, CaseChange change, CancellationToken ct)
    {
        if (!change.IsFiling && change.Action != CaseAction.Supplement) return;
        // A filing is scanned at the window only when a clerk files a window application; a correction whenever staff hand it in.
        var scannedAtWindow = change.ByStaff && (!change.IsFiling || change.Case.Channel == ApplicationChannel.Window);
        await MaterialLibrary.KeepAsync(db, change.Case, await change.RequirementsAsync(db, ct), scannedAtWindow, change.At, ct);
    }
}
