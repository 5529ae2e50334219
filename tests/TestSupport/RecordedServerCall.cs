namespace Deployteq.TestSupport;

// One unary call as ServerCallRecorder saw it arrive.
public sealed record RecordedServerCall(string Method, DateTime Deadline, string? Authorization);
