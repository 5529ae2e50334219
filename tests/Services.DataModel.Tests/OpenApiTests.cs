using Deployteq.TestSupport;

namespace Deployteq.DataModel.Tests;

// The OpenAPI document of DataModel's REST routes, generated from datamodel.proto and its
// comments, and the reference UI of it: served on the HTTP endpoint without a token.
[Collection(DataModelCollection.Name)]
public sealed class OpenApiTests(DataModelFixture fixture)
{
    [Fact]
    public async Task The_openapi_document_loads_and_lists_every_rest_route_with_the_limits_of_the_proto_comments()
    {
        var (document, _) = await OpenApiDocuments.LoadAsync(fixture.DataModel.Http);

        OpenApiDocuments.AssertListsEveryRoute(document, V1.Modules.Descriptor, V1.Records.Descriptor);
        Assert.Equal("Deployteq DataModel", document.Info.Title);
        Assert.Contains("1,000", OpenApiDocuments.FieldDescription(document, "BatchUpsertRecordsRequest", "records"));
    }

    [Fact]
    public async Task The_api_reference_is_served_with_its_script_from_the_service_itself() =>
        await OpenApiDocuments.AssertApiReferenceServedAsync(fixture.DataModel.Http);
}
