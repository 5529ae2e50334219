using System.Text.Json;
using Deployteq.Customers.Model;

namespace Deployteq.Customers.Storage;

// A customer as the scripts store it in the brand's records hash (cjson, so that Lua reads and
// writes it whole): `{"id":"42","email":..,"ekey":..,"ext":..,"created":"<ms>","updated":"<ms>",
// "hard":0,"soft":0,"complaints":0,"unsub":0,"f":{"city":"Delft"}}`. Ids and times are text, as
// cjson prints large numbers in exponent form.
public static class CustomerJson
{
    // The e-mail index's entry for an address: lookups ignore letter case.
    public static string IndexKey(string emailAddress) => emailAddress.ToLowerInvariant();

    public static CustomerRecord Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        long id = 0, created = 0, updated = 0;
        int hard = 0, soft = 0, complaints = 0;
        var unsubscribed = false;
        string email = "", externalId = "";
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "id": id = Number(ref reader); break;
                case "email": email = reader.GetString() ?? ""; break;
                case "ext": externalId = reader.GetString() ?? ""; break;
                case "created": created = Number(ref reader); break;
                case "updated": updated = Number(ref reader); break;
                case "hard": hard = (int)Number(ref reader); break;
                case "soft": soft = (int)Number(ref reader); break;
                case "complaints": complaints = (int)Number(ref reader); break;
                case "unsub": unsubscribed = Number(ref reader) == 1; break;
                case "f":
                    // cjson writes an empty table as {} (an object), as here.
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var field = reader.GetString()!;
                        reader.Read();
                        fields[field] = reader.GetString() ?? "";
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new CustomerRecord(
            id, email, externalId, fields,
            new MailabilityCounts(hard, soft, complaints, unsubscribed),
            DateTimeOffset.FromUnixTimeMilliseconds(created),
            DateTimeOffset.FromUnixTimeMilliseconds(updated));
    }

    // Text or a number: cjson writes counters as numbers and ids as the text they came as.
    private static long Number(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? long.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : reader.GetInt64();
}
