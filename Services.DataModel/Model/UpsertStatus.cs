namespace Deployteq.DataModel.Model;

public enum UpsertStatus
{
    Created,
    Updated,
    // The key belongs to a record of another customer.
    KeyTaken,
    // The customer was deleted (the change feed said so) after the existence check.
    CustomerDeleted,
    // The module changed after the row was validated: validate again.
    ModuleChanged,
}
