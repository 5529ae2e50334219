using System.Security.Cryptography;
using Deployteq.AppHost.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

// The bootstrap administrator key: DEPLOYTEQ_ADMIN_KEY, or new each run.
var adminKey = builder.AddParameter("admin-key", () => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant(),
    secret: true, environmentVariable: "DEPLOYTEQ_ADMIN_KEY");

var redis = builder.AddRedis("redis");

var customers = builder.AddProject("customers", "Services.Customers")
    .WithHttpEndpoint(port: 5101)
    .WithGrpcEndpoint(port: 5102)
    .WithHttpHealthCheck("/health")
    .WithReference(redis).WaitFor(redis)
    .WithEnvironment("Admin__Key", adminKey);

builder.AddProject("events", "Services.Events")
    .WithHttpEndpoint(port: 5201)
    .WithGrpcEndpoint(port: 5202)
    .WithHttpHealthCheck("/health")
    .WithReference(redis).WaitFor(redis)
    .WithReference(customers).WaitFor(customers);

await using var app = builder.Build();
return await app.RunAsync(onStarted: () =>
    builder.Output.Host($"administrator key (send as 'authorization: Bearer <key>' to deployteq.customers.v1.Admin): {adminKey.Value}"));
