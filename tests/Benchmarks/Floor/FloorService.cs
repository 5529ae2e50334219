using Google.Protobuf;
using Grpc.Core;
using StackExchange.Redis;

namespace Deployteq.Benchmarks.Floor;

public sealed class FloorService(IConnectionMultiplexer redis) : Floor.FloorBase
{
    private static readonly NothingResponse Empty = new();

    public override Task<NothingResponse> Nothing(NothingRequest request, ServerCallContext context) => Task.FromResult(Empty);

    public override async Task<OneGetResponse> OneGet(OneGetRequest request, ServerCallContext context)
    {
        var value = await redis.GetDatabase().StringGetAsync(request.Key);
        return new OneGetResponse { Value = value.IsNull ? ByteString.Empty : ByteString.CopyFrom((byte[])value!) };
    }
}
