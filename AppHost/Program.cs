using System.Security.Cryptography;
using Deployteq.AppHost;
using Deployteq.AppHost.Demo;
using Deployteq.AppHost.Publishing;

var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    Args = PublishCommand.AspireArguments(args),
    // A fresh machine has no HTTPS development certificate: a local run is plain http on loopback.
    AllowUnsecuredTransport = true,
});
var settings = AppHostSettings.From(builder);

// Secrets are parameters: DEPLOYTEQ_ADMIN_KEY (or Parameters__admin-key), else new each run;
// the internal key (Customers' revocation feed) is new each run and never printed.
var adminKey = builder.AddParameter("admin-key", () => settings.AdminKey ?? NewKey(), secret: true);
var internalKey = builder.AddParameter("internal-key", NewKey, secret: true);

// APPHOST_REDIS_CLUSTER=3 (or more): Redis as a cluster of that many primaries, as in production.
IResourceBuilder<IResourceWithConnectionString> redis = settings.RedisClusterPrimaries is { } primaries
    ? builder.AddRedisServerCluster("redis", primaries, settings.DataDirectory, node => node.WithRestartOnExit())
    : builder.AddRedisServer("redis", Path.Combine(settings.DataDirectory, "redis")).WithRestartOnExit();

var customers = builder.AddService<Projects.Services_Customers>("customers")
    .WithApiReference()
    .WithReference(redis).WaitFor(redis)
    .WithEnvironment("Admin__Key", adminKey)
    .WithEnvironment("Internal__Key", internalKey);

var datamodel = builder.AddService<Projects.Services_DataModel>("datamodel")
    .WithApiReference()
    .WithReference(redis).WaitFor(redis)
    .WithReference(customers).WaitFor(customers)
    .WithEnvironment("Internal__Key", internalKey);

var events = builder.AddService<Projects.Services_Events>("events")
    .WithApiReference()
    .WithReference(redis).WaitFor(redis)
    .WithReference(customers).WaitFor(customers)
    .WithEnvironment("Internal__Key", internalKey);

var pegaconnector = builder.AddService<Projects.Services_PegaConnector>("pegaconnector")
    .WithReference(redis).WaitFor(redis)
    .WithReference(customers).WaitFor(customers)
    .WithReference(events).WaitFor(events)
    .WithEnvironment("Internal__Key", internalKey);

// A real HTTP endpoint standing in for Pega (tests/PegaStandIn), for local runs only.
var demo = DemoState.Load(settings.DataDirectory);
var standInEndpoint = builder.AddParameter("pega-standin-endpoint",
    () => $"{DemoSeed.StandInEndpointName}:{DemoSeed.StandInUsername}:{demo.StandInPassword}", secret: true);
var pega = builder.AddProject<Projects.PegaStandIn>("pega")
    .WithHttpEndpoint(port: 5501, env: "PEGA_STANDIN_PORT")
    .WithHttpHealthCheck("/health")
    .WithEnvironment("PEGA_STANDIN_ENDPOINT", standInEndpoint)
    .WithoutHttpsCertificate()
    .WithRestartOnExit()
    .ExcludeFromManifest();

if (builder.ExecutionContext.IsRunMode)
{
    builder.AddDemo(demo, settings.DataDirectory, adminKey, customers, events, pegaconnector, pega, settings.DashboardLoginUrl);
}

var app = builder.Build();
if (builder.ExecutionContext.IsPublishMode)
{
    return PublishCommand.Run(app, args);
}

await app.RunAsync();
return 0;

static string NewKey() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
