using Deployteq.DataModel.CustomerFeed;
using Deployteq.DataModel.Customers;
using Deployteq.DataModel.Grpc;
using Deployteq.DataModel.Records;
using Deployteq.DataModel.Storage;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Calls;
using Deployteq.ServiceDefaults.Hosting;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;

namespace Deployteq.DataModel.Extensions;

public static class DataModelServiceExtensions
{
    public static IHostApplicationBuilder AddDataModelServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient("redis");
        builder.Services.AddOptions<DataModelOptions>()
            .BindConfiguration(DataModelOptions.SectionName)
            .Validate(
                options => options.FeedSilenceLimit > TimeSpan.Zero && options.FeedRetryDelay > TimeSpan.Zero
                    && options.BrandScanInterval > TimeSpan.Zero && options.CheckpointInterval >= TimeSpan.Zero,
                "DataModel: FeedSilenceLimit, FeedRetryDelay and BrandScanInterval must be positive.")
            .ValidateOnStart();

        // Callers' tokens are checked by Customers.
        builder.AddRemoteTokenAuthentication();
        var customers = new Uri(RemoteTokenAuthenticationExtensions.CustomersAddress);

        // The caller's client (the caller's token and deadline go along) and the change feed's
        // own: both named, as two registrations of one client type would share its typed
        // registration.
        builder.Services.AddCustomersClientForCaller<CustomersClient>(CustomerExistence.ClientName);

        // The change feed's own client: a stream that lasts, so no resilience handler and no
        // overall timeout.
        builder.Services.AddGrpcClient<CustomersClient>(GrpcCustomerChangeSource.ClientName, options => options.Address = customers)
            .AsLongLivedStreamClient();

        builder.Services.AddSingleton<IModuleStore, RedisModuleStore>();
        builder.Services.AddSingleton<IRecordStore, RedisRecordStore>();
        builder.Services.AddSingleton<CustomerCache>();
        builder.Services.AddTransient<ICustomerExistence, CustomerExistence>();
        builder.Services.AddTransient<RecordWriter>();
        builder.Services.AddTransient<RecordReader>();
        builder.Services.AddSingleton<ICustomerChangeSource, GrpcCustomerChangeSource>();
        builder.Services.AddSingleton<CustomerFeedFollower>();
        builder.Services.AddSingleton<CustomerFeedSupervisor>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CustomerFeedSupervisor>());
        return builder;
    }

    public static WebApplication MapDataModelServices(this WebApplication app)
    {
        app.MapGrpcService<ModulesService>();
        app.MapGrpcService<RecordsService>();
        return app;
    }
}
