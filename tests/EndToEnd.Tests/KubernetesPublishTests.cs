using YamlDotNet.RepresentationModel;

namespace Deployteq.EndToEnd.Tests;

[Collection("AppHost")]
public sealed class KubernetesPublishTests
{
    [Fact]
    public async Task Publish_writes_a_deployment_and_service_per_service_with_the_local_variables_probes_redis_statefulset_and_secrets()
    {
        var output = Directory.CreateTempSubdirectory("deployteq-publish-").FullName;
        try
        {
            await using var host = AppHostProcess.Start(arguments: ["publish", "--output", output]);
            await host.Exited.WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(host.ExitCode == 0, host.Output);

            var documents = Manifests.Load(output);
            Assert.Equal(
                [
                    "Deployment/customers", "Deployment/datamodel", "Deployment/events", "Deployment/pegaconnector", "Secret/admin-key", "Secret/internal-key", "Secret/redis",
                    "Service/customers", "Service/datamodel", "Service/events", "Service/pegaconnector", "Service/redis", "StatefulSet/redis",
                ],
                documents.Select(d => $"{d.Kind}/{d.Name}").Order(StringComparer.Ordinal));
            // The Pega stand-in is a local aid: not published.
            Assert.Equal(["customers.yaml", "datamodel.yaml", "events.yaml", "pegaconnector.yaml", "redis.yaml", "secrets.yaml"],
                Manifests.Sequence(Manifests.LoadFile(Path.Combine(output, "kustomization.yaml")).Single(), "resources").Select(Manifests.Text).Order(StringComparer.Ordinal));

            var events = Manifests.Container(documents.Single(d => d is { Kind: "Deployment", Name: "events" }));
            var env = Manifests.Env(events);
            Assert.Equal("http://customers:5102", env["services__customers__grpc__0"]);
            Assert.Equal("http://customers:5101", env["services__customers__http__0"]);
            // Aspire's own variables in publish mode: the two Kestrel endpoints on their ports.
            Assert.Equal("http://*:5201", env["Kestrel__Endpoints__http__Url"]);
            Assert.Equal("http://*:5202", env["Kestrel__Endpoints__grpc__Url"]);
            Assert.Equal("Production", env["ASPNETCORE_ENVIRONMENT"]);
            Assert.DoesNotContain(env.Keys, key => key.Contains("https", StringComparison.OrdinalIgnoreCase) || key.StartsWith("ServiceDefaults__", StringComparison.Ordinal));
            Assert.Equal("events", env["OTEL_SERVICE_NAME"]);
            Assert.Equal("service.instance.id=$(POD_NAME)", env["OTEL_RESOURCE_ATTRIBUTES"]);
            Assert.Equal("secret:redis/connection-string", env["ConnectionStrings__redis"]);
            Assert.Equal("/health", Manifests.Text(Manifests.At(events, "readinessProbe", "httpGet", "path")));
            Assert.Equal("/alive", Manifests.Text(Manifests.At(events, "livenessProbe", "httpGet", "path")));
            Assert.Equal("http", Manifests.Text(Manifests.At(events, "readinessProbe", "httpGet", "port")));
            var connectorEnv = Manifests.Env(Manifests.Container(documents.Single(d => d is { Kind: "Deployment", Name: "pegaconnector" })));
            Assert.Equal("http://events:5202", connectorEnv["services__events__grpc__0"]);
            var customersEnv = Manifests.Env(Manifests.Container(documents.Single(d => d is { Kind: "Deployment", Name: "customers" })));
            Assert.Equal("secret:admin-key/value", customersEnv["Admin__Key"]);
            Assert.Equal("secret:internal-key/value", customersEnv["Internal__Key"]);

            var service = documents.Single(d => d is { Kind: "Service", Name: "events" });
            var ports = Manifests.Sequence(Manifests.At(service.Root, "spec"), "ports").Cast<YamlMappingNode>()
                .ToDictionary(p => Manifests.Text(p["name"]), p => Manifests.Text(p["port"]));
            Assert.Equal(new Dictionary<string, string> { ["http"] = "5201", ["grpc"] = "5202" }, ports);
            var appProtocols = Manifests.Sequence(Manifests.At(service.Root, "spec"), "ports").Cast<YamlMappingNode>()
                .Where(p => p.Children.ContainsKey("appProtocol")).Select(p => Manifests.Text(p["name"]));
            Assert.Equal(["grpc"], appProtocols);

            var redis = documents.Single(d => d.Kind == "StatefulSet");
            Assert.Equal("data", Manifests.Text(Manifests.At((YamlMappingNode)Manifests.Sequence(Manifests.At(redis.Root, "spec"), "volumeClaimTemplates")[0], "metadata", "name")));
            var redisContainer = Manifests.Container(redis);
            Assert.Contains("--appendonly", Manifests.Sequence(redisContainer, "args").Select(Manifests.Text));
            Assert.Equal("secret:redis/password", Manifests.Env(redisContainer)["REDIS_PASSWORD"]);
            var secret = documents.Single(d => d is { Kind: "Secret", Name: "redis" });
            var password = Manifests.Text(Manifests.At(secret.Root, "stringData", "password"));
            Assert.Equal($"redis:6379,password={password}", Manifests.Text(Manifests.At(secret.Root, "stringData", "connection-string")));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task Publish_with_an_external_redis_writes_no_redis_workload_and_puts_its_connection_string_in_the_secret()
    {
        var output = Directory.CreateTempSubdirectory("deployteq-publish-").FullName;
        try
        {
            const string external = "redis-0.example:6379,redis-1.example:6379,password=cluster-secret";
            await using var host = AppHostProcess.Start(arguments: ["publish", "--output", output, "--redis-connection-string", external]);
            await host.Exited.WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(host.ExitCode == 0, host.Output);

            var documents = Manifests.Load(output);
            Assert.DoesNotContain(documents, d => d.Kind is "StatefulSet" || d is { Kind: "Service", Name: "redis" });
            var secret = documents.Single(d => d is { Kind: "Secret", Name: "redis" });
            Assert.Equal(external, Manifests.Text(Manifests.At(secret.Root, "stringData", "connection-string")));
            Assert.DoesNotContain("cluster-secret", host.Output);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
