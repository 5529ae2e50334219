namespace Deployteq.AppHost.Tests;

public sealed class LocalRunApp : TestApp;
