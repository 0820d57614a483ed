using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Tongban.Infrastructure.ErrorHandling;

namespace Tongban.Modules.Validation;

/// <summary>
/// One endpoint filter on the whole API (issue 16, points 6 and 8): after binding and before any handler runs, every
/// string a caller sent — in the route, the query, a header or anywhere in the JSON body — is normalised and checked
/// by <see cref="TextInput"/>, and every date must lie in 2000-01-01 … 2100-12-31. A failure is a 400 naming the field
/// ("applicant.name", "materials[0].reason", "from"), so no endpoint can forget the rule and no date reaches calendar
/// arithmetic that overflows. Handlers keep their own, stricter rules (column lengths, formats, required fields).
/// </summary>
internal static class InputRules
{
    public static readonly DateOnly FirstDate = new(2000, 1, 1);
    public static readonly DateOnly LastDate = new(2100, 12, 31);
    public const string DateRangeMessage = "日期必须在 2000-01-01 至 2100-12-31 之间";

    private const int MaxDepth = 8;

    /// <summary>An application form or a draft (the columns hold 100,000 characters).</summary>
    public const int MaxJsonLength = 100_000;

    public static bool IsInRange(DateOnly date) => date >= FirstDate && date <= LastDate;

    /// <summary>Birth dates (an ID card's, an applicant's) reach back a century: they only feed no calendar arithmetic.</summary>
    public static readonly DateOnly FirstBirthDate = new(1900, 1, 1);
    public const string BirthDateRangeMessage = "出生日期必须在 1900-01-01 至 2100-12-31 之间";

    private static bool IsBirthDate(string field) => field.EndsWith("birthDate", StringComparison.OrdinalIgnoreCase);

    private static void CheckDate(DateOnly date, string field, FieldErrors errors)
    {
        if (IsBirthDate(field) ? date >= FirstBirthDate && date <= LastDate : IsInRange(date)) return;
        errors.Add(Label(field), IsBirthDate(field) ? BirthDateRangeMessage : DateRangeMessage, "date_range");
    }

    private sealed record Argument(int Index, string Field, bool IsParameter);

    private sealed record Property(PropertyInfo Info, string Name, int? MaxLength);

    private static readonly ConcurrentDictionary<Type, Property[]> Properties = new();

    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var services = context.ApplicationServices.GetService<Microsoft.Extensions.DependencyInjection.IServiceProviderIsService>();
        var arguments = new List<Argument>();
        var parameters = context.MethodInfo.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var type = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
            if (p.GetCustomAttribute<FromServicesAttribute>() is not null || p.GetCustomAttribute<FromKeyedServicesAttribute>() is not null) continue;
            if (IsScalar(type))
                arguments.Add(new Argument(i, p.GetCustomAttributes().OfType<IFromQueryMetadata>().FirstOrDefault()?.Name
                    ?? p.GetCustomAttributes().OfType<IFromRouteMetadata>().FirstOrDefault()?.Name
                    ?? p.GetCustomAttributes().OfType<IFromHeaderMetadata>().FirstOrDefault()?.Name ?? p.Name ?? "value", IsParameter: true));
            else if (IsOurs(type) && services?.IsService(p.ParameterType) != true)
                arguments.Add(new Argument(i, "", IsParameter: p.GetCustomAttribute<AsParametersAttribute>() is not null));
        }
        if (arguments.Count == 0) return next;
        return async invocation =>
        {
            var errors = new FieldErrors();
            foreach (var argument in arguments)
            {
                var value = invocation.Arguments[argument.Index];
                var checkedValue = Visit(value, argument.Field, argument.IsParameter, null, errors, 0);
                if (checkedValue is string && !ReferenceEquals(checkedValue, value)) invocation.Arguments[argument.Index] = checkedValue;
            }
            return errors.Any ? errors.ToResult() : await next(invocation);
        };
    }

    private static bool IsScalar(Type type) => type == typeof(string) || type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset);

    /// <summary>Request types of this application (records and [AsParameters] classes); framework and service types are left alone.</summary>
    private static bool IsOurs(Type type) => type.IsClass && type.Namespace?.StartsWith("Tongban.", StringComparison.Ordinal) == true
        && !typeof(Delegate).IsAssignableFrom(type);

    /// <summary>Checks one value; answers the normalised string for a string (the same instance when unchanged).</summary>
    private static object? Visit(object? value, string field, bool isParameter, int? maxLength, FieldErrors errors, int depth)
    {
        switch (value)
        {
            case null:
                return null;
            case string text:
                var kind = TextInput.KindOf(field);
                var (normalized, error) = TextInput.Check(text, kind, maxLength ?? TextInput.DefaultMaxLength(kind, isParameter));
                if (error is not null) errors.Add(Label(field), error, "text");
                return string.Equals(normalized, text, StringComparison.Ordinal) ? text : normalized;
            case DateOnly date:
                CheckDate(date, field, errors);
                return value;
            case DateTime dateTime:
                CheckDate(DateOnly.FromDateTime(dateTime), field, errors);
                return value;
            case DateTimeOffset moment:
                if (!IsInRange(DateOnly.FromDateTime(moment.UtcDateTime))) errors.Add(Label(field), DateRangeMessage, "date_range");
                return value;
            case JsonElement json:
                // Free-form JSON (an application form, a draft): its size is limited and its texts hold no control characters.
                if (json.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null) && json.GetRawText().Length > MaxJsonLength)
                    errors.Add(Label(field), $"内容不能超过 {MaxJsonLength} 个字符", "text");
                else CheckJsonTexts(json, field, errors, 0);
                return value;
        }
        if (depth >= MaxDepth) return value;
        if (value is IList list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var item = list[i];
                var checkedItem = Visit(item, $"{field}[{i}]", isParameter, maxLength, errors, depth + 1);
                if (checkedItem is string && !ReferenceEquals(item, checkedItem) && !list.IsReadOnly && !list.IsFixedSize) list[i] = checkedItem;
                else if (checkedItem is string && !ReferenceEquals(item, checkedItem) && list is Array array) array.SetValue(checkedItem, i);
            }
            return value;
        }
        if (!IsOurs(value.GetType())) return value;
        foreach (var property in Properties.GetOrAdd(value.GetType(), Describe))
        {
            var current = property.Info.GetValue(value);
            var path = field.Length == 0 ? property.Name : $"{field}.{property.Name}";
            var checkedValue = Visit(current, path, isParameter, property.MaxLength, errors, depth + 1);
            // Init-only setters (records) are ordinary setters to reflection: the handler sees the normalised text.
            if (checkedValue is string && !ReferenceEquals(current, checkedValue) && property.Info.SetMethod is not null)
                property.Info.SetValue(value, checkedValue);
        }
        return value;
    }

    private static void CheckJsonTexts(JsonElement json, string field, FieldErrors errors, int depth)
    {
        if (depth > 32) return;
        switch (json.ValueKind)
        {
            case JsonValueKind.String:
                if (TextInput.Check(json.GetString()!, TextKind.FreeText, MaxJsonLength).Error is { } error) errors.Add(Label(field), error, "text");
                break;
            case JsonValueKind.Object:
                foreach (var property in json.EnumerateObject()) CheckJsonTexts(property.Value, field.Length == 0 ? property.Name : $"{field}.{property.Name}", errors, depth + 1);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in json.EnumerateArray()) CheckJsonTexts(item, $"{field}[{i++}]", errors, depth + 1);
                break;
        }
    }

    /// <summary>The field as the client names it: camelCase path segments, and the query name of an [AsParameters] property.</summary>
    private static string Label(string field) => field.Length == 0 ? "body" : field;

    private static Property[] Describe(Type type) =>
    [
        .. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Select(p => new Property(p,
                p.GetCustomAttributes().OfType<IFromQueryMetadata>().FirstOrDefault()?.Name
                    ?? p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                p.GetCustomAttribute<MaxLengthAttribute>()?.Length ?? p.GetCustomAttribute<StringLengthAttribute>()?.MaximumLength)),
    ];
}
