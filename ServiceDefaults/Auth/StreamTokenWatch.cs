using Grpc.Core;

namespace Deployteq.ServiceDefaults.Auth;

// A stream can run for days, but a token stops working at once when it is revoked, its user
// deleted or its brand removed. This checks the caller's token again while a stream runs: at once
// whenever the revocation feed names some token (answered from memory unless it was this one),
// and every `interval` in any case; once the token has died it cancels the stream.
public sealed class StreamTokenWatch(ITokenAuthenticator authenticator, TokenCache tokens, TimeProvider time)
{
    // Completes with the UNAUTHENTICATED error once the token died (after cancelling `stream`),
    // or with null when the stream ends first. Customers being unreachable for a while does not
    // end a stream: the next check decides.
    public async Task<RpcException?> WatchAsync(string token, TimeSpan interval, CancellationTokenSource stream)
    {
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
