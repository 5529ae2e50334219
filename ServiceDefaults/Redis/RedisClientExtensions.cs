using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

// Our stand-in for Aspire.StackExchange.Redis: one shared multiplexer from
// ConnectionStrings:<name>, and a Redis check in /health.
public static class RedisClientExtensions
{
    public static TBuilder AddRedisClient<TBuilder>(this TBuilder builder, string connectionName) where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set (environment: ConnectionStrings__{connectionName}=host:port,password=...).");
        }

        var options = ConfigurationOptions.Parse(connectionString);
        // Start while Redis is still coming up; the multiplexer reconnects by itself and
        // /health says unhealthy until it is there.
        options.AbortOnConnectFail = false;

        builder.Services.AddSingleton<IConnectionMultiplexer>(services =>
        {
            options.LoggerFactory = services.GetService<ILoggerFactory>();
            return ConnectionMultiplexer.Connect(options);
        });
        builder.Services.AddHealthChecks().AddRedis(
            services => services.GetRequiredService<IConnectionMultiplexer>(),
            name: connectionName,
            tags: ["ready"]);
        return builder;
    }
}
