using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Deployteq.AppHost.Publishing;

// `AppHost publish --output <dir> [...]`: the model built in Aspire's publish mode (no process
// starts), written as Kubernetes manifests by KubernetesPublisher.
public static class PublishCommand
{
    public static string[] AspireArguments(string[] args) =>
        args is ["publish", ..] ? ["--operation", "publish", "--publisher", "kubernetes"] : args;

    public static int Run(DistributedApplication app, string[] args)
    {
        var options = PublishOptions.Parse(args[1..]);
        if (options is null)
        {
            Console.Error.WriteLine("usage: publish --output <dir> [--redis-connection-string <host:port,password=…>] [--image-prefix deployteq/] [--image-tag latest]");
            return 1;
        }

        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var context = app.Services.GetRequiredService<DistributedApplicationExecutionContext>();
        var files = new KubernetesPublisher(context, options).WriteAsync(model).GetAwaiter().GetResult();
        Console.WriteLine($"wrote {files.Count} manifests to {options.Output}: {string.Join(", ", files)}");
        Console.WriteLine($"apply them with: kubectl apply -k {options.Output}");
        return 0;
    }
}
