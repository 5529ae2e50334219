namespace Deployteq.ServiceDefaults.Paging;

// One page of a list and the position after its last item (null on the last page).
// Positions, when given, holds each item's own position (what Next would be had the page ended
// with it), so that a caller may end the page early (ResponseBudget) and still go on from there.
public sealed record Page<T>(IReadOnlyList<T> Items, long? Next, IReadOnlyList<long>? Positions = null);
