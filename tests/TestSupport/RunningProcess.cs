namespace Deployteq.TestSupport;

// One line of the process table: a process that was running (not a zombie) when it was read.
public sealed record RunningProcess(int Id, int ParentId, char State);
