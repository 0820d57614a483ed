using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Supervision;

/// <summary>
/// Alerts changed on another node (its watcher, a directive sent or answered there): this node's live feeds of those
/// scopes wake now instead of at their next poll. Data: "department|point" pairs separated by ';'.
/// </summary>
internal sealed class AlertsChangedElsewhere(SupervisionSignal signal) : IClusterTopic
{
    public const string Name = "supervision";

    public string Topic => Name;

    public static string Write(IEnumerable<(string DepartmentCode, string ServicePointCode)> scopes) =>
        string.Join(';', scopes.Distinct().Select(s => $"{s.DepartmentCode}|{s.ServicePointCode}"));

    public void Received(string? data)
    {
        if (string.IsNullOrEmpty(data))
        {
            signal.PublishEverything();
            return;
        }
        signal.PublishHere([.. data.Split(';').Select(pair => pair.Split('|')).Where(p => p.Length == 2).Select(p => (p[0], p[1]))]);
    }
}
