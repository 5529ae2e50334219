namespace Deployteq.Customers.Model;

public enum ChangeKind
{
    Created,
    Updated,
    Deleted,
}
