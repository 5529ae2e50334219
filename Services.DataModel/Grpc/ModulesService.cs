using Deployteq.DataModel.CustomerFeed;
using Deployteq.DataModel.Model;
using Deployteq.DataModel.Storage;
using Deployteq.DataModel.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Deployteq.ServiceDefaults.Paging;
using Grpc.Core;

namespace Deployteq.DataModel.Grpc;

[RequireScope(Scopes.DataModel)]
public sealed class ModulesService(IModuleStore store, CustomerFeedSupervisor feeds) : V1.Modules.ModulesBase
{
    // A definition change that raced another is read and checked again this often.
    private const int ChangeAttempts = 3;

    public override async Task<Module> CreateModule(CreateModuleRequest request, ServerCallContext context)
    {
        var module = request.Module ?? new Module();
        var validator = new RequestValidator()
            .Name(module.Name, "module.name")
            .Fields(module.Fields, "module.fields")
            .Name(module.KeyField, "module.key_field");
        var key = module.Fields.FirstOrDefault(field => field.Name == module.KeyField);
        if (validator.IsValid)
        {
            validator
                .Check(key is not null, "module.key_field", "must name one of the module's fields")
                .Check(key is null || ModuleRules.CanBeKey(key.Type), "module.key_field", "must name a string or integer field");
        }

        validator.ThrowIfInvalid();
        // The key field is always required: a record without a key cannot be stored.
        var fields = module.Fields.Select(field => field.ToSpec() with { Required = field.Required || field.Name == module.KeyField }).ToList();
        return await CreateAsync(context.GetCaller().BrandId, module.Name, module.KeyField, fields);
    }

    public override async Task<Module> CreateModuleFromTemplate(CreateModuleFromTemplateRequest request, ServerCallContext context)
    {
        var template = ModuleTemplates.For(request.Template);
        var validator = new RequestValidator().Check(template is not null, "template", "must be MODULE_TEMPLATE_ORDERS or MODULE_TEMPLATE_PRODUCTS");
        if (request.Name.Length > 0)
        {
            validator.Name(request.Name, "name");
        }

        validator.ThrowIfInvalid();
        var (name, keyField, fields) = template!.Value;
        return await CreateAsync(context.GetCaller().BrandId, request.Name.Length > 0 ? request.Name : name, keyField, fields);
    }

    public override async Task<Module> GetModule(GetModuleRequest request, ServerCallContext context)
    {
        new RequestValidator().Name(request.Module, "module").ThrowIfInvalid();
        return (await GetAsync(context.GetCaller().BrandId, request.Module)).ToProto();
    }

    public override async Task<ListModulesResponse> ListModules(ListModulesRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .PageSize(request.PageSize, PageToken.MaxPageSize)
            .NamePageToken(request.PageToken, out var after)
            .ThrowIfInvalid();
        var (items, next) = await store.ListAsync(context.GetCaller().BrandId, after, PageToken.Size(request.PageSize));
        return new ListModulesResponse
        {
            Modules = { items.Select(module => module.ToProto()) },
            NextPageToken = NamePageToken.Encode(next),
        };
    }

    public override async Task<Module> AddModuleFields(AddModuleFieldsRequest request, ServerCallContext context)
    {
        new RequestValidator().Name(request.Module, "module").Fields(request.Fields, "fields").ThrowIfInvalid();
        return await ChangeAsync(context.GetCaller().BrandId, request.Module, module =>
        {
            new RequestValidator().Fields(request.Fields, "fields", module.Fields.Count).ThrowIfInvalid();
            if (request.Fields.FirstOrDefault(field => module.Field(field.Name) is not null) is { } taken)
            {
                throw Problems.AlreadyExists($"Module '{module.Name}' already has a field '{taken.Name}'.");
            }

            var checks = request.Fields.Where(field => field.Required)
                .Select(field => new ModuleChangeCheck(ModuleChangeCheckKind.NoRecords, field.Name)).ToList();
            return ([.. module.Fields, .. request.Fields.Select(field => field.ToSpec())], checks);
        });
    }

    public override async Task<Module> UpdateModuleField(UpdateModuleFieldRequest request, ServerCallContext context)
    {
        var field = request.Field ?? new FieldDefinition();
        new RequestValidator().Name(request.Module, "module").Field(field, "field").ThrowIfInvalid();
        return await ChangeAsync(context.GetCaller().BrandId, request.Module, module =>
        {
            var current = Existing(module, field.Name);
            if (current.Type == field.Type && current.Required == field.Required)
            {
                return null;
            }

            var checks = new List<ModuleChangeCheck>();
            if (current.Type != field.Type)
            {
                checks.Add(new ModuleChangeCheck(ModuleChangeCheckKind.FieldUnused, field.Name));
            }

            if (field.Required && !current.Required)
            {
                checks.Add(new ModuleChangeCheck(ModuleChangeCheckKind.FieldComplete, field.Name));
            }

            return (module.Fields.Select(f => f.Name == field.Name ? field.ToSpec() : f).ToList(), checks);
        });
    }

    public override async Task<Module> RemoveModuleField(RemoveModuleFieldRequest request, ServerCallContext context)
    {
        new RequestValidator().Name(request.Module, "module").Name(request.Field, "field").ThrowIfInvalid();
        return await ChangeAsync(context.GetCaller().BrandId, request.Module, module =>
        {
            Existing(module, request.Field);
            return (module.Fields.Where(f => f.Name != request.Field).ToList(),
                [new ModuleChangeCheck(ModuleChangeCheckKind.FieldUnused, request.Field)]);
        });
    }

    private async Task<Module> CreateAsync(long brandId, string name, string keyField, IReadOnlyList<FieldSpec> fields)
    {
        if (!await store.CreateAsync(brandId, name, keyField, fields))
        {
            throw Problems.AlreadyExists($"The brand already has a module '{name}'.");
        }

        // The brand holds data here from now on: its customers' deletes must reach its records
        // whoever calls next (or nobody).
        feeds.Follow(brandId);

        return (await GetAsync(brandId, name)).ToProto();
    }

    private async Task<ModuleDefinition> GetAsync(long brandId, string name) =>
        await store.GetAsync(brandId, name) ?? throw Problems.NotFound($"No module '{name}' in this brand.");

    // Reads the module, lets `plan` say the new field list and what stored records must allow
    // (null: nothing to change), and writes it if the module did not change in between.
    private async Task<Module> ChangeAsync(
        long brandId, string name, Func<ModuleDefinition, (IReadOnlyList<FieldSpec> Fields, IReadOnlyList<ModuleChangeCheck> Checks)?> plan)
    {
        for (var attempt = 0; attempt < ChangeAttempts; attempt++)
        {
            var module = await GetAsync(brandId, name);
            if (plan(module) is not { } change)
            {
                return module.ToProto();
            }

            var result = await store.ChangeAsync(brandId, module, change.Fields, change.Checks);
            if (result.Applied)
            {
                return (await GetAsync(brandId, name)).ToProto();
            }

            if (result.NotFound)
            {
                throw Problems.NotFound($"No module '{name}' in this brand.");
            }

            if (result.Failed is { } failed)
            {
                throw Problems.FailedPrecondition(Explain(name, failed, result.Used, result.Records));
            }
        }

        throw Problems.FailedPrecondition($"Module '{name}' kept changing while this change was made; send it again.");
    }

    private static FieldSpec Existing(ModuleDefinition module, string field)
    {
        var current = module.Field(field) ?? throw Problems.NotFound($"Module '{module.Name}' has no field '{field}'.");
        if (field == module.KeyField)
        {
            throw Problems.FailedPrecondition($"'{field}' is the key field of module '{module.Name}': every record's key is its value, so it cannot be changed or removed.");
        }

        return current;
    }

    private static string Explain(string module, ModuleChangeCheck failed, long used, long records) => failed.Kind switch
    {
        ModuleChangeCheckKind.FieldUnused =>
            $"Field '{failed.Field}' of module '{module}' holds a value in {used} of {records} records; removing or retyping it would make them invalid. Remove the values first.",
        ModuleChangeCheckKind.FieldComplete =>
            $"Field '{failed.Field}' of module '{module}' is missing from {records - used} of {records} records; making it required would make them invalid. Give them a value first.",
        _ =>
            $"Module '{module}' has {records} records, which would lack the new required field '{failed.Field}'. Add it as optional, fill it in, then make it required.",
    };
}
