using Deployteq.TestSupport;

namespace Deployteq.Events.Tests;

// The OpenAPI document of Events' REST routes, generated from events.proto and its comments, and
// the reference UI of it: served on the HTTP endpoint without a token.
[Collection(EventsCollection.Name)]
public sealed class OpenApiTests(EventsFixture fixture)
{
    [Fact]
    public async Task The_openapi_document_loads_and_lists_every_rest_route_with_the_limits_of_the_proto_comments()
    {
        var (document, _) = await OpenApiDocuments.LoadAsync(fixture.EventsRest);

        OpenApiDocuments.AssertListsEveryRoute(document, V1.Events.Descriptor);
        Assert.Equal("Deployteq Events", document.Info.Title);
        Assert.Contains("at most 8,192 characters", OpenApiDocuments.FieldDescription(document, "ClickDetails", "url"));
        Assert.Contains("javascript:", OpenApiDocuments.FieldDescription(document, "ClickDetails", "url"));
        Assert.Contains("1 to 1,000", OpenApiDocuments.FieldDescription(document, "EmitBatchRequest", "activities"));
    }

    [Fact]
    public async Task The_api_reference_is_served_with_its_script_from_the_service_itself() =>
        await OpenApiDocuments.AssertApiReferenceServedAsync(fixture.EventsRest);
}
