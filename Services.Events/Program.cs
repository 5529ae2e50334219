using Deployteq.Events;
using Deployteq.Events.Grpc;
using Deployteq.ServiceDefaults.Rest;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(grpc => grpc.AddRestApi("Deployteq Events", "The activity log of the token's brand: emit activities, export them as Pega JSON lines."));
builder.AddRedisClient("redis");
builder.AddEventsServices();

var app = builder.Build();

app.MapGrpcService<EventsService>();
app.MapDefaultEndpoints();

app.Run();
