using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tongban.Infrastructure.ErrorHandling;

/// <summary>
/// Which field a request that did not bind got wrong, in the words of the 400 (issue 16, point 7). Minimal APIs throw
/// <see cref="BadHttpRequestException"/> (RouteHandlerOptions.ThrowOnBadRequest is on) with the parameter in the
/// message ("Failed to bind parameter \"int? pageSize\" from \"abc\".") or a <see cref="JsonException"/> with the JSON
/// path ("$.materials[0].fileId"); both become { field: ["中文消息"] }.
/// </summary>
internal static partial class BindingFailures
{
    public const string BodyField = "body";

    public static (string Field, string Message) Describe(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json) return DescribeJson(json);
        var match = ParameterPattern().Match(exception.Message);
        if (!match.Success) return (BodyField, "请求无法解析，请检查参数和 JSON 格式");
        var type = match.Groups["type"].Value;
        var name = JsonNamingPolicy.CamelCase.ConvertName(match.Groups["name"].Value);
        if (exception.Message.StartsWith("Required parameter", StringComparison.Ordinal) || exception.Message.StartsWith("Implicit body", StringComparison.Ordinal))
            return exception.Message.Contains("from body", StringComparison.Ordinal) || exception.Message.StartsWith("Implicit body", StringComparison.Ordinal)
                ? (BodyField, "请求内容不能为空：应为 JSON 对象")
                : (name, "不能为空");
        if (exception.Message.Contains("request body", StringComparison.Ordinal)) return (BodyField, "请求内容不是有效的 JSON");
        return (name, $"格式不正确：{Expected(type)}");
    }

    private static (string Field, string Message) DescribeJson(JsonException json)
    {
        var field = json.Path is null or "$" ? BodyField : json.Path.StartsWith("$.", StringComparison.Ordinal) ? json.Path[2..] : json.Path.TrimStart('$');
        var message = json.Message;
        // "JSON deserialization for type 'X' was missing required properties including: 'deadline'."
        var including = message.IndexOf("including:", StringComparison.Ordinal);
        if (including >= 0 && MissingPattern().Match(message, including) is { Success: true } missing)
            return (field == BodyField ? missing.Groups[1].Value : $"{field}.{missing.Groups[1].Value}", "必须提供此字段（可以为 null）");
        var converted = ConvertedPattern().Match(message);
        if (converted.Success)
        {
            var target = converted.Groups[1].Value;
            return (field, field == BodyField && !IsSimple(target) ? "请求内容应为 JSON 对象" : $"格式不正确：{Expected(target)}");
        }
        return (field, "JSON 格式错误");
    }

    private static bool IsSimple(string type) => type.StartsWith("System.", StringComparison.Ordinal) && !type.StartsWith("System.Collections", StringComparison.Ordinal);

    /// <summary>What the field should have held, from a C# type name ("int?", "System.Nullable`1[System.Int32]", "Tongban.…Necessity").</summary>
    private static string Expected(string type) => type switch
    {
        _ when type.Contains("Int", StringComparison.Ordinal) || type.Contains("long", StringComparison.Ordinal) || type.StartsWith("int", StringComparison.Ordinal) => "应为整数",
        _ when type.Contains("Decimal", StringComparison.Ordinal) || type.Contains("Double", StringComparison.Ordinal) || type.Contains("decimal", StringComparison.Ordinal) || type.Contains("double", StringComparison.Ordinal) => "应为数字",
        _ when type.Contains("Bool", StringComparison.Ordinal) || type.StartsWith("bool", StringComparison.Ordinal) => "应为 true 或 false",
        _ when type.Contains("DateOnly", StringComparison.Ordinal) => "应为日期（yyyy-MM-dd）",
        _ when type.Contains("DateTime", StringComparison.Ordinal) => "应为日期时间（ISO 8601，如 2026-12-01T09:00:00+08:00）",
        _ when type.Contains("Guid", StringComparison.Ordinal) => "应为 GUID",
        _ when type.Contains("String", StringComparison.Ordinal) || type.StartsWith("string", StringComparison.Ordinal) => "应为文本",
        _ when type.Contains("List", StringComparison.Ordinal) || type.Contains("[]", StringComparison.Ordinal) || type.Contains("Collections", StringComparison.Ordinal) => "应为数组",
        _ when type.Contains("Tongban.", StringComparison.Ordinal) => "不是允许的取值或结构",
        _ => "类型不符",
    };

    [GeneratedRegex("parameter \"(?<type>[^\"]+) (?<name>[^\" ]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterPattern();

    [GeneratedRegex("'([^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex MissingPattern();

    [GeneratedRegex(@"converted to ([^\s]+?)\.? Path", RegexOptions.CultureInvariant)]
    private static partial Regex ConvertedPattern();
}
