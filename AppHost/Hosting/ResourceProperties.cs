using System.Collections.Immutable;

namespace Aspire.Hosting.ApplicationModel;

// Sets properties of a snapshot by name, keeping the others (Aspire's own helper is internal).
public static class ResourceProperties
{
    public static ImmutableArray<ResourcePropertySnapshot> With(this ImmutableArray<ResourcePropertySnapshot> properties, params ResourcePropertySnapshot[] values)
    {
        var names = values.Select(value => value.Name).ToHashSet(StringComparer.Ordinal);
        return [.. properties.Where(property => !names.Contains(property.Name)), .. values];
    }
}
