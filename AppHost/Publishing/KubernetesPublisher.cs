using Deployteq.AppHost.Hosting;
using YamlDotNet.Serialization;

namespace Deployteq.AppHost.Publishing;

// `publish --output <dir>`: Kubernetes manifests from the same model a local run starts. A
// Deployment and a Service per project with the variables of a local run (addresses become
// Service names, secrets become secretKeyRefs) and its health endpoints as probes; Redis as a
// StatefulSet with a volume, or an external Redis (Cluster) given by connection string; Secrets
// for the Redis password and every secret parameter; a kustomization.yaml to apply them all.
public static class KubernetesPublisher
{
    public const string RedisImage = "redis:7.2";

    private static readonly ISerializer Yaml = new SerializerBuilder()
        .WithQuotingNecessaryStrings()
        .DisableAliases()
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .Build();

    public static int Run(DistributedApplicationBuilder builder, string[] args)
    {
        var options = PublishOptions.Parse(args);
        if (options is null)
        {
            builder.Output.Host("usage: publish --output <dir> [--redis-connection-string <host:port,password=…>] [--image-prefix deployteq/] [--image-tag latest]");
            return 1;
        }

        var files = Write(builder, options);
        builder.Output.Host($"wrote {files.Count} manifests to {options.Output}: {string.Join(", ", files)}");
        builder.Output.Host($"apply them with: kubectl apply -k {options.Output}");
        return 0;
    }

    public static IReadOnlyList<string> Write(DistributedApplicationBuilder builder, PublishOptions options)
    {
        Directory.CreateDirectory(options.Output);
        var files = new List<string>();
        var secrets = new List<object>();
        foreach (var resource in builder.Resources.Where(resource => !resource.ExcludedFromManifest))
        {
            var documents = resource switch
            {
                RedisResource redis => RedisDocuments(redis, options, secrets),
                ProjectResource project => ProjectDocuments(project, options),
                _ => throw new InvalidOperationException($"{resource.Name} ({resource.Kind}) has no Kubernetes form; exclude it with ExcludeFromManifest()."),
            };
            files.Add(WriteFile(options.Output, $"{resource.Name}.yaml", documents));
        }

        foreach (var parameter in builder.Parameters.Where(parameter => parameter.Secret))
        {
            secrets.Add(Secret(parameter.Name, new Dictionary<string, string> { ["value"] = parameter.Value }));
        }

        files.Add(WriteFile(options.Output, "secrets.yaml", secrets));
        var kustomization = new Dictionary<string, object>
        {
            ["apiVersion"] = "kustomize.config.k8s.io/v1beta1",
            ["kind"] = "Kustomization",
            ["resources"] = files.ToList(),
        };
        File.WriteAllText(Path.Combine(options.Output, "kustomization.yaml"), Yaml.Serialize(kustomization));
        files.Add("kustomization.yaml");
        return files;
    }

    private static IEnumerable<object> RedisDocuments(RedisResource redis, PublishOptions options, List<object> secrets)
    {
        if (options.RedisConnectionString is { } external)
        {
            // An external Redis or Redis Cluster: the services get its connection string, nothing runs here.
            secrets.Add(Secret(redis.Name, new Dictionary<string, string> { ["connection-string"] = external }));
            return [];
        }

        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        secrets.Add(Secret(redis.Name, new Dictionary<string, string>
        {
            ["password"] = password,
            ["connection-string"] = $"{redis.Name}:{RedisPort},password={password}",
        }));
        var labels = Labels(redis.Name);
        var probe = new Dictionary<string, object>
        {
            ["exec"] = new Dictionary<string, object> { ["command"] = new[] { "sh", "-c", "redis-cli -a \"$REDIS_PASSWORD\" --no-auth-warning ping | grep -q PONG" } },
            ["periodSeconds"] = 5,
        };
        var statefulSet = new Dictionary<string, object>
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "StatefulSet",
            ["metadata"] = Metadata(redis.Name),
            ["spec"] = new Dictionary<string, object>
            {
                ["serviceName"] = redis.Name,
                ["replicas"] = 1,
                ["selector"] = new Dictionary<string, object> { ["matchLabels"] = labels },
                ["template"] = new Dictionary<string, object>
                {
                    ["metadata"] = new Dictionary<string, object> { ["labels"] = labels },
                    ["spec"] = new Dictionary<string, object>
                    {
                        ["containers"] = new[]
                        {
                            new Dictionary<string, object>
                            {
                                ["name"] = "redis",
                                ["image"] = RedisImage,
                                // As a local run: append-only file on, a password required.
                                ["args"] = new[] { "--appendonly", "yes", "--save", "", "--requirepass", "$(REDIS_PASSWORD)" },
                                ["env"] = new[] { SecretEnv("REDIS_PASSWORD", redis.Name, "password") },
                                ["ports"] = new[] { new Dictionary<string, object> { ["name"] = "tcp", ["containerPort"] = RedisPort } },
                                ["volumeMounts"] = new[] { new Dictionary<string, object> { ["name"] = "data", ["mountPath"] = "/data" } },
                                ["readinessProbe"] = probe,
                                ["livenessProbe"] = probe,
                            },
                        },
                    },
                },
                ["volumeClaimTemplates"] = new[]
                {
                    new Dictionary<string, object>
                    {
                        ["metadata"] = new Dictionary<string, object> { ["name"] = "data" },
                        ["spec"] = new Dictionary<string, object>
                        {
                            ["accessModes"] = new[] { "ReadWriteOnce" },
                            ["resources"] = new Dictionary<string, object> { ["requests"] = new Dictionary<string, object> { ["storage"] = "1Gi" } },
                        },
                    },
                },
            },
        };
        return [statefulSet, Service(redis.Name, [("tcp", RedisPort, null)])];
    }

    private static IEnumerable<object> ProjectDocuments(ProjectResource project, PublishOptions options)
    {
        var labels = Labels(project.Name);
        var env = new List<object>
        {
            new Dictionary<string, object> { ["name"] = "POD_NAME", ["valueFrom"] = new Dictionary<string, object> { ["fieldRef"] = new Dictionary<string, object> { ["fieldPath"] = "metadata.name" } } },
        };
        env.AddRange(project.Environment.Select(variable => Env(variable.Key, variable.Value)));
        var container = new Dictionary<string, object>
        {
            ["name"] = project.Name,
            ["image"] = $"{options.ImagePrefix}{project.Name}:{options.ImageTag}",
            ["ports"] = project.Endpoints.Select(endpoint => new Dictionary<string, object> { ["name"] = endpoint.Name, ["containerPort"] = PortOf(endpoint) }).ToList(),
            ["env"] = env,
        };
        if (project.HealthProbe is HttpHealthProbe health)
        {
            container["readinessProbe"] = HttpProbe(health.Path, health.Endpoint.Name);
            container["livenessProbe"] = HttpProbe(project.LivenessPath, health.Endpoint.Name);
            container["startupProbe"] = new Dictionary<string, object>(HttpProbe(project.LivenessPath, health.Endpoint.Name)) { ["failureThreshold"] = 30 };
        }

        var deployment = new Dictionary<string, object>
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = Metadata(project.Name),
            ["spec"] = new Dictionary<string, object>
            {
                ["replicas"] = 1,
                ["selector"] = new Dictionary<string, object> { ["matchLabels"] = labels },
                ["template"] = new Dictionary<string, object>
                {
                    ["metadata"] = new Dictionary<string, object> { ["labels"] = labels },
                    ["spec"] = new Dictionary<string, object> { ["containers"] = new[] { container } },
                },
            },
        };
        var ports = project.Endpoints.Select(endpoint => (endpoint.Name, PortOf(endpoint), endpoint.Http2Only ? "kubernetes.io/h2c" : null)).ToList();
        return [deployment, Service(project.Name, ports)];
    }

    // A local run's value, as a pod sees it: Service names for addresses, secretKeyRefs for secrets.
    private static Dictionary<string, object> Env(string name, EnvironmentValue value)
    {
        var rendered = value switch
        {
            ConnectionStringValue connection => (object)SecretRef(connection.Resource.Name, "connection-string"),
            ParameterResource { Secret: true } secret => SecretRef(secret.Name, "value"),
            EndpointReferenceValue reference => $"{reference.Endpoint.Scheme}://{reference.Endpoint.Resource.Name}:{PortOf(reference.Endpoint)}",
            EndpointBindingValue binding => $"{binding.Endpoint.Scheme}://+:{PortOf(binding.Endpoint)}",
            _ when name == "OTEL_RESOURCE_ATTRIBUTES" => "service.instance.id=$(POD_NAME)",
            _ when name == "ASPNETCORE_ENVIRONMENT" => "Production",
            _ => value.Resolve(),
        };
        return rendered is string text
            ? new Dictionary<string, object> { ["name"] = name, ["value"] = text }
            : new Dictionary<string, object> { ["name"] = name, ["valueFrom"] = rendered };
    }

    private const int RedisPort = 6379;

    private static int PortOf(EndpointAnnotation endpoint) =>
        endpoint.Resource is RedisResource ? RedisPort
        : endpoint.DefaultPort ?? throw new InvalidOperationException($"{endpoint.Resource.Name} {endpoint.Name} has no fixed port to publish; give it one in the model.");

    private static Dictionary<string, object> SecretEnv(string name, string secret, string key) =>
        new() { ["name"] = name, ["valueFrom"] = SecretRef(secret, key) };

    private static Dictionary<string, object> SecretRef(string secret, string key) =>
        new() { ["secretKeyRef"] = new Dictionary<string, object> { ["name"] = secret, ["key"] = key } };

    private static Dictionary<string, object> HttpProbe(string path, string port) => new()
    {
        ["httpGet"] = new Dictionary<string, object> { ["path"] = path, ["port"] = port },
        ["periodSeconds"] = 5,
    };

    private static Dictionary<string, object> Service(string name, IReadOnlyList<(string Name, int Port, string? AppProtocol)> ports) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = Metadata(name),
        ["spec"] = new Dictionary<string, object>
        {
            ["selector"] = Labels(name),
            ["ports"] = ports.Select(port =>
            {
                var entry = new Dictionary<string, object> { ["name"] = port.Name, ["port"] = port.Port, ["targetPort"] = port.Name };
                if (port.AppProtocol is not null)
                {
                    entry["appProtocol"] = port.AppProtocol;
                }

                return entry;
            }).ToList(),
        },
    };

    private static Dictionary<string, object> Secret(string name, Dictionary<string, string> values) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = Metadata(name),
        ["type"] = "Opaque",
        ["stringData"] = values,
    };

    private static Dictionary<string, object> Metadata(string name) => new() { ["name"] = name, ["labels"] = Labels(name) };

    private static Dictionary<string, string> Labels(string name) => new()
    {
        ["app.kubernetes.io/name"] = name,
        ["app.kubernetes.io/part-of"] = "deployteq",
    };

    private static string WriteFile(string directory, string name, IEnumerable<object> documents)
    {
        var text = string.Join("---\n", documents.Select(document => Yaml.Serialize(document)));
        File.WriteAllText(Path.Combine(directory, name), text);
        return name;
    }
}
