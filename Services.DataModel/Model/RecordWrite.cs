namespace Deployteq.DataModel.Model;

// A record that passed validation against one version of its module, with its values in their
// stored form.
public sealed record RecordWrite(string Key, long CustomerId, IReadOnlyList<KeyValuePair<string, string>> EncodedValues);
