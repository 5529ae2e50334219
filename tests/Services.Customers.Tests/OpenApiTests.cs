using Deployteq.TestSupport;
using Microsoft.OpenApi.Models;

namespace Deployteq.Customers.Tests;

// The OpenAPI document of the REST routes, generated from customers.proto and admin.proto and
// their comments, and the reference UI of it: served on the HTTP endpoint without a token.
[Collection(CustomersCollection.Name)]
public sealed class OpenApiTests(CustomersFixture fixture)
{
    [Fact]
    public async Task The_openapi_document_loads_and_lists_every_rest_route()
    {
        var (document, _) = await OpenApiDocuments.LoadAsync(fixture.Rest);

        OpenApiDocuments.AssertListsEveryRoute(document,
            V1.Customers.Descriptor, V1.Groups.Descriptor, V1.Mailability.Descriptor, V1.Admin.Descriptor, V1.Identity.Descriptor);
        Assert.Equal("Deployteq Customers", document.Info.Title);
        Assert.Contains(document.Components.SecuritySchemes, scheme => scheme.Value.Scheme == "bearer");
    }

    [Fact]
    public async Task The_limits_written_in_the_proto_comments_are_in_the_document()
    {
        var (document, _) = await OpenApiDocuments.LoadAsync(fixture.Rest);

        Assert.Contains("at most 254 characters", OpenApiDocuments.FieldDescription(document, "CreateCustomerRequest", "emailAddress"));
        Assert.Contains("At most 100 entries", OpenApiDocuments.FieldDescription(document, "CreateCustomerRequest", "fields"));
        Assert.Contains("1 to 1,000 ids", OpenApiDocuments.FieldDescription(document, "GroupMembersRequest", "customerIds"));
        var update = document.Paths.Single(path => path.Value.Operations.ContainsKey(OperationType.Patch)).Value.Operations[OperationType.Patch];
        Assert.Contains("update_mask", update.Description + update.Summary);
        // The limits that hold for a whole service describe its tag.
        var customers = document.Tags.Single(tag => tag.Name.EndsWith("Customers", StringComparison.Ordinal));
        Assert.Contains("A request message is at most 4 MiB", customers.Description);
    }

    [Fact]
    public async Task The_api_reference_is_served_with_its_script_from_the_service_itself() =>
        await OpenApiDocuments.AssertApiReferenceServedAsync(fixture.Rest);
}
