using Deployteq.Events;
using Deployteq.Events.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddEventsServices();

var app = builder.Build();

app.MapGrpcService<EventsService>();
app.MapDefaultEndpoints();

app.Run();
