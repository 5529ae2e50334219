using System.Security.Cryptography;
using Deployteq.AppHost.Hosting;

DistributedApplicationBuilder builder;
RedisResource redis;
try
{
    builder = DistributedApplicationBuilder.Create();
    redis = builder.AddRedis("redis");
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

var customers = builder.AddProject("customers", "Services.Customers")
    .WithReference(redis)
    .WithEnvironment("Admin__Key", adminKey);

var events = builder.AddProject("events", "Services.Events")
    .WithReference(redis)
    .WithReference(customers);

// Customers checks its callers' tokens and issues each installation's Events token; Events is
// the stream it delivers.
builder.AddProject("pegaconnector", "Services.PegaConnector")
    .WithReference(redis)
    .WithReference(customers)
    .WithReference(events);

return await builder.Build().RunAsync(onStarted: () =>
    builder.Output.Host($"administrator key (send as 'authorization: Bearer <key>' to deployteq.customers.v1.Admin): {adminKey}"));
