using Deployteq.DataModel.V1;
using Deployteq.TestSupport;
using Grpc.Core;
using static Deployteq.DataModel.Tests.Fields;

namespace Deployteq.DataModel.Tests;

// Module changes that would make stored records invalid are FAILED_PRECONDITION saying why; the
// same changes go through once no stored record stands in the way.
[Collection(DataModelCollection.Name)]
public sealed class SchemaEvolutionTests(DataModelFixture fixture)
{
    [Fact]
    public async Task Removing_a_field_that_records_hold_is_refused_with_the_count_and_allowed_once_no_record_holds_it()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        await brand.UpsertOrderAsync(customer, "A-1", status: "paid");
        await brand.UpsertOrderAsync(customer, "A-2", status: "open");
        await brand.UpsertOrderAsync(customer, "A-3");

        var refused = await GrpcStatusAssert.ThrowsAsync(StatusCode.FailedPrecondition, () =>
            brand.Modules.RemoveModuleFieldAsync(new RemoveModuleFieldRequest { Module = "orders", Field = "status" }).ResponseAsync);
        Assert.Contains("2 of 3 records", refused.Status.Detail);

        // A replace without the value, and a delete: no record holds it any more.
        await brand.UpsertOrderAsync(customer, "A-1");
        await brand.Records.DeleteRecordAsync(new DeleteRecordRequest { Module = "orders", Key = "A-2" });
        var changed = await brand.Modules.RemoveModuleFieldAsync(new RemoveModuleFieldRequest { Module = "orders", Field = "status" });

        Assert.DoesNotContain(changed.Fields, f => f.Name == "status");
        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.UpsertOrderAsync(customer, "A-4", status: "paid"), "record.values.status");
    }

    [Fact]
    public async Task Retyping_a_field_in_use_is_refused_and_an_unused_one_takes_values_of_its_new_type_only()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        await brand.UpsertOrderAsync(customer, "A-1", status: "paid");

        await GrpcStatusAssert.ThrowsAsync(StatusCode.FailedPrecondition, () =>
            brand.Modules.UpdateModuleFieldAsync(new UpdateModuleFieldRequest { Module = "orders", Field = Integer("status") }).ResponseAsync);
        await brand.UpsertOrderAsync(customer, "A-1");
        await brand.Modules.UpdateModuleFieldAsync(new UpdateModuleFieldRequest { Module = "orders", Field = Integer("status") });

        var withInteger = TestBrand.Order(customer, "A-2");
        withInteger.Values["status"] = I(3);
        var stored = await brand.Records.UpsertRecordAsync(new UpsertRecordRequest { Module = "orders", Record = withInteger });
        Assert.Equal(3, stored.Values["status"].IntegerValue);
        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.UpsertOrderAsync(customer, "A-3", status: "paid"), "record.values.status");
    }

    [Fact]
    public async Task Making_a_field_required_while_records_lack_it_is_refused_until_every_record_has_it()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        await brand.UpsertOrderAsync(customer, "A-1", status: "paid");
        await brand.UpsertOrderAsync(customer, "A-2");

        var refused = await GrpcStatusAssert.ThrowsAsync(StatusCode.FailedPrecondition, () =>
            brand.Modules.UpdateModuleFieldAsync(new UpdateModuleFieldRequest { Module = "orders", Field = Text("status", required: true) }).ResponseAsync);
        Assert.Contains("missing from 1 of 2 records", refused.Status.Detail);

        await brand.UpsertOrderAsync(customer, "A-2", status: "open");
        var module = await brand.Modules.UpdateModuleFieldAsync(new UpdateModuleFieldRequest { Module = "orders", Field = Text("status", required: true) });

        Assert.True(module.Fields.Single(f => f.Name == "status").Required);
        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.UpsertOrderAsync(customer, "A-3"), "record.values.status");
    }

    [Fact]
    public async Task Adding_a_required_field_is_refused_while_the_module_has_records_and_allowed_when_it_has_none()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        await brand.Modules.CreateModuleFromTemplateAsync(new CreateModuleFromTemplateRequest { Template = ModuleTemplate.Orders, Name = "empty_orders" });
        await brand.UpsertOrderAsync(customer, "A-1");

        var refused = await GrpcStatusAssert.ThrowsAsync(StatusCode.FailedPrecondition, () =>
            brand.Modules.AddModuleFieldsAsync(new AddModuleFieldsRequest { Module = "orders", Fields = { Text("channel", required: true) } }).ResponseAsync);
        var added = await brand.Modules.AddModuleFieldsAsync(new AddModuleFieldsRequest { Module = "empty_orders", Fields = { Text("channel", required: true) } });
        var optional = await brand.Modules.AddModuleFieldsAsync(new AddModuleFieldsRequest { Module = "orders", Fields = { Text("channel") } });

        Assert.Contains("1 records", refused.Status.Detail);
        Assert.True(added.Fields.Single(f => f.Name == "channel").Required);
        Assert.False(optional.Fields.Single(f => f.Name == "channel").Required);
    }

    [Fact]
    public async Task The_key_field_can_be_neither_changed_nor_removed()
    {
        var brand = await fixture.NewBrandAsync();
        await brand.CreateOrdersAsync();

        await GrpcStatusAssert.ThrowsAsync(StatusCode.FailedPrecondition, () =>
            brand.Modules.RemoveModuleFieldAsync(new RemoveModuleFieldRequest { Module = "orders", Field = "order_number" }).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.FailedPrecondition, () =>
            brand.Modules.UpdateModuleFieldAsync(new UpdateModuleFieldRequest { Module = "orders", Field = Integer("order_number", required: true) }).ResponseAsync);
    }

    [Fact]
    public async Task A_field_removal_racing_writes_of_that_field_never_leaves_a_stored_value_of_a_removed_field()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        var removed = false;

        var writes = Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            try
            {
                await brand.UpsertOrderAsync(customer, $"R-{i}", status: "paid");
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.InvalidArgument)
            {
                // Validated after the removal: refused, as it should be.
            }
        }));
        var removal = Task.Run(async () =>
        {
            while (!writes.IsCompleted && !removed)
            {
                try
                {
                    await brand.Modules.RemoveModuleFieldAsync(new RemoveModuleFieldRequest { Module = "orders", Field = "status" });
                    removed = true;
                }
                catch (RpcException exception) when (exception.StatusCode == StatusCode.FailedPrecondition)
                {
                    // In use: overwrite the ones written so far without it, then try again.
                    for (var i = 0; i < 100; i++)
                    {
                        try
                        {
                            await brand.UpsertOrderAsync(customer, $"R-{i}");
                        }
                        catch (RpcException)
                        {
                        }
                    }
                }
            }
        });
        await Task.WhenAll(writes, removal);
        if (!removed)
        {
            for (var i = 0; i < 100; i++)
            {
                await brand.UpsertOrderAsync(customer, $"R-{i}");
            }

            await brand.Modules.RemoveModuleFieldAsync(new RemoveModuleFieldRequest { Module = "orders", Field = "status" });
        }

        var module = await brand.Modules.GetModuleAsync(new GetModuleRequest { Module = "orders" });
        var holding = 0;
        foreach (var key in await brand.KeysAsync("r:orders:*"))
        {
            if (await fixture.Redis.Database.HashExistsAsync(key, "f:status"))
            {
                holding++;
            }
        }

        Assert.DoesNotContain(module.Fields, f => f.Name == "status");
        Assert.Equal(0, holding);
    }
}
