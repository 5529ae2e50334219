using System.Text.RegularExpressions;
using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Deployteq.ServiceDefaults.Rest;

// Routes that differ only in a variable's name (`/v1/customers/{customer_id}` for a get,
// `/v1/customers/{customer.id}` for an update, whose path names the field inside the body) are one
// path to OpenAPI, which refuses two path items of the same shape. This puts their operations
// under one item, with the first route's variable names; the server matches by position, so a
// client that follows the document reaches the same method.
public sealed partial class SamePathSignatures : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var merged = new OpenApiPaths();
        var firstOfShape = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, item) in swaggerDoc.Paths)
        {
            var shape = Variable().Replace(path, "{}");
            if (!firstOfShape.TryGetValue(shape, out var first))
            {
                firstOfShape[shape] = path;
                merged[path] = item;
                continue;
            }

            var names = Names(path);
            var firstNames = Names(first);
            foreach (var (verb, operation) in item.Operations)
            {
                foreach (var parameter in operation.Parameters.Where(p => p.In == ParameterLocation.Path))
                {
                    var position = names.IndexOf(parameter.Name);
                    if (position >= 0)
                    {
                        parameter.Description = $"{parameter.Description} (the request's `{parameter.Name}`)".TrimStart();
                        parameter.Name = firstNames[position];
                    }
                }

                merged[first].Operations[verb] = operation;
            }
        }

        swaggerDoc.Paths = merged;
    }

    private static List<string> Names(string path) => [.. Variable().Matches(path).Select(match => match.Value[1..^1])];

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Variable();
}
