namespace Deployteq.AppHost.Hosting;

public sealed class PortInUseException(string message) : Exception(message);
