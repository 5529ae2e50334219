using Deployteq.Customers.Extensions;
using Deployteq.ServiceDefaults.Rest;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(grpc => grpc.AddRestApi("Deployteq Customers", "Portals, brands, API users and tokens (administrator key); customers, lookups, groups, history and mailability of the token's brand."));
builder.AddCustomersServices();

var app = builder.Build();

app.MapCustomersServices();
app.MapDefaultEndpoints();

app.Run();
