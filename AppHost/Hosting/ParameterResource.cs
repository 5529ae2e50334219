namespace Deployteq.AppHost.Hosting;

// A value given to resources, as Aspire's AddParameter: a secret one goes into a Kubernetes Secret
// when published and is never shown by the dashboard.
public sealed class ParameterResource(string name, string value, bool secret) : EnvironmentValue
{
    public string Name => name;

    public string Value => value;

    public bool Secret => secret;

    public override string Resolve() => value;
}
