namespace Deployteq.ServiceDefaults.Auth;

// On a gRPC service class or method: callers need the administrator key (Admin:Key).
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RequireAdminKeyAttribute : Attribute;
