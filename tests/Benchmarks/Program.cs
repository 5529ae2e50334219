using Deployteq.Benchmarks.Customers;
using Deployteq.Benchmarks.Events;
using Deployteq.Benchmarks.Pega;

// dotnet run -c Release --project tests/Benchmarks -- <customers|events|pega> [options]
return args.FirstOrDefault() switch
{
    null or "customers" => await CustomersBenchmark.RunAsync(args),
    "events" => await EmitSubscribeBenchmark.RunAsync(args),
    "pega" => await PegaBenchmark.RunAsync(args),
    var other => Usage(other),
};

static int Usage(string name)
{
    Console.Error.WriteLine($"Unknown benchmark '{name}'. Use: customers [--rows N] [--seconds N] | events | pega [--activities N] [--inflight N] [--seconds N]");
    return 2;
}
