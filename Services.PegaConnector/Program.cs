using Deployteq.PegaConnector.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPegaConnectorServices();

var app = builder.Build();

app.MapPegaConnectorServices();
app.MapDefaultEndpoints();

app.Run();
