using System.Net;
using System.Text.Json;

namespace Tongban.IntegrationTests;

/// <summary>Asserts on RFC 9457 ProblemDetails answers.</summary>
internal static class ProblemAssert
{
    public static async Task<JsonElement> IsProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, json.GetProperty("code").GetString());
        var title = json.GetProperty("title").GetString()!;
        Assert.True(title.Any(c => c >= 0x4E00 && c <= 0x9FFF), $"title should be Chinese: {title}");
        return json;
    }

    /// <summary>A 400 that names each given field.</summary>
    public static async Task<JsonElement> IsValidation(HttpResponseMessage response, params string[] fields)
    {
        var json = await IsProblem(response, HttpStatusCode.BadRequest, "validation.failed");
        var errors = json.GetProperty("errors");
        foreach (var field in fields)
            Assert.True(errors.TryGetProperty(field, out var messages) && messages.GetArrayLength() > 0,
                $"expected an error for '{field}', got {errors}");
        return json;
    }
}
