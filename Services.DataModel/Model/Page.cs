namespace Deployteq.DataModel.Model;

// One page of a list and the position after its last item (null on the last page).
public sealed record Page<T>(IReadOnlyList<T> Items, long? Next);
