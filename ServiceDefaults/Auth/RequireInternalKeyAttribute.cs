namespace Deployteq.ServiceDefaults.Auth;

// On a gRPC service class or method: callers need the internal key (Internal:Key), which only the
// services of this solution have.
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RequireInternalKeyAttribute : Attribute;
