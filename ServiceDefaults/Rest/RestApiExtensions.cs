using System.Reflection;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi.Models;
using Scalar.AspNetCore;

namespace Deployteq.ServiceDefaults.Rest;

// REST/JSON beside gRPC, the same way in every service that offers it (DESIGN.md "Contracts"):
// gRPC JSON transcoding of the methods with `google.api.http` routes in their proto, an OpenAPI
// document generated from those routes and the proto comments, and a browsable reference of it.
// All of it is served on the HTTP/1.1 endpoint (the gRPC one speaks HTTP/2 only).
public static class RestApiExtensions
{
    public const string DocumentName = "v1";

    // Fixed on every service, so the AppHost can link them: the document and its reference UI.
    public const string OpenApiDocumentPath = "/openapi/" + DocumentName + ".json";
    public const string ApiReferencePath = "/scalar";

    // The XML documentation of the Protos library: the proto comments, as Grpc.Tools writes them
    // onto the generated types.
    private const string ProtoCommentsFile = "Protos.xml";

    private const string BearerScheme = "bearer";

    // Passed to AddServiceDefaults, which configures gRPC once:
    // builder.AddServiceDefaults(grpc => grpc.AddRestApi("Customers", "…")).
    public static IGrpcServerBuilder AddRestApi(this IGrpcServerBuilder grpc, string title, string description)
    {
        // int64 as a JSON string (proto3 JSON rules, and exact in JavaScript), and the type registry
        // that lets an error's google.rpc.BadRequest detail be written into its JSON body.
        grpc.AddJsonTranscoding(options =>
        {
            options.JsonSettings.WriteInt64sAsStrings = true;
            options.TypeRegistry = TypeRegistry.FromMessages(BadRequest.Descriptor);
        });

        grpc.Services.AddSingleton<RestApiMarker>();
        grpc.Services.AddGrpcSwagger();
        grpc.Services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc(DocumentName, new OpenApiInfo { Title = title, Version = DocumentName, Description = description + CommonDescription });
            var comments = Path.Combine(AppContext.BaseDirectory, ProtoCommentsFile);
            if (File.Exists(comments))
            {
                // Messages and their fields; services and their methods.
                swagger.IncludeXmlComments(comments);
                swagger.IncludeGrpcXmlComments(comments, includeControllerXmlComments: true);
            }

            swagger.CustomSchemaIds(SchemaId);
            swagger.DocumentFilter<SamePathSignatures>();
            swagger.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = BearerScheme,
                Description = "An API token of one brand (`dtq_…`), or the administrator key for the Admin routes.",
            });
            swagger.AddSecurityRequirement(new OpenApiSecurityRequirement
            {
                [new OpenApiSecurityScheme { Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = BearerScheme } }] = [],
            });
        });
        return grpc;
    }

    // Called by MapDefaultEndpoints when AddRestApi has run.
    internal static void MapRestApi(this WebApplication app)
    {
        if (app.Services.GetService<RestApiMarker>() is null)
        {
            return;
        }

        app.UseMiddleware<RestErrorBodies>();
        app.UseSwagger(options => options.RouteTemplate = "openapi/{documentName}.json");
        app.MapScalarApiReference(ApiReferencePath, options => options.WithOpenApiRoutePattern("/openapi/{documentName}.json"));
    }

    // A message's schema by its proto name (`deployteq.datamodel.v1.Value`), so that two messages
    // of one C# name (DataModel's Value and protobuf's) do not clash.
    private static string SchemaId(Type type) =>
        type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is MessageDescriptor message
            ? message.FullName
            : (type.FullName ?? type.Name).Replace('+', '.');

    private const string CommonDescription = """


        Every route needs `Authorization: Bearer <token>`. JSON follows the proto3 JSON mapping:
        field names in lowerCamelCase, int64 values (ids) as strings, enums by name, times in
        RFC 3339. An error is an HTTP status with a `google.rpc.Status` body
        (`{"code":3,"message":…,"details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[…]}]}`):
        INVALID_ARGUMENT, FAILED_PRECONDITION and OUT_OF_RANGE are 400, UNAUTHENTICATED 401,
        PERMISSION_DENIED 403, NOT_FOUND 404, ALREADY_EXISTS 409, RESOURCE_EXHAUSTED 429,
        UNAVAILABLE 503. Every limit is written at its field.
        """;

    private sealed class RestApiMarker;
}
