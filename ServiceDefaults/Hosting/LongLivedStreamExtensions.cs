using Microsoft.Extensions.DependencyInjection;

namespace Deployteq.ServiceDefaults.Hosting;

public static class LongLivedStreamExtensions
{
    // For a client whose calls stay open for as long as they are useful, such as a Subscribe that
    // follows live: AddBasicServiceDefaults puts the standard resilience handler on every client,
    // and its total timeout (30 s) would end each such call, while its retries would resend a
    // stream. This removes every resilience handler from this one client and lifts
    // HttpClient.Timeout (100 s); the caller resumes from its last cursor itself. Unary clients
    // keep the standard handler.
    //
    //   builder.Services.AddGrpcClient<Events.EventsClient>(o => o.Address = new("http://_grpc.events"))
    //       .AsLongLivedStreamClient();
    public static IHttpClientBuilder AsLongLivedStreamClient(this IHttpClientBuilder builder)
    {
        // Microsoft.Extensions.Http.Resilience's own way out of a default handler, marked
        // experimental (EXTEXP0001); the central version pin keeps it as it is.
#pragma warning disable EXTEXP0001
        builder.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        return builder;
    }
}
