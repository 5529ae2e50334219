namespace Deployteq.AppHost.Hosting;

// Any program: Aspire's AddExecutable.
public sealed class ExecutableResource(string name, string command, string? workingDirectory, IReadOnlyList<string> arguments) : Resource(name)
{
    public override string Kind => "Executable";

    public override string Command => command;

    public override IReadOnlyList<string> Arguments => arguments;

    public override string? WorkingDirectory => workingDirectory;
}
