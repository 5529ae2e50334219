using Aspire.Hosting.ApplicationModel;

namespace Deployteq.AppHost.Demo;

// The demo brand's Pega installation as a resource of its own in the dashboard: its state
// (running, paused and why, breaker open) and its counts, kept current by PegaInstallationMonitor.
public sealed class PegaInstallationResource(string name) : Resource(name);
