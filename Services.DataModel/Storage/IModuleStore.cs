using Deployteq.DataModel.Model;

namespace Deployteq.DataModel.Storage;

public interface IModuleStore
{
    // False when a module of that name exists; throws FAILED_PRECONDITION at the module limit.
    // The brand joins the brands with modules first (BrandsWithModulesAsync).
    Task<bool> CreateAsync(long brandId, string name, string keyField, IReadOnlyList<FieldSpec> fields);

    Task<ModuleDefinition?> GetAsync(long brandId, string name);

    // Modules by name after `afterName` ("" for the first page).
    Task<(IReadOnlyList<ModuleDefinition> Items, string? Next)> ListAsync(long brandId, string afterName, int pageSize);

    Task<ModuleChangeResult> ChangeAsync(
        long brandId, ModuleDefinition current, IReadOnlyList<FieldSpec> fields, IReadOnlyList<ModuleChangeCheck> checks);

    // Every brand that has modules (and any whose module creation failed after it was listed).
    Task<IReadOnlyList<long>> BrandsWithModulesAsync();
}
