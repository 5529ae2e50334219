namespace Deployteq.AppHost.Hosting;

// The wiring verbs of Aspire's resource builders, with Aspire's variable names.
public static class ResourceBuilderExtensions
{
    // ConnectionStrings__<name>: one server's `host:port,password=…`, or a cluster's every node
    // and the password, which the services' AddRedisClient takes as it is.
    public static T WithReference<T>(this T resource, IRedisConnection redis) where T : Resource
    {
        resource.Environment[$"ConnectionStrings__{redis.Name}"] = redis.ConnectionString;
        resource.AddDependency((Resource)redis);
        return resource;
    }

    // services__<name>__<endpoint>__0, which service discovery resolves for http://_grpc.<name>.
    public static T WithReference<T>(this T resource, ProjectResource service) where T : Resource
    {
        foreach (var (endpoint, url) in service.Endpoints)
        {
            resource.Environment[$"services__{service.Name}__{endpoint}__0"] = url;
        }

        resource.AddDependency(service);
        return resource;
    }

    public static T WithEnvironment<T>(this T resource, string name, string value) where T : Resource
    {
        resource.Environment[name] = value;
        return resource;
    }
}
