using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Deployteq.PegaConnector.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Deployteq.AppHost.Demo;

// The demo of a local run: a seeded brand whose activities reach the Pega stand-in, the demo
// installation as a resource, and the dashboard's commands Send sample activities (on events)
// and Redrive dead letters (on the installation).
public static class DemoExtensions
{
    public const string InstallationResourceName = "demo-installation";

    public static void AddDemo(this IDistributedApplicationBuilder builder, DemoState state, string dataDirectory,
        IResourceBuilder<ParameterResource> adminKey, IResourceBuilder<ProjectResource> customers, IResourceBuilder<ProjectResource> events,
        IResourceBuilder<ProjectResource> connector, IResourceBuilder<ProjectResource> standIn, string? dashboardLoginUrl)
    {
        var installation = builder.AddResource(new PegaInstallationResource(InstallationResourceName))
            .WithParentRelationship(connector)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PegaInstallation",
                State = KnownResourceStates.Waiting,
                Properties = [],
            })
            .ExcludeFromManifest();
        var options = new DemoOptions(state, dataDirectory, adminKey.Resource, installation.Resource,
            [customers.Resource.Name, events.Resource.Name, connector.Resource.Name, standIn.Resource.Name], dashboardLoginUrl);
        var clients = new DemoClients(customers.GetEndpoint("grpc"), events.GetEndpoint("grpc"), events.GetEndpoint("http"), connector.GetEndpoint("grpc"), standIn.GetEndpoint("http"));
        builder.Services.AddSingleton(options).AddSingleton(clients).AddHostedService<DemoRun>();

        events.WithCommand("send-sample-activities", "Send sample activities", async context =>
        {
            await SampleActivities.EmitAsync(clients, state, context.CancellationToken);
            return CommandResults.Success();
        }, new CommandOptions
        {
            Description = "Emits one activity of every metric for the demo customer; they travel to the Pega stand-in.",
            IconName = "Send",
            UpdateState = context => options.Seeded.Task.IsCompletedSuccessfully ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
        });
        installation.WithCommand("redrive-dead-letters", "Redrive dead letters", async context =>
        {
            await clients.Installations.RedriveDeadLettersAsync(new RedriveDeadLettersRequest
            {
                InstallationId = state.InstallationId,
                Selection = new DeadLetterSelection { All = new Google.Protobuf.WellKnownTypes.Empty() },
            }, DemoClients.Bearer(state.Token!), cancellationToken: context.CancellationToken);
            return CommandResults.Success();
        }, new CommandOptions
        {
            Description = "Sends every dead letter of the demo installation again.",
            IconName = "ArrowRepeatAll",
            UpdateState = context => options.Seeded.Task.IsCompletedSuccessfully ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
        });
    }
}
