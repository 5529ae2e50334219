using System.Globalization;
using Deployteq.DataModel.V1;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Deployteq.DataModel.Model;

// A value's stored form: a type tag and text, so that decimals and int64 keep their exact digits
// and a date-time its nanoseconds.
public static class ValueCodec
{
    public static string Encode(Value value) => value.KindCase switch
    {
        Value.KindOneofCase.StringValue => "s:" + value.StringValue,
        Value.KindOneofCase.IntegerValue => "i:" + value.IntegerValue.ToString(CultureInfo.InvariantCulture),
        Value.KindOneofCase.DecimalValue => "d:" + value.DecimalValue,
        Value.KindOneofCase.BooleanValue => value.BooleanValue ? "b:1" : "b:0",
        Value.KindOneofCase.DateTimeValue => "t:" + value.DateTimeValue.Seconds.ToString(CultureInfo.InvariantCulture)
            + "." + value.DateTimeValue.Nanos.ToString("D9", CultureInfo.InvariantCulture),
        _ => throw new ArgumentException("A value without a kind cannot be stored.", nameof(value)),
    };

    public static Value Decode(string stored)
    {
        var text = stored.Length >= 2 ? stored[2..] : "";
        return stored.Length >= 2 ? stored[0] switch
        {
            's' => new Value { StringValue = text },
            'i' => new Value { IntegerValue = long.Parse(text, CultureInfo.InvariantCulture) },
            'd' => new Value { DecimalValue = text },
            'b' => new Value { BooleanValue = text == "1" },
            't' => new Value { DateTimeValue = DecodeTimestamp(text) },
            _ => throw new FormatException("Unknown stored value tag."),
        } : throw new FormatException("Stored value too short.");
    }

    public static FieldType TypeOf(Value value) => value.KindCase switch
    {
        Value.KindOneofCase.StringValue => FieldType.String,
        Value.KindOneofCase.IntegerValue => FieldType.Integer,
        Value.KindOneofCase.DecimalValue => FieldType.Decimal,
        Value.KindOneofCase.BooleanValue => FieldType.Boolean,
        Value.KindOneofCase.DateTimeValue => FieldType.DateTime,
        _ => FieldType.Unspecified,
    };

    // The record key a key-field value gives: the string itself, or an integer's decimal digits.
    public static string KeyOf(Value value) => value.KindCase switch
    {
        Value.KindOneofCase.StringValue => value.StringValue,
        Value.KindOneofCase.IntegerValue => value.IntegerValue.ToString(CultureInfo.InvariantCulture),
        _ => "",
    };

    private static Timestamp DecodeTimestamp(string text)
    {
        var dot = text.IndexOf('.');
        return new Timestamp
        {
            Seconds = long.Parse(text[..dot], CultureInfo.InvariantCulture),
            Nanos = int.Parse(text[(dot + 1)..], CultureInfo.InvariantCulture),
        };
    }
}
