using Deployteq.PegaConnector;
using Deployteq.PegaConnector.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPegaConnectorServices();

var app = builder.Build();

app.MapGrpcService<InstallationsService>();
app.MapDefaultEndpoints();

app.Run();
