using System.Security.Claims;

namespace Tongban.Modules.Files;

/// <summary>
/// Implemented by each module that attaches uploads (a case's materials, a person's library): whether it lets
/// <paramref name="reader"/> read the file there. Files owns the contract, so it asks without depending on them.
/// </summary>
internal interface IFileReadGrant
{
    Task<bool> GrantsAsync(Guid fileId, ClaimsPrincipal reader, CancellationToken cancellationToken);
}

/// <summary>
/// Who may read a stored file: its uploader, and whoever a module that attached it says may read it there (the case's
/// handlers and applicant, the library's owner). Nobody else learns that it exists.
/// </summary>
internal sealed class FileReadRule(IEnumerable<IFileReadGrant> grants)
{
    public async Task<bool> MayReadAsync(StoredFile file, ClaimsPrincipal reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (UploadFile.UploaderOf(reader) is { } me && file.UploadedBy == me) return true;
        foreach (var grant in grants)
            if (await grant.GrantsAsync(file.Id, reader, cancellationToken)) return true;
        return false;
    }
}
