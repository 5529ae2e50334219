using Deployteq.Benchmarks.Customers;
using Deployteq.Benchmarks.DataModel;
using Deployteq.Benchmarks.Events;
using Deployteq.Benchmarks.Pega;
using Deployteq.Benchmarks.Rest;

// dotnet run -c Release --project tests/Benchmarks -- <customers|events|datamodel|pega|rest> [options]
return args.FirstOrDefault() switch
{
    null or "customers" => await CustomersBenchmark.RunAsync(args),
    "events" => await EmitSubscribeBenchmark.RunAsync(args),
    "datamodel" => await DataModelBenchmark.RunAsync(args),
    "pega" => await PegaBenchmark.RunAsync(args),
    "rest" => await RestLookupBenchmark.RunAsync(args),
    var other => Usage(other),
};

static int Usage(string name)
{
    Console.Error.WriteLine($"Unknown benchmark '{name}'. Use: customers [--rows N] [--seconds N] [--rounds N] [--connections N] | events | datamodel [--records N] [--seconds N] [--callers N] | pega [--activities N] [--inflight N] [--seconds N] | rest [--rows N] [--seconds N] [--rounds N]");
    return 2;
}
