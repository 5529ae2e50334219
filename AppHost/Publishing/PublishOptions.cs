namespace Deployteq.AppHost.Publishing;

public sealed record PublishOptions(string Output, string? RedisConnectionString, string ImagePrefix, string ImageTag)
{
    // null when --output is missing or an option has no value.
    public static PublishOptions? Parse(string[] args)
    {
        string? output = null;
        var redis = Environment.GetEnvironmentVariable("APPHOST_PUBLISH_REDIS_CONNECTION_STRING") is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        var imagePrefix = "deployteq/";
        var imageTag = "latest";
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length)
            {
                return null;
            }

            switch (args[i])
            {
                case "--output" or "-o": output = args[++i]; break;
                case "--redis-connection-string": redis = args[++i]; break;
                case "--image-prefix": imagePrefix = args[++i]; break;
                case "--image-tag": imageTag = args[++i]; break;
                default: return null;
            }
        }

        return output is null ? null : new PublishOptions(Path.GetFullPath(output), redis, imagePrefix, imageTag);
    }
}
