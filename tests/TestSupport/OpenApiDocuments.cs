using System.Net;
using System.Text.RegularExpressions;
using Deployteq.ServiceDefaults.Rest;
using Google.Api;
using Google.Protobuf.Reflection;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using Xunit;

namespace Deployteq.TestSupport;

// A service's OpenAPI document as a client generator would read it, and what it must hold.
public static partial class OpenApiDocuments
{
    public static async Task<(OpenApiDocument Document, string Json)> LoadAsync(HttpClient http)
    {
        using var response = await http.GetAsync(RestApiExtensions.OpenApiDocumentPath);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {json}");
        var document = new OpenApiStringReader().Read(json, out var diagnostic);
        Assert.True(diagnostic.Errors.Count == 0, string.Join("; ", diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        return (document, json);
    }

    // The reference UI (Scalar) of the document, with its script from the service itself (a local
    // run has no internet to fetch it from).
    public static async Task AssertApiReferenceServedAsync(HttpClient http)
    {
        using var page = await http.GetAsync(RestApiExtensions.ApiReferencePath);
        var html = await page.Content.ReadAsStringAsync();
        using var script = await http.GetAsync(RestApiExtensions.ApiReferencePath + "/scalar.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.True(html.Contains("v1.json"), html);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    // Every google.api.http route of the services' methods is an operation of the document, and
    // the document has no other.
    public static void AssertListsEveryRoute(OpenApiDocument document, params ServiceDescriptor[] services)
    {
        var expected = services
            .SelectMany(service => service.Methods)
            .Select(method => method.GetOptions()?.GetExtension(AnnotationsExtensions.Http))
            .OfType<HttpRule>()
            .Select(Route)
            .Order()
            .ToList();
        var listed = document.Paths
            .SelectMany(path => path.Value.Operations.Keys.Select(verb => $"{verb.ToString().ToUpperInvariant()} {Shape(path.Key)}"))
            .Order()
            .ToList();

        Assert.Equal(expected, listed);
    }

    // The description of a message field in the document's schemas, by message and JSON name.
    public static string FieldDescription(OpenApiDocument document, string message, string field)
    {
        var schema = document.Components.Schemas.Single(entry => entry.Key.EndsWith(message, StringComparison.Ordinal)).Value;
        Assert.True(schema.Properties.ContainsKey(field), $"{message} has no '{field}': {string.Join(", ", schema.Properties.Keys)}");
        return schema.Properties[field].Description ?? "";
    }

    private static string Route(HttpRule rule) => rule.PatternCase switch
    {
        HttpRule.PatternOneofCase.Get => "GET " + Shape(rule.Get),
        HttpRule.PatternOneofCase.Post => "POST " + Shape(rule.Post),
        HttpRule.PatternOneofCase.Patch => "PATCH " + Shape(rule.Patch),
        HttpRule.PatternOneofCase.Put => "PUT " + Shape(rule.Put),
        HttpRule.PatternOneofCase.Delete => "DELETE " + Shape(rule.Delete),
        _ => rule.ToString(),
    };

    // A path with its variables unnamed: the document may spell a variable as it likes.
    private static string Shape(string path) => Variable().Replace(path, "{}");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Variable();
}
