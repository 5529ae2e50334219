using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Deployteq.PegaConnector.Model;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Deployteq.PegaConnector.Delivery;

// Sends one activity to an installation's endpoint: retries transient failures (408, 429, 5xx,
// network errors, timeouts) with exponential backoff and jitter for the retry window, honouring
// Retry-After; a circuit breaker per installation makes every sender wait while the endpoint
// keeps failing, and lets a probe through now and then. Nothing is discarded: the activity
// waits in memory (and the stream behind it waits in Redis).
public sealed class PegaSender
{
    public const int MaxResponseLength = 1024;

    private static readonly ResiliencePropertyKey<DateTimeOffset> FirstAttempt = new("pega.first-attempt");
    private static readonly ResiliencePropertyKey<DeliveryItem> Item = new("pega.item");
    private static readonly string UserAgent =
        $"Deployteq.PegaConnector/{typeof(PegaSender).Assembly.GetName().Version?.ToString(3) ?? "1.0.0"}";

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly CircuitBreakerStateProvider _breaker = new();
    private readonly Func<DeliveryItem, CancellationToken, Task> _renewMark;
    private readonly Action<DeliveryItem, int, string> _onAttempt;
    private readonly TimeProvider _clock;
    private readonly PegaConnectorOptions _options;

    public PegaSender(
        HttpClient http, InstallationRecord installation, PegaConnectorOptions options, TimeProvider clock,
        Func<DeliveryItem, CancellationToken, Task> renewMark, Action<DeliveryItem, int, string> onAttempt, Action<string> onBreaker)
    {
        _http = http;
        _endpoint = new Uri(installation.EndpointUrl);
        _authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(installation.Username + ":" + installation.Password)));
        _renewMark = renewMark;
        _onAttempt = onAttempt;
        _clock = clock;
        _options = options;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome) && WithinWindow(args.Context)),
                DelayGenerator = args => ValueTask.FromResult(RetryDelay(args.Outcome)),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerBreakDuration,
                StateProvider = _breaker,
                ShouldHandle = args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                OnOpened = _ => { onBreaker("open"); return ValueTask.CompletedTask; },
                OnClosed = _ => { onBreaker("closed"); return ValueTask.CompletedTask; },
                OnHalfOpened = _ => { onBreaker("half-open"); return ValueTask.CompletedTask; },
            })
            .AddTimeout(options.HttpTimeout)
            .Build();
    }

    public CircuitState BreakerState => _breaker.CircuitState;

    public async Task<DeliveryOutcome> SendAsync(DeliveryItem item, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(FirstAttempt, _clock.GetUtcNow());
        context.Properties.Set(Item, item);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (context, sender) => await sender.AttemptAsync(context), context, this);
            if (outcome.Exception is { } exception)
            {
                if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }

                if (exception is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or OperationCanceledException)
                {
                    // Transient failures for the whole retry window.
                    return new DeliveryOutcome(DeliveryResult.Dead, 0, "gave up after the retry window: " + Describe(exception));
                }

                throw exception;
            }

            using var response = outcome.Result!;
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new DeliveryOutcome(DeliveryResult.Delivered, status, "");
            }

            var body = await ReadStartAsync(response, cancellationToken);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return new DeliveryOutcome(DeliveryResult.CredentialsRefused, status, body);
            }

            var prefix = HttpClientResiliencePredicates.IsTransient(Outcome.FromResult(response)) ? "gave up after the retry window: " : "";
            return new DeliveryOutcome(DeliveryResult.Dead, status, prefix + body);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public static string Describe(Exception exception) => exception switch
    {
        HttpRequestException { HttpRequestError: var error } => "network error: " + error,
        TimeoutRejectedException => "no answer within the HTTP timeout",
        BrokenCircuitException => "circuit breaker open",
        _ => exception.GetType().Name,
    };

    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(ResilienceContext context)
    {
        var item = context.Properties.GetValue(Item, null!);
        item.Attempts++;
        if (item.Attempts > 1 || _clock.GetUtcNow() - item.ClaimedAt > _options.InFlightMarkMargin / 2)
        {
            // The mark must outlive this attempt: renewed for a retry, and for an item claimed
            // ahead that waited long for a free slot (a slow endpoint).
            await _renewMark(item, context.CancellationToken);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Content = new ByteArrayContent(item.Body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = _authorization;
        request.Headers.TryAddWithoutValidation("Idempotency-Key", item.Uuid);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        try
        {
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.CancellationToken);
            _onAttempt(item, (int)response.StatusCode, "");
            return Outcome.FromResult(response);
        }
        catch (HttpRequestException exception)
        {
            _onAttempt(item, 0, Describe(exception));
            return Outcome.FromException<HttpResponseMessage>(exception);
        }
        catch (OperationCanceledException exception) when (!context.CancellationToken.IsCancellationRequested)
        {
            _onAttempt(item, 0, "no answer within the HTTP timeout");
            return Outcome.FromException<HttpResponseMessage>(exception);
        }
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is BrokenCircuitException || HttpClientResiliencePredicates.IsTransient(outcome);

    private bool WithinWindow(ResilienceContext context) =>
        context.CancellationToken.IsCancellationRequested is false
        && context.Properties.TryGetValue(FirstAttempt, out var first)
        && _clock.GetUtcNow() - first < _options.RetryWindow;

    private TimeSpan? RetryDelay(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is BrokenCircuitException broken)
        {
            // Waiting on the breaker is not a failed attempt: no growing backoff, just the time
            // until it lets a probe through (or a short, jittered look again while it probes).
            return broken.RetryAfter ?? _options.BreakerBreakDuration / 10 * (1 + Random.Shared.NextDouble());
        }

        return outcome.Result is { } response ? RetryAfter.From(response.Headers, _clock.GetUtcNow(), _options.RetryAfterMax) : null;
    }

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxResponseLength * 4];
            var read = 0;
            int count;
            while (read < buffer.Length && (count = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
            {
                read += count;
            }

            var text = Encoding.UTF8.GetString(buffer, 0, read);
            return text.Length > MaxResponseLength ? text[..MaxResponseLength] : text;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            return "";
        }
    }
}
