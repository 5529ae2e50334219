using Deployteq.PegaConnector.V1;

namespace Deployteq.PegaConnector.Model;

// A finished activity on its way to Redis: delivered, or dead with its dead letter.
public sealed record Completion(string Uuid, DeadLetter? DeadLetter)
{
    public bool IsDead => DeadLetter is not null;
}
