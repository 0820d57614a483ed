namespace Tongban.Infrastructure.Hosting;

/// <summary>Tongban:Demo — the demo district (DESIGN §5).</summary>
internal sealed class DemoOptions
{
    public const string Section = "Tongban:Demo";

    /// <summary>Load the demo district on an empty database, and list demo accounts. Off in production.</summary>
    public bool Enabled { get; set; }

    /// <summary>Password of every demo staff account.</summary>
    public string StaffPassword { get; set; } = "Demo#2026";

    /// <summary>Also load about six months of case history (~4,000 cases) with the demo district (docs/demo-data.md).</summary>
    public bool CaseHistory { get; set; } = true;
}
