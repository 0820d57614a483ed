using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Tongban.Infrastructure.Hosting;

/// <summary>
/// The error answers every API operation can give, written into the OpenAPI document from the endpoint's metadata
/// (issue 16, point 12), so a generated client and a fuzzer agree with the server:
/// 401 and 403 unless the endpoint allows anonymous callers (the fallback policy requires a login, and a login of the
/// wrong kind or scope is a 403); 400 when it binds anything (a value that does not bind, or a text or date that the
/// input rules refuse); 404 when the route names a resource; 409 on every write (a broken business rule, or another
/// request that changed the same row first). What an endpoint declares itself is kept.
/// </summary>
internal static class ErrorResponses
{
    public static Task Document(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var description = context.Description;
        if (description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) != true) return Task.CompletedTask;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= [];
        if (!metadata.OfType<IAllowAnonymous>().Any())
        {
            Add(operation, context, StatusCodes.Status401Unauthorized, "未登录或登录已失效");
            Add(operation, context, StatusCodes.Status403Forbidden, "没有权限");
        }
        if (description.ParameterDescriptions.Count > 0 || operation.RequestBody is not null)
            Add(operation, context, StatusCodes.Status400BadRequest, "提交的信息有误（errors 按字段列出）", "HttpValidationProblemDetails");
        if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Path))
            Add(operation, context, StatusCodes.Status404NotFound, "资源不存在");
        if (description.HttpMethod is "POST" or "PUT" or "PATCH" or "DELETE")
            Add(operation, context, StatusCodes.Status409Conflict, "当前状态不允许此操作，或数据已被他人修改");
        return Task.CompletedTask;
    }

    private static void Add(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description, string schema = "ProblemDetails")
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key)) return;
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(schema, context.Document) },
            },
        };
    }
}
