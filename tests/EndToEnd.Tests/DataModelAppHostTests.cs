using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using Grpc.Net.Client;

namespace Deployteq.EndToEnd.Tests;

public sealed partial class DataModelAppHostTests
{
    private const string AdminKey = "end-to-end-admin-key";

    [Fact]
    public async Task AppHost_starts_datamodel_prints_its_rest_address_and_serves_records_over_json_checked_against_customers()
    {
        await using var host = AppHostProcess.Start(new Dictionary<string, string?> { ["DEPLOYTEQ_ADMIN_KEY"] = AdminKey });
        await host.WaitForLineAsync("all resources are healthy", TimeSpan.FromMinutes(2));
        var rest = RestAddress().Match(host.Output);
        Assert.True(rest.Success, "no 'datamodel REST/JSON' line in:\n" + host.Output);
        Assert.Equal(host.Endpoint("datamodel", "http"), rest.Groups[1].Value);

        using var channel = GrpcChannel.ForAddress(host.Endpoint("customers", "grpc"));
        var brand = await new Admin.AdminClient(channel.WithBearer(AdminKey)).CreateAsync("e2e", "e2e brand", "e2e user");
        var customer = await new Customers.V1.Customers.CustomersClient(channel.WithBearer(brand.Token))
            .CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = "e2e-datamodel@example.com" });
        using var http = new HttpClient { BaseAddress = new Uri(rest.Groups[1].Value), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", brand.Token);

        using var module = await http.PostAsync("/v1/modules:fromTemplate", Json("""{"template":"MODULE_TEMPLATE_ORDERS"}"""));
        using var upsert = await http.PostAsync("/v1/modules/orders/records", Json(
            "{\"customerId\":\"" + customer.Id + "\",\"values\":{\"order_number\":{\"stringValue\":\"E2E-1\"}," +
            "\"order_date\":{\"dateTimeValue\":\"2024-05-01T10:00:00Z\"},\"total\":{\"decimalValue\":\"19.90\"},\"currency\":{\"stringValue\":\"EUR\"}}}"));
        using var unknown = await http.PostAsync("/v1/modules/orders/records", Json(
            "{\"customerId\":\"" + (customer.Id + 1000) + "\",\"values\":{\"order_number\":{\"stringValue\":\"E2E-2\"}," +
            "\"order_date\":{\"dateTimeValue\":\"2024-05-01T10:00:00Z\"},\"total\":{\"decimalValue\":\"1.00\"},\"currency\":{\"stringValue\":\"EUR\"}}}"));
        var read = await http.GetStringAsync($"/v1/customers/{customer.Id}/records/orders");

        Assert.Equal(HttpStatusCode.OK, module.StatusCode);
        Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var record = JsonDocument.Parse(read).RootElement.GetProperty("records")[0];
        Assert.Equal("19.90", record.GetProperty("values").GetProperty("total").GetProperty("decimalValue").GetString());

        var datamodelPid = host.ProcessIdOf("datamodel");
        host.Interrupt();
        await host.Exited.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(AppHostProcess.IsRunning(datamodelPid), "Services.DataModel is still running");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [GeneratedRegex(@"datamodel REST/JSON: (http://[0-9.:]+)/v1/modules")]
    private static partial Regex RestAddress();
}
