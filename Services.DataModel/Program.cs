using Deployteq.DataModel;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDataModelServices();

var app = builder.Build();

app.MapDataModelServices();
app.MapDefaultEndpoints();

app.Run();
