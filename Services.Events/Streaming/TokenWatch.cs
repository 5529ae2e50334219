using Deployteq.ServiceDefaults.Auth;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Deployteq.Events.Streaming;

// A subscription can run for days, but a token stops working at once when it is revoked or its
// user is deleted (DESIGN.md "Tenancy and security"). This checks the token again while the
// stream runs and cancels the stream when the token has died: at once when Customers'
// revocation feed names some token (the check is then answered from memory unless it was this
// one), and every TokenRecheckInterval in any case.
public sealed class TokenWatch(ITokenAuthenticator authenticator, TokenCache tokens, IOptions<EventsOptions> options, TimeProvider time)
{
    // Completes with the UNAUTHENTICATED error once the token has died (after cancelling
    // `stream`), or with null when the stream ends first. Customers being unreachable for a
    // while does not end a stream: the next check decides.
    public async Task<RpcException?> WatchAsync(string token, CancellationTokenSource stream)
    {
        var interval = options.Value.TokenRecheckInterval;
        try
        {
            while (true)
            {
                using (var wake = CancellationTokenSource.CreateLinkedTokenSource(stream.Token, tokens.Changed))
                {
                    try
                    {
                        await Task.Delay(interval, time, wake.Token);
                    }
                    catch (OperationCanceledException) when (!stream.IsCancellationRequested)
                    {
                        // A revocation notice: check now.
                    }
                }

                try
                {
                    await authenticator.AuthenticateAsync(token, stream.Token);
                }
                catch (RpcException exception) when (exception.StatusCode is StatusCode.Unauthenticated && !stream.IsCancellationRequested)
                {
                    await stream.CancelAsync();
                    return exception;
                }
                catch (RpcException) when (!stream.IsCancellationRequested)
                {
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or RpcException && stream.IsCancellationRequested)
        {
            return null;
        }
    }
}
