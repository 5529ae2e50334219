using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Deployteq.Customers.Grpc;
using Deployteq.TestSupport;

namespace Deployteq.DataModel.Tests;

// Every curl example a newcomer meets in README.md ("Calling the API" and its API sections) and in
// Services.Events/README.md ("Examples") runs, in order, with real curl against the services, as
// pasted: only the addresses and the administrator key of the first lines are this run's. A call
// that answers anything but 2xx fails the test. Blocks marked "needs grpcurl" are left out.
public sealed partial class ReadmeExamplesTests(ReadmeFixture fixture) : IClassFixture<ReadmeFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Every_curl_example_of_the_readmes_runs_against_the_services()
    {
        var root = RepositoryRoot();
        var blocks = BashBlocks(Section(File.ReadAllText(Path.Combine(root, "README.md")), "## Calling the API"))
            .Concat(BashBlocks(Section(File.ReadAllText(Path.Combine(root, "Services.Events", "README.md")), "## Examples")))
            .ToList();
        var addresses = new Dictionary<string, string>
        {
            ["CUSTOMERS"] = fixture.CustomersHttpUrl,
            ["EVENTS"] = fixture.EventsHttpUrl,
            ["DM"] = fixture.DataModel.HttpUrl,
            ["ADMIN"] = ServiceFactory<CustomersService>.AdminKey,
        };
        var script = new StringBuilder("""
            set -eu -o pipefail
            command -v curl > /dev/null || { echo "curl is not installed (apt-get install curl)" >&2; exit 3; }
            trap 'echo "README example failed (exit $?): $BASH_COMMAND" >&2' ERR
            curl() { command curl --fail-with-body --show-error --max-time 60 "$@"; echo; }

            """);
        var substituted = new HashSet<string>();
        foreach (var line in blocks.SelectMany(block => block.Split('\n')))
        {
            var assignment = Assignment().Match(line);
            if (assignment.Success && addresses.TryGetValue(assignment.Groups[1].Value, out var value))
            {
                script.AppendLine($"{assignment.Groups[1].Value}='{value}'");
                substituted.Add(assignment.Groups[1].Value);
            }
            else
            {
                script.AppendLine(line);
            }
        }

        var (exitCode, output, directory) = await RunBashAsync(script.ToString());

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}");
        Assert.Equal(addresses.Keys.Order(), substituted.Order());
        Assert.True(blocks.Sum(block => CurlCall().Matches(block).Count) >= 40, "fewer curl examples than expected: was a block left out?");
        Assert.Contains("\"emailAddress\":\"jane@example.com\"", output);
        var opensAndClicks = File.ReadAllLines(Path.Combine(directory, "activities.jsonl")).Where(line => line.Length > 0).ToList();
        Assert.Equal(2, opensAndClicks.Count);
        Assert.Contains("\"metric\":\"opens\"", opensAndClicks[0]);
        Assert.Contains("\"metric\":\"clicks\"", opensAndClicks[1]);
        Assert.Contains(File.ReadAllLines(Path.Combine(directory, "activities-last-day.jsonl")), line => line.Contains("0b7c6a52-5f7e-4a40-9d0e-3c1f0c2b9a11"));
    }

    // From a heading to the next heading of the same level.
    private static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{heading}' section");
        var next = markdown.IndexOf("\n" + heading[..(heading.IndexOf(' ') + 1)], start + heading.Length, StringComparison.Ordinal);
        return next < 0 ? markdown[start..] : markdown[start..next];
    }

    private static IEnumerable<string> BashBlocks(string markdown) =>
        BashBlock().Matches(markdown).Select(match => match.Groups[1].Value).Where(block => !block.Contains("grpcurl"));

    private static async Task<(int ExitCode, string Output, string Directory)> RunBashAsync(string script)
    {
        var directory = Directory.CreateTempSubdirectory("deployteq-readme-").FullName;
        var file = Path.Combine(directory, "examples.sh");
        await File.WriteAllTextAsync(file, script);
        using var bash = Process.Start(new ProcessStartInfo("bash", [file])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var timeout = new CancellationTokenSource(Patience);
        var stdout = bash.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = bash.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await bash.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            bash.Kill(entireProcessTree: true);
            throw new TimeoutException($"the README examples did not finish within {Patience}");
        }

        return (bash.ExitCode, await stdout + await stderr, directory);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Deployteq.Aspire.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (Deployteq.Aspire.sln) was not found.");
    }

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    // NAME=value   # comment: an address or key the reader fills in.
    [GeneratedRegex(@"^([A-Z]+)=\S*(\s+#.*)?$")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"\bcurl\s")]
    private static partial Regex CurlCall();
}
