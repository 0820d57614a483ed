namespace Tongban.Modules.Supervision;

/// <summary>What one tick did (logs, tests, the benchmark).</summary>
internal sealed record WatcherTick(int Checked, int Raised, int Resolved, int Reminded, int Escalated);
