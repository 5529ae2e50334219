namespace Deployteq.Customers.Model;

public enum ImportOutcome
{
    Created,
    Updated,
    EmailAddressTaken,
    ExternalIdTaken,
    EmailAddressRequired,
    TooManyFields,
}
