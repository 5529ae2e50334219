namespace Deployteq.PegaConnector.Model;

// Every limit of pegaconnector.proto, written there at each field and checked by
// Grpc/InstallationValidator before anything is stored.
public static class Limits
{
    public const int MaxUrlLength = 2048;
    public const int MaxUsernameLength = 200;
    public const int MaxPasswordLength = 500;
    public const int MaxPoNumberLength = 64;
    public const int MaxOptionDefaults = 50;
    public const int MaxOptionNameLength = 100;
    public const int MaxOptionValueLength = 1000;
    public const int MaxPageSize = 100;
    public const int MaxUuidLength = 64;
    public const int MaxFilterActivities = 8;
}
