using Deployteq.DataModel.Extensions;
using Deployteq.ServiceDefaults.Rest;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(grpc => grpc.AddRestApi("Deployteq DataModel", "A brand's modules (typed field lists) and their records, linked to customers."));
builder.AddDataModelServices();

var app = builder.Build();

app.MapDataModelServices();
app.MapDefaultEndpoints();

app.Run();
