namespace Deployteq.PegaConnector.Delivery;

// This process, as the owner of leases and in-flight marks.
public sealed class ConnectorInstance
{
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
}
