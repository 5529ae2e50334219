using Microsoft.Extensions.DependencyInjection;

namespace Deployteq.AppHost.Tests;

// The AppHost's own model under Aspire.Hosting.Testing: random ports (beside a developer's own
// run), a data folder and an administrator key of the test's own, never a developer's. Starting
// and disposing one costs tens of seconds, so a test class shares one.
public abstract class TestApp : IAsyncLifetime
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    public static readonly string[] ServiceNames = ["customers", "datamodel", "events", "pegaconnector", "pega"];

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("deployteq-apphost-test-").FullName;

    public DistributedApplication App { get; private set; } = null!;

    public string AdminKey { get; } = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();

    public string DataDirectory => _dataDirectory;

    protected virtual IEnumerable<string> Arguments => [];

    public ResourceNotificationService Notifications => App.Services.GetRequiredService<ResourceNotificationService>();

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"AppHost:DataDirectory={_dataDirectory}", $"DEPLOYTEQ_ADMIN_KEY={AdminKey}", .. Arguments]);
        App = await builder.BuildAsync();
        using var started = new CancellationTokenSource(Patience);
        await App.StartAsync(started.Token);
        foreach (var name in ServiceNames)
        {
            await Notifications.WaitForResourceHealthyAsync(name, started.Token);
        }
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
