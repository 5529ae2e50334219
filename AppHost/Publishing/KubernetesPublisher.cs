using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using YamlDotNet.Serialization;

namespace Deployteq.AppHost.Publishing;

// Kubernetes manifests from Aspire's own application model, the one a local run starts: a
// Deployment and a Service per project with the environment its annotations give in publish mode
// (endpoint references become Service addresses, secret parameters and connection strings become
// secretKeyRefs) and its probes; Redis as a StatefulSet with a volume, or an external Redis
// (Cluster) given by connection string; Secrets for the Redis password and every secret
// parameter; a kustomization.yaml to apply them all. No Aspire publisher for Kubernetes is
// served, so this is ours.
public sealed class KubernetesPublisher(DistributedApplicationExecutionContext executionContext, PublishOptions options)
{
    public const string RedisImage = "redis:7.2";

    private const int RedisPort = 6379;

    private static readonly ISerializer Yaml = new SerializerBuilder()
        .WithQuotingNecessaryStrings()
        .DisableAliases()
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .Build();

    private readonly List<object> _secrets = [];

    private readonly HashSet<ParameterResource> _referencedSecrets = [];

    public async Task<IReadOnlyList<string>> WriteAsync(DistributedApplicationModel model)
    {
        Directory.CreateDirectory(options.Output);
        var files = new List<string>();
        foreach (var resource in model.Resources.Where(IsPublished))
        {
            IEnumerable<object>? documents = resource switch
            {
                RedisServerResource redis => RedisDocuments(redis),
                ProjectResource project => await ProjectDocumentsAsync(project),
                ParameterResource => null,
                _ => throw new InvalidOperationException($"{resource.Name} ({resource.GetType().Name}) has no Kubernetes form; exclude it with ExcludeFromManifest()."),
            };
            if (documents is not null)
            {
                files.Add(WriteFile(options.Output, $"{resource.Name}.yaml", documents));
            }
        }

        // The secret parameters a published resource refers to (not a local run's own, such as the stand-in's).
        foreach (var parameter in _referencedSecrets)
        {
            _secrets.Add(Secret(parameter.Name, new Dictionary<string, string> { ["value"] = await parameter.GetValueAsync(CancellationToken.None) ?? "" }));
        }

        files.Add(WriteFile(options.Output, "secrets.yaml", _secrets));
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

    private static bool IsPublished(IResource resource) =>
        !resource.TryGetLastAnnotation<ManifestPublishingCallbackAnnotation>(out var publishing) || publishing.Callback is not null;

    private IEnumerable<object> RedisDocuments(RedisServerResource redis)
    {
        if (options.RedisConnectionString is { } external)
        {
            // An external Redis or Redis Cluster: the services get its connection string, nothing runs here.
            _secrets.Add(Secret(redis.Name, new Dictionary<string, string> { ["connection-string"] = external }));
            return [];
        }

        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        _secrets.Add(Secret(redis.Name, new Dictionary<string, string>
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

    private async Task<IEnumerable<object>> ProjectDocumentsAsync(ProjectResource project)
    {
        var labels = Labels(project.Name);
        var env = new List<object>
        {
            new Dictionary<string, object> { ["name"] = "POD_NAME", ["valueFrom"] = new Dictionary<string, object> { ["fieldRef"] = new Dictionary<string, object> { ["fieldPath"] = "metadata.name" } } },
        };
        env.Add(new Dictionary<string, object> { ["name"] = "OTEL_SERVICE_NAME", ["value"] = project.Name });
        env.Add(new Dictionary<string, object> { ["name"] = "OTEL_RESOURCE_ATTRIBUTES", ["value"] = "service.instance.id=$(POD_NAME)" });
        foreach (var (name, value) in await EnvironmentOfAsync(project))
        {
            if (!RefersToHttps(value))
            {
                env.Add(await EnvAsync(name, value));
            }
        }

        var endpoints = project.Annotations.OfType<EndpointAnnotation>().Where(endpoint => !IsHttps(endpoint)).ToList();
        var container = new Dictionary<string, object>
        {
            ["name"] = project.Name,
            ["image"] = $"{options.ImagePrefix}{project.Name}:{options.ImageTag}",
            ["ports"] = endpoints.Select(endpoint => new Dictionary<string, object> { ["name"] = endpoint.Name, ["containerPort"] = PortOf(endpoint) }).ToList(),
            ["env"] = env,
        };
        foreach (var probe in project.Annotations.OfType<EndpointProbeAnnotation>())
        {
            var key = probe.Type switch { ProbeType.Readiness => "readinessProbe", ProbeType.Liveness => "livenessProbe", _ => "startupProbe" };
            container[key] = HttpProbe(probe.Path, probe.EndpointReference.EndpointName, probe.PeriodSeconds);
            if (probe.Type == ProbeType.Liveness)
            {
                // A slow first start (a cold JIT) is not a dead process.
                container["startupProbe"] = new Dictionary<string, object>(HttpProbe(probe.Path, probe.EndpointReference.EndpointName, probe.PeriodSeconds)) { ["failureThreshold"] = 30 };
            }
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
        var ports = endpoints.Select(endpoint => (endpoint.Name, PortOf(endpoint), endpoint.Transport == "http2" ? "kubernetes.io/h2c" : null)).ToList();
        return [deployment, Service(project.Name, ports)];
    }

    // In publish mode Aspire gives a project a default https endpoint; ours speak plain http in the
    // cluster (TLS ends at the ingress), so it and the variables naming it are left out.
    private static bool IsHttps(EndpointAnnotation endpoint) => endpoint.UriScheme == "https";

    private static bool RefersToHttps(object value) => value switch
    {
        EndpointReference endpoint => IsHttps(endpoint.EndpointAnnotation),
        EndpointReferenceExpression expression => IsHttps(expression.Endpoint.EndpointAnnotation),
        ReferenceExpression expression => expression.ValueProviders.Any(RefersToHttps),
        _ => false,
    };

    // What Aspire's environment callbacks give the resource in publish mode, in their order.
    private async Task<Dictionary<string, object>> EnvironmentOfAsync(IResource resource)
    {
        var context = new EnvironmentCallbackContext(executionContext, resource);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return context.EnvironmentVariables;
    }

    // A value as a pod sees it: Service names for addresses, secretKeyRefs for secrets.
    private async Task<Dictionary<string, object>> EnvAsync(string name, object value)
    {
        object rendered = name switch
        {
            "OTEL_RESOURCE_ATTRIBUTES" => "service.instance.id=$(POD_NAME)",
            "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT" => "Production",
            _ => await RenderAsync(value, name),
        };
        return rendered is string text
            ? new Dictionary<string, object> { ["name"] = name, ["value"] = text }
            : new Dictionary<string, object> { ["name"] = name, ["valueFrom"] = rendered };
    }

    private async Task<object> RenderAsync(object value, string name) => value switch
    {
        string text => text,
        ParameterResource { Secret: true } secret => ReferSecret(secret),
        ParameterResource parameter => await parameter.GetValueAsync(CancellationToken.None) ?? "",
        ConnectionStringReference connection => SecretRef(connection.Resource.Name, "connection-string"),
        IResourceWithConnectionString connection => SecretRef(connection.Name, "connection-string"),
        EndpointReference endpoint => $"{endpoint.Scheme}://{endpoint.Resource.Name}:{PortOf(endpoint.EndpointAnnotation)}",
        EndpointReferenceExpression expression => RenderEndpointProperty(expression),
        ReferenceExpression { ValueProviders.Count: 1, Format: "{0}" } single => await RenderAsync(single.ValueProviders[0], name),
        ReferenceExpression expression => string.Format(System.Globalization.CultureInfo.InvariantCulture, expression.Format,
            await Task.WhenAll(expression.ValueProviders.Select(async provider => await RenderAsync(provider, name) as string
                ?? throw new InvalidOperationException($"{name}: a secret inside a composed value cannot be published as a secretKeyRef.")))),
        IValueProvider provider => await provider.GetValueAsync(CancellationToken.None) ?? "",
        _ => value.ToString() ?? "",
    };

    private Dictionary<string, object> ReferSecret(ParameterResource secret)
    {
        _referencedSecrets.Add(secret);
        return SecretRef(secret.Name, "value");
    }

    private static string RenderEndpointProperty(EndpointReferenceExpression expression) => expression.Property switch
    {
        EndpointProperty.Host or EndpointProperty.IPV4Host => expression.Endpoint.Resource.Name,
        EndpointProperty.Port or EndpointProperty.TargetPort => PortOf(expression.Endpoint.EndpointAnnotation).ToString(System.Globalization.CultureInfo.InvariantCulture),
        EndpointProperty.Scheme => expression.Endpoint.Scheme,
        _ => $"{expression.Endpoint.Scheme}://{expression.Endpoint.Resource.Name}:{PortOf(expression.Endpoint.EndpointAnnotation)}",
    };

    private static int PortOf(EndpointAnnotation endpoint) =>
        endpoint.TargetPort ?? endpoint.Port
        ?? throw new InvalidOperationException($"{endpoint.Name} has no fixed port to publish; give it one in the model.");

    private static Dictionary<string, object> HttpProbe(string path, string port, int periodSeconds) => new()
    {
        ["httpGet"] = new Dictionary<string, object> { ["path"] = path, ["port"] = port },
        ["periodSeconds"] = periodSeconds,
    };

    private static Dictionary<string, object> SecretEnv(string name, string secret, string key) =>
        new() { ["name"] = name, ["valueFrom"] = SecretRef(secret, key) };

    private static Dictionary<string, object> SecretRef(string secret, string key) =>
        new() { ["secretKeyRef"] = new Dictionary<string, object> { ["name"] = secret, ["key"] = key } };

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
