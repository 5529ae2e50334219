namespace Deployteq.DataModel.Model;

// What must hold of the stored records for a module change to go through; checked in the same
// script that writes the new definition, against the usage counts the record scripts keep.
public enum ModuleChangeCheckKind
{
    // No record holds a value for the field (removing or retyping it).
    FieldUnused,
    // Every record holds a value for the field (making it required).
    FieldComplete,
    // The module has no records (adding a required field).
    NoRecords,
}

public sealed record ModuleChangeCheck(ModuleChangeCheckKind Kind, string Field);
