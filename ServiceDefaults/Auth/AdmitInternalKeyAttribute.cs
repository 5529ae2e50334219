namespace Deployteq.ServiceDefaults.Auth;

// On a gRPC method that already requires a brand token (RequireScope or RequireAnyToken): the
// internal key is admitted as well, for a service of this solution that acts for no caller (a
// change feed followed from start). The method then has no caller identity
// (context.IsInternalCall()) and must take the brand from its request. Only on a method, so that
// the key opens exactly the methods named, never a whole service; on a method that names no
// brand-token requirement it admits nothing (closed by default).
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class AdmitInternalKeyAttribute : Attribute;
