using Deployteq.DataModel;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(grpc => grpc.AddDataModelJsonTranscoding());
builder.AddDataModelServices();

var app = builder.Build();

app.MapDataModelServices();
app.MapDefaultEndpoints();

app.Run();
