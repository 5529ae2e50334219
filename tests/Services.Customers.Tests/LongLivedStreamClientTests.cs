using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Hosting;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;

namespace Deployteq.Customers.Tests;

// AddBasicServiceDefaults puts the standard resilience handler on every client; its total
// timeout ends a call that is still open when it passes, as a long client stream is (its answer,
// the response headers, comes at the end). AsLongLivedStreamClient opts one client out.
[Collection(CustomersCollection.Name)]
public sealed class LongLivedStreamClientTests(CustomersFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_long_lived_stream_client_keeps_an_import_that_the_standard_resilience_handler_ends()
    {
        var brand = await fixture.NewBrandAsync();
        using var host = ClientHost();
        var clients = host.Services.GetRequiredService<GrpcClientFactory>();
        var auth = new Metadata { { "authorization", "Bearer " + brand.Token } };
        using var timeout = new CancellationTokenSource(Patience);

        using var cut = clients.CreateClient<CustomersClient>("standard").ImportCustomers(auth, cancellationToken: timeout.Token);
        using var kept = clients.CreateClient<CustomersClient>("stream").ImportCustomers(auth, cancellationToken: timeout.Token);
        var rows = 0;
        var open = System.Diagnostics.Stopwatch.StartNew();
        // Both streams get a row every 100 ms until the standard handler has ended the first one
        // by itself, and the second has outlived the handler's total timeout by a second.
        while ((!cut.ResponseAsync.IsCompleted || open.Elapsed < TotalTimeout + TimeSpan.FromSeconds(1)) && !timeout.IsCancellationRequested)
        {
            await kept.RequestStream.WriteAsync(new ImportCustomerRow { EmailAddress = $"kept{rows}@example.com" }, timeout.Token);
            try
            {
                if (!cut.ResponseAsync.IsCompleted)
                {
                    await cut.RequestStream.WriteAsync(new ImportCustomerRow { EmailAddress = $"cut{rows}@example.com" }, timeout.Token);
                }
            }
            catch (Exception exception) when (exception is RpcException or InvalidOperationException or OperationCanceledException)
            {
                // Ended: the loop sees it on cut.ResponseAsync.
            }

            rows++;
            await Task.Delay(100, timeout.Token);
        }

        await Assert.ThrowsAnyAsync<RpcException>(() => cut.ResponseAsync);
        await kept.RequestStream.CompleteAsync();
        var imported = await kept.ResponseAsync;

        Assert.Equal(rows, imported.Created);
    }

    // A client-only host, as the Pega connector will be: basic defaults, two Customers clients,
    // the standard handler's timeouts shortened so that the test need not wait 30 s.
    private IHost ClientHost()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddBasicServiceDefaults();
        builder.Services.ConfigureAll<HttpStandardResilienceOptions>(options =>
        {
            options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(1);
            options.TotalRequestTimeout.Timeout = TotalTimeout;
            options.CircuitBreaker.SamplingDuration = TotalTimeout;
        });
        builder.Services.AddGrpcClient<CustomersClient>("standard", options => options.Address = new Uri("http://localhost"));
        builder.Services.AddGrpcClient<CustomersClient>("stream", options => options.Address = new Uri("http://localhost"))
            .AsLongLivedStreamClient();
        builder.Services.ConfigureAll<HttpClientFactoryOptions>(options =>
            options.HttpMessageHandlerBuilderActions.Add(handlers => handlers.PrimaryHandler = fixture.Factory.Server.CreateHandler()));
        return builder.Build();
    }
}
