using System.Security.Cryptography;
using Deployteq.AppHost.Hosting;

DistributedApplicationBuilder builder;
IRedisConnection redis;
try
{
    builder = DistributedApplicationBuilder.Create();
    // APPHOST_REDIS_CLUSTER=3 (or more): Redis as a cluster of that many primaries, as in production.
    redis = int.TryParse(Environment.GetEnvironmentVariable("APPHOST_REDIS_CLUSTER"), out var primaries) && primaries > 0
        ? builder.AddRedisCluster("redis", primaries)
        : builder.AddRedis("redis");
}
catch (MissingExecutableException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

// The bootstrap administrator key: from DEPLOYTEQ_ADMIN_KEY, or new each run.
var adminKey = Environment.GetEnvironmentVariable("DEPLOYTEQ_ADMIN_KEY") is { Length: > 0 } configured
    ? configured
    : Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

// What the services present to each other's internal methods (Customers' revocation feed): new
// each run, never printed.
var internalKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

var customers = builder.AddProject("customers", "Services.Customers")
    .WithReference(redis)
    .WithEnvironment("Admin__Key", adminKey)
    .WithEnvironment("Internal__Key", internalKey);

var events = builder.AddProject("events", "Services.Events")
    .WithReference(redis)
    .WithReference(customers)
    .WithEnvironment("Internal__Key", internalKey);

// Modules and records beside customers; REST/JSON on its http endpoint, gRPC on its grpc one.
var datamodel = builder.AddProject("datamodel", "Services.DataModel")
    .WithReference(redis)
    .WithReference(customers)
    .WithEnvironment("Internal__Key", internalKey);

// Customers checks its callers' tokens and issues each installation's Events token; Events is
// the stream it delivers.
builder.AddProject("pegaconnector", "Services.PegaConnector")
    .WithReference(redis)
    .WithReference(customers)
    .WithReference(events);

return await builder.Build().RunAsync(onStarted: () =>
{
    builder.Output.Host($"datamodel REST/JSON: {datamodel.HttpUrl}/v1/modules (bearer token in the Authorization header)");
    builder.Output.Host($"administrator key (send as 'authorization: Bearer <key>' to deployteq.customers.v1.Admin): {adminKey}");
});
