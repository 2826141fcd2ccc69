using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Circumplex.Web;

/// <summary>
/// Documents the request bodies the handlers read themselves (they do, to give precise errors and to stream uploads
/// under a byte limit). Declaring them with <c>.Accepts()</c> would make routing reject other content types before the
/// handler could explain why.
/// </summary>
internal static class RequestBodies
{
    public static async Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        switch (operation.OperationId)
        {
            case "Analyze":
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "The photo (JPEG, PNG, WebP or BMP): multipart/form-data with a file field 'photo', or the raw image as the body.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["multipart/form-data"] = FileForm("photo", "The photo"),
                        ["image/*"] = new() { Schema = Binary() },
                    },
                };
                break;
            case "UploadCatalog":
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "The catalog CSV: multipart/form-data with a file field 'file', or the raw CSV as the body.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["multipart/form-data"] = FileForm("file", "A Spotify catalog CSV"),
                        ["text/csv"] = new() { Schema = Binary() },
                    },
                };
                break;
            case "SubmitFeedback":
                operation.RequestBody = await Json(typeof(FeedbackRequest), context, ct);
                break;
            case "PlanJourney":
                operation.RequestBody = await Json(typeof(JourneyRequestBody), context, ct);
                break;
        }
    }

    private static async Task<OpenApiRequestBody> Json(Type type, OpenApiOperationTransformerContext context, CancellationToken ct) => new()
    {
        Required = true,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(type, null, ct) },
        },
    };

    private static OpenApiSchema Binary() => new() { Type = JsonSchemaType.String, Format = "binary" };

    private static OpenApiMediaType FileForm(string field, string description) => new()
    {
        Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { field },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                [field] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = description },
            },
        },
    };
}
