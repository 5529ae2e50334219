namespace Deployteq.AppHost.Tests;

// Aspire starts a project as `dotnet run --no-build`, whose child is the service itself.
public static class ProcessTree
{
    public static int? ChildOf(int processId)
    {
        try
        {
            var children = File.ReadAllText($"/proc/{processId}/task/{processId}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return children.Length > 0 ? int.Parse(children[0]) : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Gone between the look and the read.
            return null;
        }
    }

    public static bool IsAlive(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            return !stat[(stat.LastIndexOf(')') + 1)..].TrimStart().StartsWith('Z');
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static void KillHard(int processId)
    {
        using var process = System.Diagnostics.Process.GetProcessById(processId);
        process.Kill();
    }
}
