namespace Deployteq.PegaConnector.Delivery;

// An in-flight mark this process held belongs to another process now.
public sealed class MarkLostException() : Exception("The in-flight mark was taken over by another connector process.");
