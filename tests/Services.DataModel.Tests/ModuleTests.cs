using Deployteq.DataModel.V1;
using Deployteq.TestSupport;
using Grpc.Core;
using static Deployteq.DataModel.Tests.Fields;

namespace Deployteq.DataModel.Tests;

[Collection(DataModelCollection.Name)]
public sealed class ModuleTests(DataModelFixture fixture)
{
    [Fact]
    public async Task A_defined_module_reads_back_with_its_typed_fields_and_a_required_key_and_is_usable_at_once()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();

        var created = await brand.Modules.CreateModuleAsync(new CreateModuleRequest
        {
            Module = Module("bookings", "booking_id",
                Integer("booking_id"), DateTime("check_in", required: true), Decimal("price"), Boolean("paid"), Text("room")),
        });
        var got = await brand.Modules.GetModuleAsync(new GetModuleRequest { Module = "bookings" });
        var record = await brand.Records.UpsertRecordAsync(new UpsertRecordRequest
        {
            Module = "bookings",
            Record = Row(customer, ("booking_id", I(7)), ("check_in", T(1_714_557_600))),
        });

        Assert.Equal(created, got);
        Assert.Equal("booking_id", got.KeyField);
        Assert.Equal(
            [("booking_id", FieldType.Integer, true), ("check_in", FieldType.DateTime, true), ("price", FieldType.Decimal, false),
             ("paid", FieldType.Boolean, false), ("room", FieldType.String, false)],
            got.Fields.Select(f => (f.Name, f.Type, f.Required)));
        Assert.Equal("7", record.Key);
    }

    [Fact]
    public async Task Templates_create_the_web_shop_orders_and_products_modules_which_then_extend_like_any_module()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();

        var orders = await brand.CreateOrdersAsync();
        var products = await brand.Modules.CreateModuleFromTemplateAsync(new CreateModuleFromTemplateRequest { Template = ModuleTemplate.Products });
        var shoes = await brand.Modules.CreateModuleFromTemplateAsync(new CreateModuleFromTemplateRequest { Template = ModuleTemplate.Products, Name = "shoes" });
        var extended = await brand.Modules.AddModuleFieldsAsync(new AddModuleFieldsRequest
        {
            Module = "shoes",
            Fields = { Text("colour"), Integer("size_eu"), Decimal("length_cm"), Text("brand") },
        });
        var shoe = await brand.Records.UpsertRecordAsync(new UpsertRecordRequest
        {
            Module = "shoes",
            Record = Row(customer, ("sku", S("SH-1")), ("name", S("Runner")), ("price", D("89.95")), ("currency", S("EUR")),
                ("colour", S("red")), ("size_eu", I(43))),
        });

        Assert.Equal(["order_number", "order_date", "total", "currency", "status"], orders.Fields.Select(f => f.Name));
        Assert.Equal("order_number", orders.KeyField);
        Assert.Equal(FieldType.Decimal, orders.Fields.Single(f => f.Name == "total").Type);
        Assert.Equal("sku", products.KeyField);
        Assert.Equal("products", products.Name);
        Assert.Equal(products.Fields, shoes.Fields);
        Assert.Equal(["colour", "size_eu", "length_cm", "brand"], extended.Fields.Skip(products.Fields.Count).Select(f => f.Name));
        Assert.Equal("SH-1", shoe.Key);
    }

    [Fact]
    public async Task A_second_module_of_the_same_name_is_already_exists_and_leaves_the_first_as_it_was()
    {
        var brand = await fixture.NewBrandAsync();
        var first = await brand.CreateOrdersAsync();

        await GrpcStatusAssert.ThrowsAsync(StatusCode.AlreadyExists, () =>
            brand.Modules.CreateModuleAsync(new CreateModuleRequest { Module = Module("orders", "x", Text("x")) }).ResponseAsync);

        Assert.Equal(first, await brand.Modules.GetModuleAsync(new GetModuleRequest { Module = "orders" }));
    }

    [Fact]
    public async Task Modules_list_by_name_in_pages()
    {
        var brand = await fixture.NewBrandAsync();
        foreach (var name in new[] { "m3", "m1", "m5", "m2", "m4" })
        {
            await brand.Modules.CreateModuleAsync(new CreateModuleRequest { Module = Module(name, "k", Text("k")) });
        }

        var names = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await brand.Modules.ListModulesAsync(new ListModulesRequest { PageSize = 2, PageToken = token });
            names.AddRange(page.Modules.Select(m => m.Name));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], names);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task The_module_limit_holds_against_what_is_stored()
    {
        var brand = await fixture.NewBrandAsync();
        for (var i = 0; i < 50; i++)
        {
            await brand.Modules.CreateModuleAsync(new CreateModuleRequest { Module = Module($"m{i}", "k", Text("k")) });
        }

        var refused = await GrpcStatusAssert.ThrowsAsync(StatusCode.FailedPrecondition, () =>
            brand.Modules.CreateModuleAsync(new CreateModuleRequest { Module = Module("one_too_many", "k", Text("k")) }).ResponseAsync);

        Assert.Contains("50", refused.Status.Detail);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            brand.Modules.GetModuleAsync(new GetModuleRequest { Module = "one_too_many" }).ResponseAsync);
    }

    [Fact]
    public async Task The_field_limit_holds_across_calls_against_the_stored_definition()
    {
        var brand = await fixture.NewBrandAsync();
        await brand.Modules.CreateModuleAsync(new CreateModuleRequest
        {
            Module = new Module { Name = "wide", KeyField = "f0", Fields = { Enumerable.Range(0, 60).Select(i => Text($"f{i}")) } },
        });
        await brand.Modules.AddModuleFieldsAsync(new AddModuleFieldsRequest { Module = "wide", Fields = { Enumerable.Range(60, 40).Select(i => Text($"f{i}")) } });

        await GrpcStatusAssert.InvalidArgumentAsync(() =>
            brand.Modules.AddModuleFieldsAsync(new AddModuleFieldsRequest { Module = "wide", Fields = { Text("f100") } }).ResponseAsync, "fields");

        Assert.Equal(100, (await brand.Modules.GetModuleAsync(new GetModuleRequest { Module = "wide" })).Fields.Count);
    }

    [Fact]
    public async Task A_field_name_the_module_already_has_is_already_exists()
    {
        var brand = await fixture.NewBrandAsync();
        await brand.CreateOrdersAsync();

        await GrpcStatusAssert.ThrowsAsync(StatusCode.AlreadyExists, () =>
            brand.Modules.AddModuleFieldsAsync(new AddModuleFieldsRequest { Module = "orders", Fields = { Integer("total") } }).ResponseAsync);
    }
}
