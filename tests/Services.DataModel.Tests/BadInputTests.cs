using System.Net;
using Deployteq.DataModel.V1;
using Deployteq.TestSupport;
using Grpc.Core;
using static Deployteq.DataModel.Tests.Fields;

namespace Deployteq.DataModel.Tests;

// Bad input gets the status DESIGN.md names, with the field, and leaves nothing behind: over
// gRPC and over REST.
[Collection(DataModelCollection.Name)]
public sealed class BadInputTests(DataModelFixture fixture)
{
    private static readonly string Huge = new('x', 100_000);

    public static TheoryData<string> Cases => new(GrpcCases.Keys);

    private static readonly Dictionary<string, (StatusCode Status, string Field, Func<TestBrand, long, Task> Call)> GrpcCases = new()
    {
        ["module name with capitals"] = (StatusCode.InvalidArgument, "module.name", (b, _) =>
            b.Modules.CreateModuleAsync(new CreateModuleRequest { Module = Module("Orders", "k", Text("k")) }).ResponseAsync),
        ["module name of 64 characters"] = (StatusCode.InvalidArgument, "module.name", (b, _) =>
            b.Modules.CreateModuleAsync(new CreateModuleRequest { Module = Module(new string('m', 64), "k", Text("k")) }).ResponseAsync),
        ["huge module name"] = (StatusCode.InvalidArgument, "module.name", (b, _) =>
            b.Modules.CreateModuleAsync(new CreateModuleRequest { Module = Module(Huge, "k", Text("k")) }).ResponseAsync),
        ["module without fields"] = (StatusCode.InvalidArgument, "module.fields", (b, _) =>
            b.Modules.CreateModuleAsync(new CreateModuleRequest { Module = Module("m", "k") }).ResponseAsync),
        ["module with 101 fields"] = (StatusCode.InvalidArgument, "module.fields", (b, _) =>
            b.Modules.CreateModuleAsync(new CreateModuleRequest { Module = new Module { Name = "m", KeyField = "f0", Fields = { Enumerable.Range(0, 101).Select(i => Text($"f{i}")) } } }).ResponseAsync),
        ["field without a type"] = (StatusCode.InvalidArgument, "module.fields[1].type", (b, _) =>
            b.Modules.CreateModuleAsync(new CreateModuleRequest { Module = Module("m", "k", Text("k"), new FieldDefinition { Name = "x" }) }).ResponseAsync),
        ["field of an unknown type"] = (StatusCode.InvalidArgument, "module.fields[1].type", (b, _) =>
            b.Modules.CreateModuleAsync(new CreateModuleRequest { Module = Module("m", "k", Text("k"), new FieldDefinition { Name = "x", Type = (FieldType)99 }) }).ResponseAsync),
        ["repeated field name"] = (StatusCode.InvalidArgument, "module.fields[1].name", (b, _) =>
            b.Modules.CreateModuleAsync(new CreateModuleRequest { Module = Module("m", "k", Text("k"), Integer("k")) }).ResponseAsync),
        ["key field not among the fields"] = (StatusCode.InvalidArgument, "module.key_field", (b, _) =>
            b.Modules.CreateModuleAsync(new CreateModuleRequest { Module = Module("m", "id", Text("k")) }).ResponseAsync),
        ["decimal key field"] = (StatusCode.InvalidArgument, "module.key_field", (b, _) =>
            b.Modules.CreateModuleAsync(new CreateModuleRequest { Module = Module("m", "k", Decimal("k")) }).ResponseAsync),
        ["unknown template"] = (StatusCode.InvalidArgument, "template", (b, _) =>
            b.Modules.CreateModuleFromTemplateAsync(new CreateModuleFromTemplateRequest()).ResponseAsync),
        ["template with a bad name"] = (StatusCode.InvalidArgument, "name", (b, _) =>
            b.Modules.CreateModuleFromTemplateAsync(new CreateModuleFromTemplateRequest { Template = ModuleTemplate.Orders, Name = "my orders" }).ResponseAsync),
        ["added field with a bad name"] = (StatusCode.InvalidArgument, "fields[0].name", (b, _) =>
            b.Modules.AddModuleFieldsAsync(new AddModuleFieldsRequest { Module = "orders", Fields = { Text("9lives") } }).ResponseAsync),
        ["no fields to add"] = (StatusCode.InvalidArgument, "fields", (b, _) =>
            b.Modules.AddModuleFieldsAsync(new AddModuleFieldsRequest { Module = "orders" }).ResponseAsync),
        ["update of an unknown field"] = (StatusCode.NotFound, "", (b, _) =>
            b.Modules.UpdateModuleFieldAsync(new UpdateModuleFieldRequest { Module = "orders", Field = Text("nope") }).ResponseAsync),
        ["removal of an unknown field"] = (StatusCode.NotFound, "", (b, _) =>
            b.Modules.RemoveModuleFieldAsync(new RemoveModuleFieldRequest { Module = "orders", Field = "nope" }).ResponseAsync),
        ["record without customer"] = (StatusCode.InvalidArgument, "record.customer_id", (b, c) => Upsert(b, TestBrand.Order(0, "A-1"))),
        ["record with a negative customer"] = (StatusCode.InvalidArgument, "record.customer_id", (b, c) => Upsert(b, TestBrand.Order(-5, "A-1"))),
        ["record of an unknown customer"] = (StatusCode.NotFound, "record.customer_id", (b, c) => Upsert(b, TestBrand.Order(c + 100_000, "A-1"))),
        ["record with an unknown field"] = (StatusCode.InvalidArgument, "record.values.colour", (b, c) => Upsert(b, With(TestBrand.Order(c, "A-1"), "colour", S("red")))),
        ["record with a huge field name"] = (StatusCode.InvalidArgument, "record.values", (b, c) => Upsert(b, With(TestBrand.Order(c, "A-1"), Huge, S("red")))),
        ["record without a required field"] = (StatusCode.InvalidArgument, "record.values.total", (b, c) => Upsert(b, Without(TestBrand.Order(c, "A-1"), "total"))),
        ["record without its key"] = (StatusCode.InvalidArgument, "record.values.order_number", (b, c) => Upsert(b, Without(TestBrand.Order(c, "A-1"), "order_number"))),
        ["key with a slash"] = (StatusCode.InvalidArgument, "record.values.order_number", (b, c) => Upsert(b, TestBrand.Order(c, "A/1"))),
        ["key with a space"] = (StatusCode.InvalidArgument, "record.values.order_number", (b, c) => Upsert(b, TestBrand.Order(c, "A 1"))),
        ["key of 129 characters"] = (StatusCode.InvalidArgument, "record.values.order_number", (b, c) => Upsert(b, TestBrand.Order(c, new string('k', 129)))),
        ["key other than the key field"] = (StatusCode.InvalidArgument, "record.key", (b, c) => Upsert(b, WithKey(TestBrand.Order(c, "A-1"), "A-2"))),
        ["a value of the wrong type"] = (StatusCode.InvalidArgument, "record.values.total", (b, c) => Upsert(b, With(TestBrand.Order(c, "A-1"), "total", S("19.99")))),
        ["a value with no kind"] = (StatusCode.InvalidArgument, "record.values.status", (b, c) => Upsert(b, With(TestBrand.Order(c, "A-1"), "status", new Value()))),
        ["a string of 1,001 characters"] = (StatusCode.InvalidArgument, "record.values.status", (b, c) => Upsert(b, With(TestBrand.Order(c, "A-1"), "status", S(new string('s', 1001))))),
        ["a huge string"] = (StatusCode.InvalidArgument, "record.values.status", (b, c) => Upsert(b, With(TestBrand.Order(c, "A-1"), "status", S(Huge)))),
        ["a decimal with 9 decimals"] = (StatusCode.InvalidArgument, "record.values.total", (b, c) => Upsert(b, TestBrand.Order(c, "A-1", "1.123456789"))),
        ["an empty batch"] = (StatusCode.InvalidArgument, "records", (b, _) =>
            b.Records.BatchUpsertRecordsAsync(new BatchUpsertRecordsRequest { Module = "orders" }).ResponseAsync),
        ["a batch of 1,001"] = (StatusCode.InvalidArgument, "records", (b, c) =>
            b.Records.BatchUpsertRecordsAsync(new BatchUpsertRecordsRequest { Module = "orders", Records = { Enumerable.Range(0, 1001).Select(i => TestBrand.Order(c, $"B-{i}")) } }).ResponseAsync),
        ["get with an empty key"] = (StatusCode.InvalidArgument, "key", (b, _) =>
            b.Records.GetRecordAsync(new GetRecordRequest { Module = "orders" }).ResponseAsync),
        ["get from a bad module name"] = (StatusCode.InvalidArgument, "module", (b, _) =>
            b.Records.GetRecordAsync(new GetRecordRequest { Module = "../x", Key = "A-1" }).ResponseAsync),
        ["list of customer 0"] = (StatusCode.InvalidArgument, "customer_id", (b, _) =>
            b.Records.ListCustomerRecordsAsync(new ListCustomerRecordsRequest { Module = "orders" }).ResponseAsync),
        ["page size 1,001"] = (StatusCode.InvalidArgument, "page_size", (b, _) =>
            b.Records.ListRecordsAsync(new ListRecordsRequest { Module = "orders", PageSize = 1001 }).ResponseAsync),
        ["negative page size"] = (StatusCode.InvalidArgument, "page_size", (b, _) =>
            b.Modules.ListModulesAsync(new ListModulesRequest { PageSize = -1 }).ResponseAsync),
        ["forged page token"] = (StatusCode.InvalidArgument, "page_token", (b, _) =>
            b.Records.ListRecordsAsync(new ListRecordsRequest { Module = "orders", PageToken = "djE6LTE" }).ResponseAsync),
        ["garbage module page token"] = (StatusCode.InvalidArgument, "page_token", (b, _) =>
            b.Modules.ListModulesAsync(new ListModulesRequest { PageToken = "!!" }).ResponseAsync),
        ["changed since year 10000"] = (StatusCode.InvalidArgument, "changed_since", (b, _) =>
            b.Records.ListRecordsAsync(new ListRecordsRequest { Module = "orders", ChangedSince = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 253_402_300_800 } }).ResponseAsync),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_grpc_input_gets_its_status_and_field_and_stores_nothing(string name)
    {
        var (status, field, call) = GrpcCases[name];
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        await brand.UpsertOrderAsync(customer, "EXISTING");
        var before = await brand.SnapshotAsync();

        var refused = status == StatusCode.InvalidArgument || field.Length > 0
            ? await AssertFieldAsync(status, field, () => call(brand, customer))
            : await GrpcStatusAssert.ThrowsAsync(status, () => call(brand, customer));

        Assert.True(refused.Status.Detail.Length < 2_000, $"{refused.Status.Detail.Length} characters of status message");
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    public static TheoryData<string, string, string, HttpStatusCode> RestCases => new()
    {
        { "POST", "/v1/modules", """{"name":"Bad Name","keyField":"k","fields":[{"name":"k","type":"FIELD_TYPE_STRING"}]}""", HttpStatusCode.BadRequest },
        { "POST", "/v1/modules", """{"name":"m","keyField":"k","fields":[{"name":"k","type":"FIELD_TYPE_NOPE"}]}""", HttpStatusCode.BadRequest },
        { "POST", "/v1/modules:fromTemplate", """{"template":"MODULE_TEMPLATE_ORDERS"}""", HttpStatusCode.Conflict },
        { "POST", "/v1/modules/orders/records", """{"customerId":"0","values":{}}""", HttpStatusCode.BadRequest },
        { "POST", "/v1/modules/orders/records", """{"customerId":"abc"}""", HttpStatusCode.BadRequest },
        { "POST", "/v1/modules/orders/records", """{"customerId":"1","values":{"total":{"decimalValue":"1,5"}}}""", HttpStatusCode.BadRequest },
        { "POST", "/v1/modules/orders/records", """{"customerId":"1","values":{"total":{"decimalValue":"1.5","stringValue":"x"}}}""", HttpStatusCode.BadRequest },
        { "POST", "/v1/modules/orders/records", "[]", HttpStatusCode.BadRequest },
        { "POST", "/v1/modules/orders/records", "", HttpStatusCode.BadRequest },
        { "POST", "/v1/modules/orders/records", "{\"customerId\":\"1\",\"values\":{\"status\":{\"stringValue\":\"\\ud800\"}}}", HttpStatusCode.BadRequest },
        { "POST", "/v1/modules/orders/records:batchUpsert", """{"records":[]}""", HttpStatusCode.BadRequest },
        { "POST", "/v1/modules/nope/records", """{"customerId":"1","values":{}}""", HttpStatusCode.NotFound },
        { "GET", "/v1/modules/orders/records/A%20B", "", HttpStatusCode.BadRequest },
        { "GET", "/v1/modules/orders/records?pageSize=5000", "", HttpStatusCode.BadRequest },
        { "GET", "/v1/modules/orders/records?pageSize=abc", "", HttpStatusCode.BadRequest },
        { "GET", "/v1/modules/orders/records?changedSince=yesterday", "", HttpStatusCode.BadRequest },
        { "GET", "/v1/customers/abc/records/orders", "", HttpStatusCode.BadRequest },
        { "GET", "/v1/customers/0/records/orders", "", HttpStatusCode.BadRequest },
        { "DELETE", "/v1/modules/orders/fields/order_number", "", HttpStatusCode.BadRequest },
        { "PATCH", "/v1/modules/orders/fields/nope", """{"type":"FIELD_TYPE_STRING"}""", HttpStatusCode.NotFound },
    };

    [Theory]
    [MemberData(nameof(RestCases))]
    public async Task Bad_rest_input_gets_its_http_code_with_a_json_status_and_stores_nothing(string method, string path, string body, HttpStatusCode expected)
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        await brand.UpsertOrderAsync(customer, "EXISTING");
        var before = await brand.SnapshotAsync();

        var answer = await brand.RestAsync(new HttpMethod(method), path, body.Length == 0 && method == "GET" ? null : body);

        Assert.True(answer.Status == expected, $"{answer.Status} instead of {expected}: {answer.Body}");
        Assert.True(answer.Json.TryGetProperty("code", out _), answer.Body);
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    private static async Task<RpcException> AssertFieldAsync(StatusCode status, string field, Func<Task> call)
    {
        var exception = await GrpcStatusAssert.ThrowsAsync(status, call);
        if (field.Length > 0)
        {
            var badRequest = exception.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>();
            Assert.NotNull(badRequest);
            Assert.Contains(field, badRequest!.FieldViolations.Select(v => v.Field));
        }

        return exception;
    }

    private static Task Upsert(TestBrand brand, Record record) =>
        brand.Records.UpsertRecordAsync(new UpsertRecordRequest { Module = "orders", Record = record }).ResponseAsync;

    private static Record With(Record record, string field, Value value)
    {
        record.Values[field] = value;
        return record;
    }

    private static Record Without(Record record, string field)
    {
        record.Values.Remove(field);
        return record;
    }

    private static Record WithKey(Record record, string key)
    {
        record.Key = key;
        return record;
    }
}
