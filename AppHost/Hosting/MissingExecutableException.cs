namespace Deployteq.AppHost.Hosting;

public sealed class MissingExecutableException(string message) : Exception(message);
