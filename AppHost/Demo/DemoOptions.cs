using Aspire.Hosting.ApplicationModel;

namespace Deployteq.AppHost.Demo;

// What the demo's pieces share: where it keeps its state, the administrator key, what the seed
// waits for, and the installation resource it keeps current.
public sealed class DemoOptions(DemoState state, string dataDirectory, ParameterResource adminKey, PegaInstallationResource installation,
    IReadOnlyList<string> seedWaitsFor, string? dashboardLoginUrl)
{
    public DemoState State { get; } = state;

    public string DataDirectory { get; } = dataDirectory;

    public ParameterResource AdminKey { get; } = adminKey;

    public PegaInstallationResource Installation { get; } = installation;

    public IReadOnlyList<string> SeedWaitsFor { get; } = seedWaitsFor;

    public string? DashboardLoginUrl { get; } = dashboardLoginUrl;

    // Completed once the demo brand, token and installation exist: the commands wait for it.
    public TaskCompletionSource Seeded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
