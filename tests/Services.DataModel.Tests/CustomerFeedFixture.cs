namespace Deployteq.DataModel.Tests;

// The same real Redis, Customers and DataModel, with DataModel following Customers' real change
// feed (WatchCustomerChanges).
public sealed class CustomerFeedFixture : DataModelFixture
{
    // The shared DataModel reads the brands with modules once, at its start: a brand that a
    // test's own DataModel gives modules is not followed by the shared one too.
    protected override IDictionary<string, string?> DataModelSettings => new Dictionary<string, string?>
    {
        ["DataModel:FeedEnabled"] = "true",
        ["DataModel:BrandScanInterval"] = "01:00:00",
    };
}

[CollectionDefinition(Name)]
public sealed class CustomerFeedCollection : ICollectionFixture<CustomerFeedFixture>
{
    public const string Name = "datamodel-with-feed";
}
