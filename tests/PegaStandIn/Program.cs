using System.Runtime.InteropServices;
using Deployteq.PegaStandIn;

// dotnet run --project tests/PegaStandIn -- [--port N] [--endpoint name:username:password]...
// (or PEGA_STANDIN_PORT and PEGA_STANDIN_ENDPOINT, as the AppHost sets them)
// Serves until Ctrl+C or SIGTERM.
var port = 0;
var endpoints = new List<string[]>();
for (var index = 0; index + 1 < args.Length; index += 2)
{
    switch (args[index])
    {
        case "--port":
            port = int.Parse(args[index + 1]);
            break;
        case "--endpoint":
            endpoints.Add(args[index + 1].Split(':', 3));
            break;
    }
}

if (port == 0 && int.TryParse(Environment.GetEnvironmentVariable("PEGA_STANDIN_PORT"), out var configured))
{
    port = configured;
}

// PEGA_STANDIN_ENDPOINT=name:username:password: an endpoint whose password stays off the command line.
if (Environment.GetEnvironmentVariable("PEGA_STANDIN_ENDPOINT") is { Length: > 0 } fromEnvironment)
{
    endpoints.Add(fromEnvironment.Split(':', 3));
}

await using var server = await StandInServer.StartAsync(port, logToConsole: true, configure: StandInTelemetry.Configure);
foreach (var endpoint in endpoints.Where(parts => parts.Length == 3))
{
    var added = server.AddEndpoint(endpoint[1], endpoint[2], endpoint[0]);
    Console.WriteLine($"endpoint {added.Name}: {server.UrlOf(added)}");
}

Console.WriteLine($"Pega stand-in listening on {server.BaseUrl} (POST /pega/<endpoint>, /control/endpoints)");
using var stop = new CancellationTokenSource();
// SIGINT and SIGTERM (how the AppHost stops it) end the wait; ProcessExit would be too late:
// the runtime is exiting already and waits for this very Main, so it hung until killed.
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
