using Deployteq.DataModel.Model;

namespace Deployteq.DataModel.Storage;

// Failed is set when stored records refused the change: which check, on which field, with the
// number of records holding the field and the module's record count.
public sealed record ModuleChangeResult(bool Applied, bool NotFound, bool VersionChanged, ModuleChangeCheck? Failed, long Used, long Records);
