using Google.Protobuf;

namespace Deployteq.ServiceDefaults.Paging;

// How many items of a page fit one response. Every gRPC client refuses a message over 4 MiB by
// default (RESOURCE_EXHAUSTED, which no retry cures), and a page of large items (a thousand
// customers with a hundred long custom fields each) would pass that by far. So a page ends early
// once its items reach MaxBytes, and its next_page_token continues after the last one sent.
public static class ResponseBudget
{
    // Well under 4 MiB, leaving room for the rest of the response and its framing.
    public const int MaxBytes = 3 * 1024 * 1024;

    // The number of leading items whose encoded size stays within maxBytes; at least one, so a
    // list always moves on (no single item of ours comes near the budget).
    public static int CountThatFit<T>(IReadOnlyList<T> items, int maxBytes = MaxBytes) where T : IMessage
    {
        long total = 0;
        for (var index = 0; index < items.Count; index++)
        {
            var size = items[index].CalculateSize();
            // The field's tag and length prefix around each item.
            total += size + 1 + CodedOutputStream.ComputeLengthSize(size);
            if (total > maxBytes && index > 0)
            {
                return index;
            }
        }

        return items.Count;
    }

    // A page's items as far as they fit, and where the list goes on: after the last item kept
    // when the page was cut (positionAfter(count), count items kept), else the page's own next.
    public static (IReadOnlyList<T> Items, long? Next) Cut<T>(IReadOnlyList<T> items, long? next, Func<int, long> positionAfter)
        where T : IMessage
    {
        var count = CountThatFit(items);
        return count < items.Count ? (items.Take(count).ToList(), positionAfter(count)) : (items, next);
    }
}
