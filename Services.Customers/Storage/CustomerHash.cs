using Deployteq.Customers.Model;
using StackExchange.Redis;

namespace Deployteq.Customers.Storage;

// The layout of a customer's Redis hash: fixed fields, and custom fields under "f:".
public static class CustomerHash
{
    public const string FieldPrefix = "f:";

    public static string IndexKey(string emailAddress) => emailAddress.ToLowerInvariant();

    public static CustomerRecord Read(RedisResult[] values, int start)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        long id = 0, created = 0, updated = 0;
        int hard = 0, soft = 0, complaints = 0;
        bool unsubscribed = false;
        string email = "", externalId = "";
        for (var i = start; i + 1 < values.Length; i += 2)
        {
            var name = (string)values[i]!;
            var value = (string)values[i + 1]!;
            switch (name)
            {
                case "id": id = long.Parse(value); break;
                case "email": email = value; break;
                case "ext": externalId = value; break;
                case "created": created = long.Parse(value); break;
                case "updated": updated = long.Parse(value); break;
                case "hard": hard = int.Parse(value); break;
                case "soft": soft = int.Parse(value); break;
                case "complaints": complaints = int.Parse(value); break;
                case "unsub": unsubscribed = value == "1"; break;
                default:
                    if (name.StartsWith(FieldPrefix, StringComparison.Ordinal))
                    {
                        fields[name[FieldPrefix.Length..]] = value;
                    }

                    break;
            }
        }

        return new CustomerRecord(
            id, email, externalId, fields,
            new MailabilityCounts(hard, soft, complaints, unsubscribed),
            DateTimeOffset.FromUnixTimeMilliseconds(created),
            DateTimeOffset.FromUnixTimeMilliseconds(updated));
    }

    public static CustomerRecord? Read(HashEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return null;
        }

        var flat = new RedisResult[entries.Length * 2];
        for (var i = 0; i < entries.Length; i++)
        {
            flat[2 * i] = RedisResult.Create(entries[i].Name);
            flat[2 * i + 1] = RedisResult.Create(entries[i].Value);
        }

        return Read(flat, 0);
    }
}
