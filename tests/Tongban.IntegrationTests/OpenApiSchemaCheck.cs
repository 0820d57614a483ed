using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tongban.IntegrationTests;

/// <summary>
/// Checks a JSON answer against the OpenAPI document's schema for it: types (with the document's nullable and
/// number-as-string unions), required properties, array items, enums and oneOf. Enough to catch a field that is
/// missing, renamed or of another type than a generated client expects; formats and patterns are not checked.
/// </summary>
internal static class OpenApiSchemaCheck
{
    /// <summary>The first mismatch as "path: what", or null when the value fits.</summary>
    public static string? Mismatch(JsonObject document, JsonNode? schema, JsonNode? value, string path = "$", int depth = 0)
    {
        if (schema is not JsonObject s || depth > 40) return null;
        if (s["$ref"] is { } reference)
            return Mismatch(document, document["components"]!["schemas"]![((string)reference!).Split('/')[^1]], value, path, depth + 1);
        if (s["oneOf"] is JsonArray oneOf)
            return oneOf.Any(option => Mismatch(document, option, value, path, depth + 1) is null) ? null : $"{path}: fits none of oneOf";

        var kind = KindOf(value);
        var types = s["type"] switch
        {
            JsonValue single => [(string)single!],
            JsonArray several => several.Select(t => (string)t!).ToArray(),
            _ => Array.Empty<string>(),
        };
        if (types.Length > 0 && !types.Any(t => Fits(t, kind, value)))
            return $"{path}: {kind} where the document says {string.Join("|", types)}";
        if (s["enum"] is JsonArray values && value is JsonValue v && v.GetValueKind() == JsonValueKind.String
            && !values.Any(e => e is JsonValue ev && ev.GetValueKind() == JsonValueKind.String && (string)ev! == (string)v!))
            return $"{path}: \"{(string)v!}\" is not one of the enum";

        if (value is JsonObject o)
        {
            foreach (var required in s["required"]?.AsArray() ?? [])
                if (!o.ContainsKey((string)required!)) return $"{path}: required property '{(string)required!}' is missing";
            if (s["properties"] is JsonObject properties)
                foreach (var (name, propertySchema) in properties)
                    if (o.TryGetPropertyValue(name, out var property)
                        && Mismatch(document, propertySchema, property, $"{path}.{name}", depth + 1) is { } inner)
                        return inner;
        }
        if (value is JsonArray array && s["items"] is { } items)
            for (var i = 0; i < array.Count; i++)
                if (Mismatch(document, items, array[i], $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", depth + 1) is { } inner)
                    return inner;
        return null;
    }

    private static string KindOf(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
        _ => "null",
    };

    private static bool Fits(string type, string kind, JsonNode? value) => type switch
    {
        "integer" => kind == "number" && value is JsonValue v && v.TryGetValue<long>(out _),
        _ => type == kind,
    };
}

public sealed class OpenApiSchemaCheckTests
{
    private static readonly JsonObject Document = JsonNode.Parse("""
        {"components":{"schemas":{
          "Case":{"type":"object","required":["caseNumber","total"],"properties":{
            "caseNumber":{"type":"string"},
            "total":{"type":["integer","string"]},
            "status":{"enum":["submitted","accepted"]},
            "result":{"oneOf":[{"type":"null"},{"$ref":"#/components/schemas/Result"}]},
            "steps":{"type":"array","items":{"type":"string"}}}},
          "Result":{"type":"object","required":["decision"],"properties":{"decision":{"type":"string"}}}}}}
        """)!.AsObject();

    private static string? Check(string json) =>
        OpenApiSchemaCheck.Mismatch(Document, JsonNode.Parse("""{"$ref":"#/components/schemas/Case"}"""), JsonNode.Parse(json));

    [Fact]
    public void A_fitting_answer_passes_and_each_kind_of_misfit_is_named()
    {
        Assert.Null(Check("""{"caseNumber":"350505-2026-000001","total":3,"status":"accepted","result":null,"steps":["a"]}"""));
        Assert.Null(Check("""{"caseNumber":"x","total":"3","result":{"decision":"approved"}}"""));
        Assert.Equal("$: required property 'total' is missing", Check("""{"caseNumber":"x"}"""));
        Assert.Equal("$.caseNumber: number where the document says string", Check("""{"caseNumber":1,"total":1}"""));
        Assert.Equal("$.total: number where the document says integer|string", Check("""{"caseNumber":"x","total":1.5}"""));
        Assert.Equal("$.status: \"closed\" is not one of the enum", Check("""{"caseNumber":"x","total":1,"status":"closed"}"""));
        Assert.Equal("$.result: fits none of oneOf", Check("""{"caseNumber":"x","total":1,"result":{}}"""));
        Assert.Equal("$.steps[1]: boolean where the document says string", Check("""{"caseNumber":"x","total":1,"steps":["a",true]}"""));
    }
}
