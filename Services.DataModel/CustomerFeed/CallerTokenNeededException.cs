namespace Deployteq.DataModel.CustomerFeed;

// A reconciliation is due (no checkpoint while records exist, or a checkpoint that retention has
// trimmed) and no caller's token can do it: none was offered, or Refused (the one tried) no longer
// works. The brand's feed waits for its next caller.
public sealed class CallerTokenNeededException(string message, string? refused) : Exception(message)
{
    public string? Refused { get; } = refused;
}
