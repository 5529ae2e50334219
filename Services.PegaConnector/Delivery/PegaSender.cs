using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Deployteq.PegaConnector.Delivery;

// The installation's endpoint: makes one call for one activity and says what it came to. Its
// circuit breaker (Polly) opens while the endpoint keeps failing and then lets one probe through
// now and then; a Retry-After on a 429 or 503, and an open breaker, hold every call to the
// endpoint (EndpointGate), not only the activity that met them. When to call again is the
// scheduler's business.
public sealed class PegaSender
{
    public const int MaxResponseLength = 1024;

    private static readonly string UserAgent =
        $"Deployteq.PegaConnector/{typeof(PegaSender).Assembly.GetName().Version?.ToString(3) ?? "1.0.0"}";

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly CircuitBreakerStateProvider _breaker = new();
    private readonly EndpointGate _gate;
    private readonly string _installation;
    private readonly TimeProvider _clock;
    private readonly PegaConnectorOptions _options;

    public PegaSender(PegaHttpClient http, SessionContext session, EndpointGate gate, SessionStatus status, IOptions<PegaConnectorOptions> options, TimeProvider clock)
    {
        var installation = session.Record;
        _http = http.Client;
        _endpoint = new Uri(installation.EndpointUrl);
        _authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(installation.Username + ":" + installation.Password)));
        _gate = gate;
        _installation = session.Name;
        _clock = clock;
        _options = options.Value;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = _options.BreakerFailureRatio,
                MinimumThroughput = _options.BreakerMinimumThroughput,
                SamplingDuration = _options.BreakerSamplingDuration,
                BreakDuration = _options.BreakerBreakDuration,
                StateProvider = _breaker,
                ShouldHandle = args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                OnOpened = args =>
                {
                    gate.Hold(args.BreakDuration, "circuit breaker");
                    status.RecordError("circuit breaker opened: the endpoint keeps failing");
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(_options.HttpTimeout)
            .Build();
    }

    public CircuitState BreakerState => _breaker.CircuitState;

    public bool BreakerClosed => _breaker.CircuitState == CircuitState.Closed;

    public async Task<AttemptResult> SendAsync(DeliveryItem item, CancellationToken cancellationToken)
    {
        using var span = DeliveryTrace.Start(item, _installation);
        var result = await CallEndpointAsync(item, cancellationToken);
        span?.SetTag("pega.outcome", result.Kind.ToString());
        if (result.Kind is not (AttemptKind.Delivered or AttemptKind.NotSent))
        {
            span?.SetStatus(ActivityStatusCode.Error, result.Describe());
        }

        return result;
    }

    private async Task<AttemptResult> CallEndpointAsync(DeliveryItem item, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        Outcome<HttpResponseMessage> outcome;
        try
        {
            outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (context, state) => await state.sender.CallAsync(state.item, context.CancellationToken), context, (sender: this, item));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        switch (outcome.Exception)
        {
            case null:
                break;
            case BrokenCircuitException broken:
                return new AttemptResult(AttemptKind.NotSent, 0, "circuit breaker open", broken.RetryAfter, elapsed);
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                throw new OperationCanceledException(cancellationToken);
            case TimeoutRejectedException:
                return new AttemptResult(AttemptKind.Retry, 0, "no answer within the HTTP timeout", null, elapsed);
            case HttpRequestException { HttpRequestError: var error }:
                return new AttemptResult(AttemptKind.Retry, 0, "network error: " + error, null, elapsed);
            case var exception:
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception);
                break;
        }

        using var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return new AttemptResult(AttemptKind.Delivered, status, "", null, elapsed);
        }

        var body = await ReadStartAsync(response, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return new AttemptResult(AttemptKind.CredentialsRefused, status, body, null, elapsed);
        }

        if (!HttpClientResiliencePredicates.IsTransient(Outcome.FromResult(response)))
        {
            return new AttemptResult(AttemptKind.Dead, status, body, null, elapsed);
        }

        var retryAfter = RetryAfter.From(response.Headers, _clock.GetUtcNow(), _options.RetryAfterMax);
        if (retryAfter is { } wait && response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
        {
            // "Slow down" is said of the endpoint, not of this one activity.
            _gate.Hold(wait, $"Retry-After of a {status}");
        }

        return new AttemptResult(AttemptKind.Retry, status, body, retryAfter, elapsed);
    }

    private async ValueTask<Outcome<HttpResponseMessage>> CallAsync(DeliveryItem item, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Content = new ByteArrayContent(item.Body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = _authorization;
        request.Headers.TryAddWithoutValidation("Idempotency-Key", item.Uuid);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        try
        {
            return Outcome.FromResult(await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken));
        }
        catch (HttpRequestException exception)
        {
            return Outcome.FromException<HttpResponseMessage>(exception);
        }
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
