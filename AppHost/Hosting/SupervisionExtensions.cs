using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aspire.Hosting;

public static class SupervisionExtensions
{
    // Restart this resource when it exits on its own (RestartPolicyAnnotation.Default: 1 s doubling
    // to 30 s, reset after a minute up).
    public static IResourceBuilder<T> WithRestartOnExit<T>(this IResourceBuilder<T> builder, RestartPolicyAnnotation? policy = null) where T : IResource
    {
        if (builder.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            builder.ApplicationBuilder.Services.TryAddSingleton(TimeProvider.System);
            builder.ApplicationBuilder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, RestartSupervisor>());
        }

        return builder.WithAnnotation(policy ?? RestartPolicyAnnotation.Default, ResourceAnnotationMutationBehavior.Replace);
    }
}
