using System.Security.Cryptography;
using Deployteq.AppHost.Demo;
using Deployteq.AppHost.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

// The bootstrap administrator key: DEPLOYTEQ_ADMIN_KEY, or new each run.
var adminKey = builder.AddParameter("admin-key", () => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant(),
    secret: true, environmentVariable: "DEPLOYTEQ_ADMIN_KEY");
// What the services present to each other's internal methods (Customers' revocation feed): new
// each run, never printed.
var internalKey = builder.AddParameter("internal-key", () => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant(),
    secret: true);
var demo = DemoState.Load(builder.DataDirectory);

// APPHOST_REDIS_CLUSTER=3 (or more): Redis as a cluster of that many primaries, as in production.
// A local run's option: `publish` always writes the single Redis StatefulSet.
ConnectionStringResource redis = builder.Args is not ["publish", ..]
    && int.TryParse(Environment.GetEnvironmentVariable("APPHOST_REDIS_CLUSTER"), out var primaries) && primaries > 0
        ? builder.AddRedisCluster("redis", primaries)
        : builder.AddRedis("redis");

var customers = builder.AddProject("customers", "Services.Customers")
    .WithHttpEndpoint(port: 5101)
    .WithGrpcEndpoint(port: 5102)
    .WithHttpHealthCheck("/health")
    .WithReference(redis).WaitFor(redis)
    .WithEnvironment("Admin__Key", adminKey)
    .WithEnvironment("Internal__Key", internalKey);

var datamodel = builder.AddProject("datamodel", "Services.DataModel")
    .WithHttpEndpoint(port: 5301)
    .WithGrpcEndpoint(port: 5302)
    .WithHttpHealthCheck("/health")
    .WithReference(redis).WaitFor(redis)
    .WithReference(customers).WaitFor(customers)
    .WithEnvironment("Internal__Key", internalKey);

var events = builder.AddProject("events", "Services.Events")
    .WithHttpEndpoint(port: 5201)
    .WithGrpcEndpoint(port: 5202)
    .WithHttpHealthCheck("/health")
    .WithReference(redis).WaitFor(redis)
    .WithReference(customers).WaitFor(customers)
    .WithEnvironment("Internal__Key", internalKey);

var pegaconnector = builder.AddProject("pegaconnector", "Services.PegaConnector")
    .WithHttpEndpoint(port: 5401)
    .WithGrpcEndpoint(port: 5402)
    .WithHttpHealthCheck("/health")
    .WithReference(redis).WaitFor(redis)
    .WithReference(customers).WaitFor(customers)
    .WithReference(events).WaitFor(events)
    .WithEnvironment("Internal__Key", internalKey);

// A real HTTP endpoint standing in for Pega (tests/PegaStandIn), for local runs only.
var pega = builder.AddProject("pega", "PegaStandIn")
    .WithHttpEndpoint(port: 5501)
    .WithHttpHealthCheck("/health")
    .WithEndpointPortEnvironment("PEGA_STANDIN_PORT", "http")
    .WithArgs("--endpoint", $"{DemoSeed.StandInEndpointName}:{DemoSeed.StandInUsername}:{demo.StandInPassword}")
    .ExcludeFromManifest();

using var clients = new DemoClients(customers, events, pegaconnector, pega);
var pegaPanel = new PegaPanel(clients, demo);
builder.DashboardPanels.Add(pegaPanel);

await using var app = builder.Build();
return await app.RunAsync(onStarted: async () =>
{
    builder.Output.Host($"administrator key (send as 'authorization: Bearer <key>' to deployteq.customers.v1.Admin): {adminKey.Value}");
    await new DemoSeed(clients, demo, builder.DataDirectory, builder.Output).RunAsync(adminKey.Value, CancellationToken.None);
    pegaPanel.Ready = true;
    builder.Output.Host($"datamodel REST/JSON: {datamodel.GetEndpoint("http").Url}/v1/modules (bearer token in the Authorization header)");
    DemoBanner.Print(builder.Output, app, demo, clients);
});
