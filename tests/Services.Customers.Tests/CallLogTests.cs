using Deployteq.Customers.Grpc;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Grpc;
using Deployteq.TestSupport;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;

namespace Deployteq.Customers.Tests;

// A refused call writes one line at most, at Debug under Deployteq.Calls (raised here to see it),
// with no stack and no more than a prefix of what the caller sent; ASP.NET Core and gRPC say
// nothing below Warning.
[Collection(CustomersCollection.Name)]
public sealed class CallLogTests(CustomersFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly LogCapture _logs = new();
    private ServiceFactory<CustomersService> _factory = null!;
    private Uri _address = null!;
    private GrpcChannel _channel = null!;

    public Task InitializeAsync()
    {
        _factory = new ServiceFactory<CustomersService>(fixture.Redis.ConnectionString, new Dictionary<string, string?>
        {
            [$"Logging:LogLevel:{CallOutcomeMiddleware.LogCategory}"] = "Debug",
        });
        _factory.WithServices(services => services.AddSingleton<ILoggerProvider>(_logs));
        _address = _factory.StartOnSockets();
        _channel = GrpcChannel.ForAddress(_address);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _factory.DisposeAsync();
    }

    private static readonly Dictionary<string, Func<CallLogTests, TestBrand, Task>> RefusedCalls = new()
    {
        ["invalid argument"] = (test, brand) => test.Customers(brand.Token).CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = "nope" }).ResponseAsync,
        ["a huge field name"] = (test, brand) => test.Customers(brand.Token).CreateCustomerAsync(new CreateCustomerRequest
        {
            EmailAddress = "big@example.com",
            Fields = { [new string('n', 1 << 20)] = "v" },
        }).ResponseAsync,
        ["no token"] = (test, _) => new CustomersClient(test._channel).GetCustomerAsync(new GetCustomerRequest { CustomerId = 1 }).ResponseAsync,
        ["unknown customer"] = (test, brand) => test.Customers(brand.Token).GetCustomerAsync(new GetCustomerRequest { CustomerId = 999_999 }).ResponseAsync,
        ["unreadable unary request"] = (test, brand) => test.Raw("CreateCustomer", RawGrpc.Frame([0x0A, 0x02, 0xC3, 0x28]), brand.Token),
        ["unreadable client stream"] = (test, brand) => test.Raw("ImportCustomers", RawGrpc.Frame([0x12, 0x0A, 0x61]), brand.Token),
        ["broken framing"] = (test, brand) => test.Raw("CreateCustomer", RawGrpc.Frame([0x0A, 0x01, 0x61], declaredLength: 50), brand.Token),
        ["a bad compression flag"] = (test, brand) => test.Raw("CreateCustomer", MalformedRequestTests.Frame("a bad compression flag", 0x0A, CreateCustomerRequest.Parser), brand.Token),
        ["compressed without an encoding"] = (test, brand) => test.Raw("CreateCustomer", MalformedRequestTests.Frame("compressed without an encoding", 0x0A, CreateCustomerRequest.Parser), brand.Token),
        ["a message past 4 MiB"] = (test, brand) => test.Raw("CreateCustomer", MalformedRequestTests.Frame("a message past 4 MiB", 0x0A, CreateCustomerRequest.Parser), brand.Token),
    };

    public static TheoryData<string> RefusedCallNames() => [.. RefusedCalls.Keys];

    [Theory]
    [MemberData(nameof(RefusedCallNames))]
    public async Task A_refused_call_writes_one_debug_line_without_a_stack(string name)
    {
        var brand = await fixture.NewBrandAsync();
        _logs.Clear();

        try
        {
            await RefusedCalls[name](this, brand);
        }
        catch (RpcException)
        {
        }

        await CallLineAsync();
        var entries = _logs.Entries;
        Assert.Empty(entries.Where(entry => entry.Level >= LogLevel.Information).Select(entry => $"{entry.Category}: {entry.Message}"));
        Assert.Empty(entries.Where(entry => entry.Exception is not null).Select(entry => $"{entry.Category}: {entry.Message}"));
        // A second line for the same call would have come with the first: the call is over.
        var line = Assert.Single(entries, IsCallLine);
        Assert.Equal(LogLevel.Debug, line.Level);
        Assert.True(line.Message.Length < 512, $"The line takes {line.Message.Length} characters.");
    }

    private Task CallLineAsync() =>
        Poll.UntilAsync(() => _logs.Entries.Any(IsCallLine), "the call was logged", Patience, TimeSpan.FromMilliseconds(20));

    private static bool IsCallLine(CapturedLog entry) => entry.Category == CallOutcomeMiddleware.LogCategory;

    private CustomersClient Customers(string token) => new(_channel.WithBearer(token));

    private Task<RawGrpcResult> Raw(string method, byte[] body, string token) =>
        RawGrpc.PostAsync(_address, "/deployteq.customers.v1.Customers/" + method, body, token, Patience);
}
