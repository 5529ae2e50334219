using Deployteq.Customers.Grpc;
using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using Google.Protobuf;
using Grpc.Core;

namespace Deployteq.Customers.Tests;

// Bytes that are not a valid message, sent over a real HTTP/2 connection: INVALID_ARGUMENT that
// says the request could not be read, on every kind of method, and nothing stored.
[Collection(CustomersCollection.Name)]
public sealed class MalformedRequestTests(CustomersFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private ServiceFactory<CustomersService> _factory = null!;
    private Uri _address = null!;

    // Unreadable messages, for a message type whose string field has this tag (field number and
    // wire type 2); the parser checks that the random bytes are no such message.
    public static byte[] Frame(string name, byte stringTag, MessageParser parser) => name switch
    {
        // A string holding 0xC3 0x28, which is not UTF-8.
        "invalid UTF-8 in a string" => RawGrpc.Frame([stringTag, 0x02, 0xC3, 0x28]),
        // A string that claims 10 bytes where 3 follow.
        "a field length past the end" => RawGrpc.Frame([stringTag, 0x0A, (byte)'a', (byte)'b', (byte)'c']),
        // A varint (field 15) that never ends.
        "a truncated varint" => RawGrpc.Frame([0x78, 0xFF, 0xFF]),
        // Wire type 7 does not exist.
        "an invalid wire type" => RawGrpc.Frame([0x7F, 0x01]),
        "random bytes" => RawGrpc.Frame(RandomUnparsable(parser)),
        // The gRPC frame itself claims 100 bytes where 3 follow.
        "a frame length past the end" => RawGrpc.Frame([stringTag, 0x01, (byte)'a'], declaredLength: 100),
        // The first byte of a frame says compressed (1) or not (0); 2 means nothing.
        "a bad compression flag" => [0x02, .. RawGrpc.Frame([stringTag, 0x01, (byte)'a']).AsSpan(1)],
        // A compressed frame without a grpc-encoding header.
        "compressed without an encoding" => [0x01, .. RawGrpc.Frame([stringTag, 0x01, (byte)'a']).AsSpan(1)],
        // A well-formed string one byte past the 4 MiB a message may be in all.
        "a message past 4 MiB" => RawGrpc.Frame([stringTag, .. Varint(OverLimit - 5), .. Enumerable.Repeat((byte)'a', OverLimit - 5)]),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static TheoryData<string> FrameNames() =>
    [
        "invalid UTF-8 in a string", "a field length past the end", "a truncated varint", "an invalid wire type",
        "random bytes", "a frame length past the end", "a bad compression flag", "compressed without an encoding",
        "a message past 4 MiB",
    ];

    // One byte more than gRPC's default MaxReceiveMessageSize; the tag and its 4-byte length take 5.
    private const int OverLimit = 4 * 1024 * 1024 + 1;

    private static byte[] Varint(int value)
    {
        var bytes = new List<byte>();
        for (; value >= 0x80; value >>= 7)
        {
            bytes.Add((byte)(value | 0x80));
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    public async Task InitializeAsync()
    {
        _factory = new ServiceFactory<CustomersService>(fixture.Redis.ConnectionString);
        _address = _factory.StartOnSockets();
        await Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [MemberData(nameof(FrameNames))]
    public async Task A_unary_call_with_unreadable_bytes_is_invalid_argument_and_stores_nothing(string name)
    {
        var brand = await fixture.NewBrandAsync();
        var before = await brand.SnapshotAsync();

        var result = await RawGrpc.PostAsync(_address, "/deployteq.customers.v1.Customers/CreateCustomer", Frame(name, 0x0A, CreateCustomerRequest.Parser), brand.Token, Timeout);

        Assert.True(StatusCode.InvalidArgument == result.Status, $"{result.Status}: {result.Message}");
        Assert.Contains("could not be read", result.Message);
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(FrameNames))]
    public async Task A_client_stream_with_unreadable_bytes_after_a_good_row_is_invalid_argument_and_stores_nothing(string name)
    {
        var brand = await fixture.NewBrandAsync();
        var before = await brand.SnapshotAsync();
        var good = RawGrpc.Frame(new ImportCustomerRow { EmailAddress = "good@example.com" }.ToByteArray());

        var result = await RawGrpc.PostAsync(
            _address, "/deployteq.customers.v1.Customers/ImportCustomers", [.. good, .. Frame(name, 0x12, ImportCustomerRow.Parser)], brand.Token, Timeout);

        Assert.True(StatusCode.InvalidArgument == result.Status, $"{result.Status}: {result.Message}");
        Assert.Contains("could not be read", result.Message);
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task A_unary_call_with_a_second_message_is_invalid_argument_and_stores_nothing()
    {
        var brand = await fixture.NewBrandAsync();
        var before = await brand.SnapshotAsync();
        var message = RawGrpc.Frame(new CreateCustomerRequest { EmailAddress = "twice@example.com" }.ToByteArray());

        var result = await RawGrpc.PostAsync(
            _address, "/deployteq.customers.v1.Customers/CreateCustomer", [.. message, .. message], brand.Token, Timeout);

        Assert.True(StatusCode.InvalidArgument == result.Status, $"{result.Status}: {result.Message}");
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task An_admin_call_with_unreadable_bytes_is_invalid_argument()
    {
        var result = await RawGrpc.PostAsync(
            _address, "/deployteq.customers.v1.Admin/CreatePortal", Frame("invalid UTF-8 in a string", 0x0A, CreatePortalRequest.Parser), ServiceFactory<CustomersService>.AdminKey, Timeout);

        Assert.True(StatusCode.InvalidArgument == result.Status, $"{result.Status}: {result.Message}");
    }

    // Fixed bytes, checked to be no message at all, so the case stays what its name says.
    private static byte[] RandomUnparsable(MessageParser parser)
    {
        var random = new Random(6);
        while (true)
        {
            var bytes = new byte[64];
            random.NextBytes(bytes);
            try
            {
                parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException)
            {
                return bytes;
            }
        }
    }
}
