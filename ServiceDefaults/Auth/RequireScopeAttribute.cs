namespace Deployteq.ServiceDefaults.Auth;

// On a gRPC service class or method: callers need a live token of a brand, with this scope.
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RequireScopeAttribute(string scope) : Attribute
{
    public string Scope { get; } = scope;
}
