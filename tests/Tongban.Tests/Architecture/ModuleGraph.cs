using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Tongban.Tests.Architecture;

/// <summary>
/// Which module uses which, read from the compiled product (every type, member signature and IL instruction), so
/// a dependency hidden in a lambda, an async method or a fully qualified name counts as much as a using directive.
/// A module is a namespace under Tongban.Modules (or Tongban.Infrastructure.X, or Tongban.Demo); Program and the
/// composition root (Tongban.Infrastructure itself) wire everything and are left out.
/// </summary>
internal static class ModuleGraph
{
    public static SortedSet<(string From, string To)> Edges(string assemblyPath) => [.. Uses(assemblyPath).Keys];

    /// <summary>Each edge with the types that make it (for the failure message: where to look).</summary>
    public static SortedDictionary<(string From, string To), SortedSet<string>> Uses(string assemblyPath)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        var edges = new SortedDictionary<(string, string), SortedSet<string>>();
        foreach (var type in assembly.MainModule.GetTypes())
        {
            var from = ModuleOf(type);
            if (from is null || IsCompositionRoot(type)) continue;
            foreach (var used in Referenced(type))
                if (ModuleOf(used) is { } to && to != from)
                {
                    if (!edges.TryGetValue((from, to), out var why)) edges[(from, to)] = why = [];
                    why.Add($"{Outermost(type).Name} → {Outermost(used).Name}");
                }
        }
        return edges;
    }

    /// <summary>The DbContext holds every module's sets and its migrations every module's tables: it composes, like Program.</summary>
    private static bool IsCompositionRoot(TypeReference type)
    {
        var outer = Outermost(type);
        return outer.Namespace.StartsWith("Tongban.Infrastructure.Data.Migrations", StringComparison.Ordinal)
            || outer.Name is "TongbanDb" or "SqliteTongbanDb" or "PostgresTongbanDb" or "TongbanDbModelSnapshot";
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type is TypeSpecification spec) type = spec.ElementType;
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }

    /// <summary>The module a type belongs to; nested and compiler-generated types belong to their outermost type's.</summary>
    public static string? ModuleOf(TypeReference type)
    {
        while (type is TypeSpecification spec) type = spec.ElementType;
        while (type.DeclaringType is not null) type = type.DeclaringType;
        var parts = type.Namespace.Split('.');
        if (parts.Length < 2 || parts[0] != "Tongban") return null;
        return parts[1] switch
        {
            "Modules" when parts.Length >= 3 => parts[2],
            "Infrastructure" when parts.Length >= 3 => "Infrastructure." + parts[2],
            "Demo" => "Demo",
            _ => null,
        };
    }

    private static IEnumerable<TypeReference> Referenced(TypeDefinition type)
    {
        if (type.BaseType is not null) foreach (var t in Expand(type.BaseType)) yield return t;
        foreach (var i in type.Interfaces) foreach (var t in Expand(i.InterfaceType)) yield return t;
        foreach (var a in type.CustomAttributes) yield return a.AttributeType;
        foreach (var f in type.Fields) foreach (var t in Expand(f.FieldType)) yield return t;
        foreach (var p in type.Properties) foreach (var t in Expand(p.PropertyType)) yield return t;
        foreach (var m in type.Methods)
        {
            foreach (var t in Expand(m.ReturnType)) yield return t;
            foreach (var p in m.Parameters) foreach (var t in Expand(p.ParameterType)) yield return t;
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) foreach (var t in Expand(v.VariableType)) yield return t;
            foreach (var instruction in m.Body.Instructions)
                foreach (var t in Operand(instruction)) yield return t;
        }
    }

    private static IEnumerable<TypeReference> Operand(Instruction instruction) => instruction.Operand switch
    {
        TypeReference t => Expand(t),
        MethodReference m => Expand(m.DeclaringType).Concat(Expand(m.ReturnType))
            .Concat(m is GenericInstanceMethod g ? g.GenericArguments.SelectMany(Expand) : []),
        FieldReference f => Expand(f.DeclaringType).Concat(Expand(f.FieldType)),
        _ => [],
    };

    /// <summary>A type and the type arguments inside it (List&lt;Case&gt; uses Case).</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference type)
    {
        yield return type;
        if (type is GenericInstanceType generic)
            foreach (var argument in generic.GenericArguments)
                foreach (var t in Expand(argument)) yield return t;
        else if (type is TypeSpecification spec)
            foreach (var t in Expand(spec.ElementType)) yield return t;
    }
}
