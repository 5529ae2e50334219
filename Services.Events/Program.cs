using Deployteq.Events.Extensions;
using Deployteq.ServiceDefaults.Rest;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(grpc => grpc.AddRestApi("Deployteq Events", "The activity log of the token's brand: emit activities, export them as Pega JSON lines."));
builder.AddEventsServices();

var app = builder.Build();

app.MapEventsServices();
app.MapDefaultEndpoints();

app.Run();
