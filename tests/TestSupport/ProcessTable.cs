using System.Runtime.InteropServices;

namespace Deployteq.TestSupport;

// What /proc says about processes, read knowing that any of them may end at any moment: every
// query reads each file once (never a look first and a read after), a process that is gone by
// the read or is a zombie (ended, not yet reaped) counts as not running, and a signal goes
// through kill(2), which reports a process that is already gone instead of throwing.
public static class ProcessTable
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    // The process if it runs: one read of /proc/<pid>/stat, "pid (comm) state ppid ...", where
    // comm may itself hold spaces and parentheses (so the fields count from the last ')').
    public static RunningProcess? Find(int processId)
    {
        var stat = ReadOrNull($"/proc/{processId}/stat");
        var close = stat?.LastIndexOf(')') ?? -1;
        if (close < 0 || close + 2 >= stat!.Length)
        {
            return null;
        }

        var fields = stat[(close + 2)..].Split(' ');
        if (fields.Length < 2 || fields[0] is not [var state] || state is 'Z' or 'X')
        {
            return null;
        }

        return new RunningProcess(processId, int.Parse(fields[1]), state);
    }

    public static bool IsRunning(int processId) => Find(processId) is not null;

    // Every process running at the listing; one that ends while it is read is left out.
    public static IReadOnlyList<RunningProcess> All()
    {
        var running = new List<RunningProcess>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var processId) && Find(processId) is { } process)
            {
                running.Add(process);
            }
        }

        return running;
    }

    public static IReadOnlyList<int> ChildrenOf(int processId) =>
        [.. All().Where(process => process.ParentId == processId).Select(process => process.Id)];

    // The program and its arguments; empty once the process is gone.
    public static IReadOnlyList<string> CommandLine(int processId) =>
        (ReadOrNull($"/proc/{processId}/cmdline") ?? "").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    // The variables the process was started with, as the kernel keeps them; empty once it is gone.
    public static IReadOnlyDictionary<string, string> EnvironmentOf(int processId) =>
        (ReadOrNull($"/proc/{processId}/environ") ?? "").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .GroupBy(parts => parts[0])
            .ToDictionary(group => group.Key, group => group.Last().ElementAtOrDefault(1) ?? "");

    // Peak resident memory (VmHWM), in bytes; null once the process is gone.
    public static long? PeakMemoryBytes(int processId) =>
        (ReadOrNull($"/proc/{processId}/status") ?? "").Split('\n')
            .Where(line => line.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(line => (long?)long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024)
            .FirstOrDefault();

    // Whether the process ignores the signal (SigIgn in /proc/<pid>/status, a hex mask with bit
    // signal - 1): an ignored SIGINT is handed on to every child, and .NET then never handles it.
    public static bool Ignores(int processId, int signal) =>
        (ReadOrNull($"/proc/{processId}/status") ?? "").Split('\n')
            .Where(line => line.StartsWith("SigIgn:", StringComparison.Ordinal))
            .Select(line => (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) >> (signal - 1) & 1) == 1)
            .FirstOrDefault();

    // Whether the signal was delivered: false when the process is gone (ESRCH), never a throw.
    public static bool Signal(int processId, int signal) => kill(processId, signal) == 0;

    public static bool Interrupt(int processId) => Signal(processId, SigInt);

    public static bool Terminate(int processId) => Signal(processId, SigTerm);

    public static bool KillHard(int processId) => Signal(processId, SigKill);

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Gone (FileNotFound, DirectoryNotFound, or ESRCH while the kernel tears it down),
            // or not ours to read.
            return null;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
