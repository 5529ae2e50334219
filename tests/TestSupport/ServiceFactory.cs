using Grpc.AspNetCore.Server;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Deployteq.TestSupport;

// Hosts one service in-process against a real Redis. TEntryPoint is any type of the service's
// assembly (several services' Program classes would clash in one test project).
public class ServiceFactory<TEntryPoint>(string redisConnectionString, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    public const string AdminKey = "test-admin-key";

    // What the services of one test present to each other (Customers' revocation feed).
    public const string InternalKey = "test-internal-key";

    private readonly List<Action<IServiceCollection>> _testServices = [];
    private Uri? _grpcAddress;
    private Uri? _httpAddress;

    // Replaces or adds services before the host starts (a fake clock, a handler to another service).
    public ServiceFactory<TEntryPoint> WithServices(Action<IServiceCollection> configure)
    {
        _testServices.Add(configure);
        return this;
    }

    // Adds a server interceptor of the test's own (it runs inside the service's own interceptors,
    // after authentication), as one instance the test keeps.
    public ServiceFactory<TEntryPoint> WithInterceptor<TInterceptor>(TInterceptor interceptor) where TInterceptor : Interceptor =>
        WithServices(services =>
        {
            services.AddSingleton(interceptor);
            services.Configure<GrpcServiceOptions>(options => options.Interceptors.Add<TInterceptor>());
        });

    public GrpcChannel CreateChannel() =>
        GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });

    // The gRPC endpoint's address once StartOnSockets has run.
    public Uri GrpcAddress => _grpcAddress ?? throw new InvalidOperationException("StartOnSockets has not run.");

    // Serves on real loopback sockets (Kestrel, both named endpoints on free ports) instead of the
    // in-memory test server, for what only a real connection shows (HTTP/2 framing, header limits).
    // Call it first; Server and CreateChannel are then unavailable, GrpcAddress is the address.
    public Uri StartOnSockets()
    {
        _grpcAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        _httpAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        UseKestrel();
        StartServer();
        return _grpcAddress;
    }

    // One stop per host, the app's own (SingleStopHost says why).
    protected override IHost CreateHost(IHostBuilder builder) => new SingleStopHost(base.CreateHost(builder));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:redis", redisConnectionString);
        builder.UseSetting("Admin:Key", AdminKey);
        builder.UseSetting("Internal:Key", InternalKey);
        if (_grpcAddress is not null && _httpAddress is not null)
        {
            builder.UseSetting("Kestrel:Endpoints:grpc:Url", _grpcAddress.ToString());
            builder.UseSetting("Kestrel:Endpoints:http:Url", _httpAddress.ToString());
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.Services.AddSingleton<HostStopLog>();
            logging.Services.AddSingleton<ILoggerProvider>(services => services.GetRequiredService<HostStopLog>());
            logging.AddFilter<HostStopLog>(HostStopLog.HostCategory, LogLevel.Debug);
        });

        builder.ConfigureTestServices(services =>
        {
            foreach (var configure in _testServices)
            {
                configure(services);
            }
        });
    }
}
