using Deployteq.DataModel.V1;

namespace Deployteq.DataModel.Model;

// The web-shop starting points of the Deployteq guide: order totals and product fields.
public static class ModuleTemplates
{
    public static (string Name, string KeyField, IReadOnlyList<FieldSpec> Fields)? For(ModuleTemplate template) => template switch
    {
        ModuleTemplate.Orders => ("orders", "order_number",
        [
            new("order_number", FieldType.String, true),
            new("order_date", FieldType.DateTime, true),
            new("total", FieldType.Decimal, true),
            new("currency", FieldType.String, true),
            new("status", FieldType.String, false),
        ]),
        ModuleTemplate.Products => ("products", "sku",
        [
            new("sku", FieldType.String, true),
            new("name", FieldType.String, true),
            new("price", FieldType.Decimal, true),
            new("currency", FieldType.String, true),
            new("description", FieldType.String, false),
            new("category", FieldType.String, false),
            new("in_stock", FieldType.Boolean, false),
        ]),
        _ => null,
    };
}
