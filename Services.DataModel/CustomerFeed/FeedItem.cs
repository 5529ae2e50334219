using Deployteq.Customers.V1;

namespace Deployteq.DataModel.CustomerFeed;

// One item of the feed: a change, or (Change null) progress up to Cursor.
public sealed record FeedItem(string Cursor, CustomerChangeEvent? Change);
