using Tongban.Modules.Catalog;

namespace Tongban.Modules.Convenience;

/// <summary>The person a convenience service runs for: the one identified at the kiosk (today: the logged-in citizen).</summary>
internal sealed record ConveniencePerson(string IdNumber, string Name);

internal sealed record ConvenienceField(string Label, string Value);

/// <summary>
/// What a provider answered: labelled fields to show, and for a print service the PDF to print.
/// <see cref="IsDemo"/> marks 演示数据 the kiosk must label as such.
/// </summary>
internal sealed record ConvenienceResult(string Title, IReadOnlyList<ConvenienceField> Fields, bool IsDemo, byte[]? Pdf = null);

/// <summary>
/// One provider's service behind the kiosk (docs/kiosk.md § "What the kiosk offers"): a real provider implements it
/// against its own system (社保, 公积金, 供电 …) and registers it under the <see cref="ConvenienceService.Connector"/>
/// name of the catalogue. It receives only the person of the session and answers within the request; it may throw
/// <see cref="ConvenienceUnavailableException"/> when its system does not answer.
/// </summary>
internal interface IConvenienceConnector
{
    /// <summary>The connector name the catalogue's <c>connector</c> column refers to.</summary>
    string Name { get; }

    Task<ConvenienceResult> RunAsync(ConvenienceService service, ConveniencePerson person, CancellationToken ct);
}

/// <summary>The provider's system is unreachable or refused: the kiosk shows the hotline instead of a result.</summary>
internal sealed class ConvenienceUnavailableException(string message) : Exception(message);
