using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Deployteq.ServiceDefaults.Hosting;

// Aspire starts a project as `dotnet run`, whose child is the service. A kill -9 of that wrapper
// would leave the service running on, unseen by the AppHost (which starts a second one). With
// ServiceDefaults:ExitWithParent (the AppHost sets it), the service stops itself, gracefully,
// once it is handed to another parent.
public sealed class ParentProcessWatch(IHostApplicationLifetime lifetime, ILogger<ParentProcessWatch> logger) : BackgroundService
{
    public const string ConfigurationKey = "ServiceDefaults:ExitWithParent";

    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    public static bool IsWanted(IConfiguration configuration) =>
        OperatingSystem.IsLinux() && string.Equals(configuration[ConfigurationKey], "true", StringComparison.OrdinalIgnoreCase);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var parent = ParentId();
        using var timer = new PeriodicTimer(CheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (ParentId() != parent)
                {
                    logger.LogWarning("The parent process {Parent} is gone; stopping.", parent);
                    lifetime.StopApplication();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // /proc/self/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
    private static int ParentId()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
