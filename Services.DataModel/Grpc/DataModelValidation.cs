using Deployteq.DataModel.Model;
using Deployteq.ServiceDefaults.Errors;

namespace Deployteq.DataModel.Grpc;

// The checks of names, keys and times that several calls share, on top of RequestValidator.
public static class DataModelValidation
{
    public static RequestValidator Name(this RequestValidator validator, string value, string field) =>
        value.Length == 0
            ? validator.Add(field, "is required")
            : validator.Check(Limits.IsName(value), field, $"must be 1 to {Limits.MaxNameLength} characters of [a-z][a-z0-9_]*, not {Limits.Quote(value)}");

    public static RequestValidator Key(this RequestValidator validator, string value, string field) =>
        value.Length == 0
            ? validator.Add(field, "is required")
            : validator.Check(Limits.IsKey(value), field, $"must be 1 to {Limits.MaxKeyLength} characters of A-Z a-z 0-9 . _ - : @ + ~, not {Limits.Quote(value)}");

    // A page token of a list ordered by name (NamePageToken): the name it holds, "" for none.
    public static RequestValidator NamePageToken(this RequestValidator validator, string token, out string after, string field = "page_token") =>
        validator.Check(Grpc.NamePageToken.TryDecode(token, out after), field, "is not a page token of this list");
}
