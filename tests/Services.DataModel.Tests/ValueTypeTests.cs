using System.Net;
using Deployteq.DataModel.V1;
using Deployteq.TestSupport;
using static Deployteq.DataModel.Tests.Fields;

namespace Deployteq.DataModel.Tests;

// Every field type, its limits and its exact round trip, over gRPC and over REST/JSON.
[Collection(DataModelCollection.Name)]
public sealed class ValueTypeTests(DataModelFixture fixture)
{
    private static Module Everything => Module("things", "id",
        Text("id"), Text("text"), Integer("number"), Decimal("amount"), Boolean("flag"), DateTime("when"));

    private async Task<(TestBrand Brand, long Customer)> BrandWithModuleAsync()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.Modules.CreateModuleAsync(new CreateModuleRequest { Module = Everything });
        return (brand, customer);
    }

    // A record of the things module as REST JSON, with id "x" and the given extra values.
    private static string ThingJson(long customer, string values, bool quotedCustomer = true) =>
        "{\"customerId\":" + (quotedCustomer ? "\"" + customer + "\"" : customer.ToString()) +
        ",\"values\":{\"id\":{\"stringValue\":\"x\"}," + values + "}}";

    private static Task<Record> UpsertAsync(TestBrand brand, long customer, string field, Value value) =>
        brand.Records.UpsertRecordAsync(new UpsertRecordRequest { Module = "things", Record = Row(customer, ("id", S("x")), (field, value)) }).ResponseAsync;

    public static TheoryData<string> ExactDecimals => new()
    {
        "19.99", "19.90", "0", "0.00000001", "-0.5", "123456789012345678.12345678", "-999999999999999999.99999999", "100",
    };

    [Theory]
    [MemberData(nameof(ExactDecimals))]
    public async Task A_decimal_keeps_its_exact_digits_and_scale_over_grpc_and_rest(string digits)
    {
        var (brand, customer) = await BrandWithModuleAsync();

        var stored = await UpsertAsync(brand, customer, "amount", D(digits));
        var read = await brand.Records.GetRecordAsync(new GetRecordRequest { Module = "things", Key = "x" });
        var rest = await brand.RestAsync(HttpMethod.Get, "/v1/modules/things/records/x");

        Assert.Equal(digits, stored.Values["amount"].DecimalValue);
        Assert.Equal(digits, read.Values["amount"].DecimalValue);
        Assert.Equal(digits, rest.Json.GetProperty("values").GetProperty("amount").GetProperty("decimalValue").GetString());
    }

    public static TheoryData<string> BadDecimals => new()
    {
        "", "1e3", "1E-2", "+1", "01.5", ".5", "5.", "1,5", " 1.5", "1.5 ", "NaN", "Infinity", "0x10", "1.123456789",
        "1234567890123456789", "--1", "1.2.3", "١٢",
    };

    [Theory]
    [MemberData(nameof(BadDecimals))]
    public async Task A_malformed_or_too_precise_decimal_is_invalid_argument_naming_the_field_and_nothing_is_stored(string digits)
    {
        var (brand, customer) = await BrandWithModuleAsync();
        var before = await brand.SnapshotAsync();

        await GrpcStatusAssert.InvalidArgumentAsync(() => UpsertAsync(brand, customer, "amount", D(digits)), "record.values.amount");

        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task A_decimal_sent_as_a_json_number_is_refused_so_no_binary_floating_point_passes()
    {
        var (brand, customer) = await BrandWithModuleAsync();
        var before = await brand.SnapshotAsync();

        var answer = await brand.RestAsync(HttpMethod.Post, "/v1/modules/things/records",
            ThingJson(customer, "\"amount\":{\"decimalValue\":19.99}"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(0L)]
    [InlineData(9_007_199_254_740_993L)]
    public async Task Integers_keep_the_whole_int64_range_and_travel_as_json_strings(long number)
    {
        var (brand, customer) = await BrandWithModuleAsync();

        await UpsertAsync(brand, customer, "number", I(number));
        var read = await brand.Records.GetRecordAsync(new GetRecordRequest { Module = "things", Key = "x" });
        var rest = await brand.RestAsync(HttpMethod.Get, "/v1/modules/things/records/x");

        Assert.Equal(number, read.Values["number"].IntegerValue);
        Assert.Equal(number.ToString(), rest.Json.GetProperty("values").GetProperty("number").GetProperty("integerValue").GetString());
    }

    [Theory]
    [InlineData("\"9223372036854775808\"")]
    [InlineData("\"-9223372036854775809\"")]
    [InlineData("\"12.5\"")]
    [InlineData("\"twelve\"")]
    public async Task An_integer_outside_int64_over_rest_is_a_400_and_nothing_is_stored(string json)
    {
        var (brand, customer) = await BrandWithModuleAsync();
        var before = await brand.SnapshotAsync();

        var answer = await brand.RestAsync(HttpMethod.Post, "/v1/modules/things/records",
            ThingJson(customer, "\"number\":{\"integerValue\":" + json + "}"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(3, answer.Json.GetProperty("code").GetInt32());
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task A_json_number_for_an_integer_is_accepted_on_input()
    {
        var (brand, customer) = await BrandWithModuleAsync();

        var answer = await brand.RestAsync(HttpMethod.Post, "/v1/modules/things/records",
            ThingJson(customer, "\"number\":{\"integerValue\":42}", quotedCustomer: false));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("42", answer.Json.GetProperty("values").GetProperty("number").GetProperty("integerValue").GetString());
    }

    [Theory]
    [InlineData("2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z")]
    [InlineData("2024-05-01T12:00:00+02:00", "2024-05-01T10:00:00Z")]
    [InlineData("2024-05-01T10:00:00.123456789Z", "2024-05-01T10:00:00.123456789Z")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z")]
    public async Task Date_times_in_rfc_3339_are_kept_to_the_nanosecond_and_normalised_to_utc(string given, string expected)
    {
        var (brand, customer) = await BrandWithModuleAsync();

        var answer = await brand.RestAsync(HttpMethod.Post, "/v1/modules/things/records",
            ThingJson(customer, "\"when\":{\"dateTimeValue\":\"" + given + "\"}"));
        var read = await brand.RestAsync(HttpMethod.Get, "/v1/modules/things/records/x");

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Body);
        Assert.Equal(expected, read.Json.GetProperty("values").GetProperty("when").GetProperty("dateTimeValue").GetString());
    }

    [Theory]
    [InlineData("2024-13-01T10:00:00Z")]
    [InlineData("2024-05-01")]
    [InlineData("2024-05-01 10:00:00")]
    [InlineData("yesterday")]
    [InlineData("10000-01-01T00:00:00Z")]
    [InlineData("1714557600")]
    public async Task A_date_time_that_is_not_rfc_3339_is_a_400_over_rest_and_nothing_is_stored(string given)
    {
        var (brand, customer) = await BrandWithModuleAsync();
        var before = await brand.SnapshotAsync();

        var answer = await brand.RestAsync(HttpMethod.Post, "/v1/modules/things/records",
            ThingJson(customer, "\"when\":{\"dateTimeValue\":\"" + given + "\"}"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Theory]
    [InlineData(253_402_300_800L, 0)]
    [InlineData(-62_135_596_801L, 0)]
    [InlineData(0L, -1)]
    [InlineData(0L, 1_000_000_000)]
    public async Task A_date_time_outside_years_1_to_9999_over_grpc_is_invalid_argument(long seconds, int nanos)
    {
        var (brand, customer) = await BrandWithModuleAsync();
        var before = await brand.SnapshotAsync();

        await GrpcStatusAssert.InvalidArgumentAsync(() => UpsertAsync(brand, customer, "when", T(seconds, nanos)), "record.values.when");

        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task Strings_hold_up_to_1000_characters_with_tabs_and_newlines_but_no_other_control_characters()
    {
        var (brand, customer) = await BrandWithModuleAsync();
        var longest = new string('é', 1000);

        var stored = await UpsertAsync(brand, customer, "text", S(longest));
        await UpsertAsync(brand, customer, "text", S("line one\nline\ttwo\r\n"));
        await GrpcStatusAssert.InvalidArgumentAsync(() => UpsertAsync(brand, customer, "text", S(longest + "e")), "record.values.text");
        await GrpcStatusAssert.InvalidArgumentAsync(() => UpsertAsync(brand, customer, "text", S("nul\0inside")), "record.values.text");
        await GrpcStatusAssert.InvalidArgumentAsync(() => UpsertAsync(brand, customer, "text", S("bell\u0007")), "record.values.text");

        Assert.Equal(longest, stored.Values["text"].StringValue);
        var read = await brand.Records.GetRecordAsync(new GetRecordRequest { Module = "things", Key = "x" });
        Assert.Equal("line one\nline\ttwo\r\n", read.Values["text"].StringValue);
    }

    [Fact]
    public async Task Booleans_round_trip_both_ways()
    {
        var (brand, customer) = await BrandWithModuleAsync();

        await UpsertAsync(brand, customer, "flag", B(false));
        var off = await brand.Records.GetRecordAsync(new GetRecordRequest { Module = "things", Key = "x" });
        await UpsertAsync(brand, customer, "flag", B(true));
        var on = await brand.RestAsync(HttpMethod.Get, "/v1/modules/things/records/x");

        Assert.Equal(Value.KindOneofCase.BooleanValue, off.Values["flag"].KindCase);
        Assert.False(off.Values["flag"].BooleanValue);
        Assert.True(on.Json.GetProperty("values").GetProperty("flag").GetProperty("booleanValue").GetBoolean());
    }

    public static TheoryData<string, Value> WrongTypes => new()
    {
        { "text", I(1) }, { "number", S("1") }, { "number", D("1") }, { "amount", S("1.5") }, { "amount", I(1) },
        { "flag", S("true") }, { "flag", I(1) }, { "when", S("2024-05-01T10:00:00Z") }, { "when", I(1_714_557_600) },
        { "text", new Value() },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task A_value_of_another_type_than_its_field_is_invalid_argument_naming_the_field(string field, Value value)
    {
        var (brand, customer) = await BrandWithModuleAsync();
        var before = await brand.SnapshotAsync();

        await GrpcStatusAssert.InvalidArgumentAsync(() => UpsertAsync(brand, customer, field, value), "record.values." + field);

        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task An_integer_key_field_gives_the_key_in_decimal_digits()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.Modules.CreateModuleAsync(new CreateModuleRequest { Module = Module("invoices", "number", Integer("number")) });

        var stored = await brand.Records.UpsertRecordAsync(new UpsertRecordRequest { Module = "invoices", Record = Row(customer, ("number", I(-42))) });
        var read = await brand.RestAsync(HttpMethod.Get, "/v1/modules/invoices/records/-42");

        Assert.Equal("-42", stored.Key);
        Assert.Equal(HttpStatusCode.OK, read.Status);
    }
}
