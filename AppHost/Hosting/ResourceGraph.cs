namespace Deployteq.AppHost.Hosting;

// The start order from the WaitFor graph: what a resource waits for comes before it, whatever the
// order of declaration. A cycle can never start, so it is an error that names it.
public static class ResourceGraph
{
    public static IReadOnlyList<Resource> StartOrder(IReadOnlyList<Resource> resources)
    {
        var order = new List<Resource>();
        var done = new HashSet<Resource>();
        var path = new List<Resource>();
        foreach (var resource in resources)
        {
            Visit(resource);
        }

        return order;

        void Visit(Resource resource)
        {
            if (done.Contains(resource))
            {
                return;
            }

            var at = path.IndexOf(resource);
            if (at >= 0)
            {
                var cycle = path.Skip(at).Append(resource).Select(r => r.Name);
                throw new InvalidOperationException($"The resources wait for each other in a cycle: {string.Join(" -> ", cycle)}. Remove one of these WaitFor calls.");
            }

            if (!resources.Contains(resource))
            {
                throw new InvalidOperationException($"{path.LastOrDefault()?.Name} waits for {resource.Name}, which is not a resource of this application.");
            }

            path.Add(resource);
            foreach (var dependency in resource.WaitsFor)
            {
                Visit(dependency);
            }

            path.RemoveAt(path.Count - 1);
            done.Add(resource);
            order.Add(resource);
        }
    }
}
