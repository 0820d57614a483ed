namespace Tongban.Modules.Validation;

/// <summary>A person's name as shown to those not entitled to see it in full: the surname, then one * per character (张**).</summary>
internal static class PersonName
{
    public static string Mask(string name) => name.Length <= 1 ? name : name[0] + new string('*', name.Length - 1);
}
