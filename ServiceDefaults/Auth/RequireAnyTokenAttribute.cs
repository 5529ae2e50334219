namespace Deployteq.ServiceDefaults.Auth;

// On a gRPC service class or method: any live brand token will do, whatever its scopes.
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RequireAnyTokenAttribute : Attribute;
