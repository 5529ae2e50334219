using Deployteq.Benchmarks.Customers;

// dotnet run -c Release --project tests/Benchmarks -- <customers> [options]
return args.FirstOrDefault() switch
{
    null or "customers" => await CustomersBenchmark.RunAsync(args),
    var other => Usage(other),
};

static int Usage(string name)
{
    Console.Error.WriteLine($"Unknown benchmark '{name}'. Use: customers [--rows N] [--seconds N]");
    return 2;
}
