namespace Deployteq.EndToEnd.Tests;

// One AppHost at a time: they would share the machine's two cores, and one test uses the fixed ports.
[CollectionDefinition("AppHost", DisableParallelization = true)]
public sealed class AppHostCollection;
