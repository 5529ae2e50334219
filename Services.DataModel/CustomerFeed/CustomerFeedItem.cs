using Deployteq.Customers.V1;

namespace Deployteq.DataModel.CustomerFeed;

// One item of Customers' change feed of a brand: a change, or (Change null) progress up to Cursor.
public sealed record CustomerFeedItem(string Cursor, CustomerChangeEvent? Change);
