using Microsoft.AspNetCore.DataProtection;

namespace Deployteq.PegaConnector.Security;

// Encrypts the Pega password and the installation's Events token at rest (ASP.NET Core Data
// Protection; the key ring lives in Redis so every connector process can read what another wrote).
public sealed class CredentialProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Deployteq.PegaConnector.Credentials.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
