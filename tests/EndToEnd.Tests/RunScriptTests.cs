using System.Diagnostics;
using System.Reflection;

namespace Deployteq.EndToEnd.Tests;

// ./run.sh as a developer types it, with a stand-in `dotnet` first on PATH that records how it
// was called: Release unless CONFIGURATION says otherwise.
public sealed class RunScriptTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(null, "Release")]
    [InlineData("Debug", "Debug")]
    public async Task Run_sh_runs_the_apphost_in_release_unless_asked_otherwise(string? configuration, string expected)
    {
        var bin = Directory.CreateTempSubdirectory("deployteq-run-sh-").FullName;
        try
        {
            var recorded = Path.Combine(bin, "arguments");
            var fake = Path.Combine(bin, "dotnet");
            await File.WriteAllTextAsync(fake, $"#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > '{recorded}'\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "run.sh"));
            start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
            start.Environment.Remove("CONFIGURATION");
            if (configuration is not null)
            {
                start.Environment["CONFIGURATION"] = configuration;
            }

            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(Patience);
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(0, process.ExitCode);
            var arguments = await File.ReadAllLinesAsync(recorded);
            Assert.Equal(["run", "-c", expected, "--project", "AppHost"], arguments);
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    // AppHost/bin/<configuration>/<framework>/AppHost.dll is four levels below the repository.
    private static string RepositoryRoot()
    {
        var appHost = typeof(RunScriptTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "AppHostAssembly").Value!;
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(appHost)!, "..", "..", "..", ".."));
        return File.Exists(Path.Combine(root, "run.sh")) ? root : throw new InvalidOperationException($"No run.sh in {root}.");
    }
}
