using System.Globalization;
using System.Text;

namespace Aspire.Hosting.ApplicationModel;

// The redis.conf a RedisServerResource starts with, written before each start.
public static class RedisServerConfig
{
    public static async Task WriteAsync(RedisServerResource redis, CancellationToken cancellationToken)
    {
        var password = await redis.Password.GetValueAsync(cancellationToken)
            ?? throw new InvalidOperationException($"The {redis.Password.Name} parameter has no value.");
        var port = redis.PrimaryEndpoint.Port.ToString(CultureInfo.InvariantCulture);
        var lines = new StringBuilder()
            .AppendLine($"port {port}")
            .AppendLine("bind 127.0.0.1")
            .AppendLine($"dir \"{redis.DataDirectory}\"")
            .AppendLine("daemonize no")
            .AppendLine("appendonly yes")
            .AppendLine("appendfsync always")
            .AppendLine("save \"\"")
            .AppendLine($"requirepass {password}");
        if (redis.ClusterNode)
        {
            lines.AppendLine("cluster-enabled yes")
                .AppendLine("cluster-config-file nodes.conf")
                .AppendLine("cluster-node-timeout 15000");
        }

        Directory.CreateDirectory(redis.DataDirectory);
        var path = redis.ConfigFile;
        await File.WriteAllTextAsync(path, lines.ToString(), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            // It holds the password: the developer's eyes only.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
