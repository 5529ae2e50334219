namespace Deployteq.DataModel.Tests;

// The same real Redis, Customers and DataModel, with DataModel following Customers' real change
// feed (WatchCustomerChanges).
public sealed class CustomerFeedFixture : DataModelFixture
{
    protected override IDictionary<string, string?> DataModelSettings => new Dictionary<string, string?> { ["DataModel:FeedEnabled"] = "true" };
}

[CollectionDefinition(Name)]
public sealed class CustomerFeedCollection : ICollectionFixture<CustomerFeedFixture>
{
    public const string Name = "datamodel-with-feed";
}
