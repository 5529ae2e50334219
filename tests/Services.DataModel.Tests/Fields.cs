using Deployteq.DataModel.V1;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.DataModel.Tests;

// Short builders for definitions and values.
public static class Fields
{
    public static FieldDefinition Text(string name, bool required = false) => new() { Name = name, Type = FieldType.String, Required = required };

    public static FieldDefinition Integer(string name, bool required = false) => new() { Name = name, Type = FieldType.Integer, Required = required };

    public static FieldDefinition Decimal(string name, bool required = false) => new() { Name = name, Type = FieldType.Decimal, Required = required };

    public static FieldDefinition Boolean(string name, bool required = false) => new() { Name = name, Type = FieldType.Boolean, Required = required };

    public static FieldDefinition DateTime(string name, bool required = false) => new() { Name = name, Type = FieldType.DateTime, Required = required };

    public static Value S(string value) => new() { StringValue = value };

    public static Value I(long value) => new() { IntegerValue = value };

    public static Value D(string value) => new() { DecimalValue = value };

    public static Value B(bool value) => new() { BooleanValue = value };

    public static Value T(long seconds, int nanos = 0) => new() { DateTimeValue = new Timestamp { Seconds = seconds, Nanos = nanos } };

    public static Module Module(string name, string keyField, params FieldDefinition[] fields) =>
        new() { Name = name, KeyField = keyField, Fields = { fields } };

    public static Record Row(long customerId, params (string Name, Value Value)[] values)
    {
        var record = new Record { CustomerId = customerId };
        foreach (var (name, value) in values)
        {
            record.Values[name] = value;
        }

        return record;
    }
}
