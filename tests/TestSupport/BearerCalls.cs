using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Deployteq.TestSupport;

public static class BearerCalls
{
    // Every call through the returned invoker carries `authorization: Bearer <token>`.
    public static CallInvoker WithBearer(this ChannelBase channel, string token) =>
        channel.Intercept(metadata =>
        {
            metadata.Add("authorization", "Bearer " + token);
            return metadata;
        });
}
