using Deployteq.Customers.Grpc;
using Deployteq.Customers.V1;
using Deployteq.Events.Grpc;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.TestSupport;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;

namespace Deployteq.Events.Tests;

// A real redis-server, Customers and Events in-process, Events calling Customers through its
// real gRPC clients (service discovery resolves services:customers:grpc:0; the test host's
// handler carries the calls, and CustomersCalls sees each of them).
public class EventsFixture : IAsyncLifetime
{
    public EventsFixture()
        : this(RedisTopologies.FromEnvironment)
    {
    }

    // A fixture of a given topology, whatever REDIS_TOPOLOGY says.
    protected EventsFixture(RedisTopology topology) => Redis = new RedisFixture(topology);

    // Far longer than any test waits for a live item: only the pub/sub notice can wake a
    // subscriber in time.
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(60);

    // As long: here only a read that skipped unselected activities sends a progress item.
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(60);

    // Short, so that a test can see a customer change arrive.
    public static readonly TimeSpan CustomerCacheLifetime = TimeSpan.FromSeconds(1);

    public RedisFixture Redis { get; }

    public ServiceFactory<CustomersService> Customers { get; private set; } = null!;

    public ServiceFactory<EventsService> Events { get; private set; } = null!;

    public GrpcChannel CustomersChannel { get; private set; } = null!;

    public GrpcChannel EventsChannel { get; private set; } = null!;

    // REST/JSON (gRPC JSON transcoding) of the same in-process Events service.
    public HttpClient EventsRest { get; private set; } = null!;

    // Cuts Events off Customers' revocation feed (only that stream) when a test asks.
    public NetworkCut RevocationFeedLink { get; } = new(path => path.EndsWith("/WatchRevocations", StringComparison.Ordinal));

    public const string WhoAmIPath = "/deployteq.customers.v1.Identity/WhoAmI";

    public Admin.AdminClient Admin => new(CustomersChannel.WithBearer(ServiceFactory<CustomersService>.AdminKey));

    // Chosen statuses Customers answers to chosen calls.
    public ScriptedStatuses CustomersAnswers { get; } = new();

    // Every call Events makes to Customers, as it goes out.
    public CallRecorder CustomersCalls { get; } = new();

    protected virtual IDictionary<string, string?> EventsSettings => new Dictionary<string, string?>();

    // The clock of the Events service; null: the system's.
    protected virtual TimeProvider? EventsClock => null;

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        Customers = new ServiceFactory<CustomersService>(Redis.ConnectionString).WithInterceptor(CustomersAnswers);
        CustomersChannel = Customers.CreateChannel();

        var settings = new Dictionary<string, string?>
        {
            ["services:customers:grpc:0"] = "http://localhost",
            ["Events:PollInterval"] = PollInterval.ToString(),
            ["Events:ProgressInterval"] = ProgressInterval.ToString(),
            ["Events:CustomerCacheLifetime"] = CustomerCacheLifetime.ToString(),
        };
        foreach (var (key, value) in EventsSettings)
        {
            settings[key] = value;
        }

        Events = new ServiceFactory<EventsService>(Redis.ConnectionString, settings);
        Events.WithServices(services => services.ConfigureAll<HttpClientFactoryOptions>(options =>
            options.HttpMessageHandlerBuilderActions.Add(handlers =>
            {
                handlers.PrimaryHandler = Customers.Server.CreateHandler();
                handlers.AdditionalHandlers.Add(CustomersCalls.CreateHandler());
                handlers.AdditionalHandlers.Add(RevocationFeedLink.CreateHandler());
            })));
        if (EventsClock is { } clock)
        {
            Events.WithServices(services => services.Replace(ServiceDescriptor.Singleton(clock)));
        }

        EventsChannel = Events.CreateChannel();
        EventsRest = Events.CreateClient();
    }

    public async Task DisposeAsync()
    {
        // Redis goes whatever the services do on their way out: no redis-server outlives a run.
        try
        {
            EventsChannel.Dispose();
            EventsRest.Dispose();
            CustomersChannel.Dispose();
            try
            {
                await Events.DisposeAsync();
            }
            finally
            {
                await Customers.DisposeAsync();
            }
        }
        finally
        {
            await Redis.DisposeAsync();
        }
    }

    // Events keeps verified tokens once it hears Customers' revocation feed.
    public Task WaitForTokenMemoryAsync()
    {
        var tokens = Events.Services.GetRequiredService<TokenCache>();
        return Poll.UntilAsync(() => tokens.IsLive, "Events heard Customers' revocation feed", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(20));
    }

    // A fresh portal, brand, API user and token (all scopes unless named): each test works in
    // brands of its own.
    public async Task<TestBrand> NewBrandAsync(params string[] scopes)
    {
        var provisioned = await Admin.CreateAsync("mokup", "Mok-Up", "mail-sender", scopes);
        return new TestBrand(this, provisioned.Brand, provisioned.User, provisioned.Token, provisioned.TokenId);
    }

    // Another token of the same brand with other scopes.
    public async Task<string> TokenAsync(TestBrand brand, params string[] scopes) =>
        (await Admin.CreateTokenAsync(new CreateTokenRequest { BrandId = brand.Id, ApiUserId = brand.User.Id, Scopes = { scopes } })).Token;

    public CallInvoker Customer(string token) => CustomersChannel.WithBearer(token);

    public CallInvoker Event(string token) => EventsChannel.WithBearer(token);
}

[CollectionDefinition(Name)]
public sealed class EventsCollection : ICollectionFixture<EventsFixture>
{
    public const string Name = "events";
}
