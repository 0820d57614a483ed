using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace Tongban.Infrastructure.Security;

/// <summary>
/// Personal identifiers that reach a log event only through a URL (GET /api/people/{idNumber}/materials,
/// per API.md) are masked on the way in (DESIGN §3 rule 6). ASP.NET Core puts the path on every event of a
/// request (the RequestPath scope) and on its own "Request starting" lines, so an enricher rewrites the
/// path-like properties of every event before any sink sees it.
/// </summary>
internal sealed partial class LogMasking : ILogEventEnricher
{
    private static readonly string[] PathProperties = ["RequestPath", "Path", "PathBase", "QueryString", "RequestUri", "Uri", "Url", "HttpRequest"];

    // An 18-character resident ID number (or a 15-digit old one) as a whole path segment; a case number has dashes and never matches.
    [GeneratedRegex(@"(?<=/)(\d{6})(\d{5,8})(\d{3}[\dXx])(?=[/?#&]|$)")]
    private static partial Regex IdSegment();

    public static string MaskPath(string path) => IdSegment().Replace(path, m => m.Groups[1].Value + new string('*', m.Groups[2].Length) + m.Groups[3].Value);

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var name in PathProperties)
            if (logEvent.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: string text } && IdSegment().IsMatch(text))
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(MaskPath(text))));
    }
}
