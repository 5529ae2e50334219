namespace Deployteq.DataModel.CustomerFeed;

// Customers has no such brand (it was deleted): its feed is not followed again.
public sealed class FeedBrandGoneException(string message) : Exception(message);
