using Deployteq.Customers.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCustomersServices();

var app = builder.Build();

app.MapCustomersServices();
app.MapDefaultEndpoints();

app.Run();
