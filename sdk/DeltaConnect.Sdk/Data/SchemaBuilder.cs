using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Sdk.Data;

/// <summary>
/// Builds a <see cref="Schema"/>:
/// <code>
/// var schema = SchemaBuilder.Struct().Name("inventory.customers.Value")
///     .Field("id", Schema.Int32)
///     .Field("email", Schema.OptionalString)
///     .Build();
/// </code>
/// Each setting may be given once; <see cref="Build"/> checks the default value against the schema.
/// </summary>
public sealed class SchemaBuilder
{
    private readonly SchemaType _type;
    private readonly List<Field> _fields = [];
    private readonly Dictionary<string, string> _parameters = new(StringComparer.Ordinal);
    private bool _optional;
    private object? _defaultValue;
    private string? _name;
    private int? _version;
    private string? _doc;
    private Schema? _keySchema;
    private Schema? _valueSchema;

    private SchemaBuilder(SchemaType type) => _type = type;

    /// <summary>A builder for a 8-bit integer schema.</summary>
    public static SchemaBuilder Int8() => new(SchemaType.Int8);

    /// <summary>A builder for a 16-bit integer schema.</summary>
    public static SchemaBuilder Int16() => new(SchemaType.Int16);

    /// <summary>A builder for a 32-bit integer schema.</summary>
    public static SchemaBuilder Int32() => new(SchemaType.Int32);

    /// <summary>A builder for a 64-bit integer schema.</summary>
    public static SchemaBuilder Int64() => new(SchemaType.Int64);

    /// <summary>A builder for a 32-bit float schema.</summary>
    public static SchemaBuilder Float32() => new(SchemaType.Float32);

    /// <summary>A builder for a 64-bit float schema.</summary>
    public static SchemaBuilder Float64() => new(SchemaType.Float64);

    /// <summary>A builder for a boolean schema.</summary>
    public static SchemaBuilder Bool() => new(SchemaType.Boolean);

    /// <summary>A builder for a string schema.</summary>
    public static SchemaBuilder String() => new(SchemaType.String);

    /// <summary>A builder for a bytes schema.</summary>
    public static SchemaBuilder Bytes() => new(SchemaType.Bytes);

    /// <summary>A builder for a struct schema; add fields with <see cref="Field(string, Schema)"/>.</summary>
    public static SchemaBuilder Struct() => new(SchemaType.Struct);

    /// <summary>A builder for an array of values of <paramref name="valueSchema"/>.</summary>
    public static SchemaBuilder Array(Schema valueSchema)
    {
        ArgumentNullException.ThrowIfNull(valueSchema);
        return new SchemaBuilder(SchemaType.Array) { _valueSchema = valueSchema };
    }

    /// <summary>A builder for a map from <paramref name="keySchema"/> to <paramref name="valueSchema"/>.</summary>
    public static SchemaBuilder Map(Schema keySchema, Schema valueSchema)
    {
        ArgumentNullException.ThrowIfNull(keySchema);
        ArgumentNullException.ThrowIfNull(valueSchema);
        return new SchemaBuilder(SchemaType.Map) { _keySchema = keySchema, _valueSchema = valueSchema };
    }

    /// <summary>A builder for <paramref name="type"/> (not for arrays and maps, which need element schemas).</summary>
    public static SchemaBuilder Type(SchemaType type) => type is SchemaType.Array or SchemaType.Map
        ? throw new DataException($"Use SchemaBuilder.{type}(...) to build a {type} schema: it needs element schemas.")
        : new SchemaBuilder(type);

    /// <summary>Starts from an existing schema (to derive a variant of it).</summary>
    public static SchemaBuilder From(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var builder = new SchemaBuilder(schema.Type)
        {
            _optional = schema.IsOptional,
            _defaultValue = schema.DefaultValue,
            _name = schema.Name,
            _version = schema.Version,
            _doc = schema.Doc,
            _keySchema = schema.KeySchema,
            _valueSchema = schema.ValueSchema,
        };
        foreach (var (key, value) in schema.Parameters)
        {
            builder._parameters[key] = value;
        }

        if (schema.Type == SchemaType.Struct)
        {
            builder._fields.AddRange(schema.Fields);
        }

        return builder;
    }

    /// <summary>Allows null values.</summary>
    public SchemaBuilder Optional()
    {
        _optional = true;
        return this;
    }

    /// <summary>Disallows null values (the default).</summary>
    public SchemaBuilder Required()
    {
        _optional = false;
        return this;
    }

    /// <summary>Sets the default value (checked against the schema by <see cref="Build"/>).</summary>
    public SchemaBuilder DefaultValue(object? value)
    {
        _defaultValue = value;
        return this;
    }

    /// <summary>Sets the name.</summary>
    public SchemaBuilder Name(string? name)
    {
        _name = name;
        return this;
    }

    /// <summary>Sets the version.</summary>
    public SchemaBuilder Version(int? version)
    {
        _version = version;
        return this;
    }

    /// <summary>Sets the documentation.</summary>
    public SchemaBuilder Doc(string? doc)
    {
        _doc = doc;
        return this;
    }

    /// <summary>Sets one parameter.</summary>
    public SchemaBuilder Parameter(string key, string value)
    {
        _parameters[key] = value;
        return this;
    }

    /// <summary>Sets several parameters.</summary>
    public SchemaBuilder Parameters(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var (key, value) in parameters)
        {
            _parameters[key] = value;
        }

        return this;
    }

    /// <summary>Adds a field to a struct schema.</summary>
    /// <exception cref="DataException">When this is not a struct, or the field name is taken.</exception>
    public SchemaBuilder Field(string name, Schema schema)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(schema);
        if (_type != SchemaType.Struct)
        {
            throw new DataException($"Cannot add field '{name}' to a {_type} schema; only structs have fields.");
        }

        if (_fields.Exists(f => f.Name == name))
        {
            throw new DataException($"Cannot add field '{name}' twice to struct schema {_name ?? "(unnamed)"}.");
        }

        _fields.Add(new Field(name, _fields.Count, schema));
        return this;
    }

    /// <summary>Adds a field to a struct schema.</summary>
    public SchemaBuilder Field(string name, SchemaBuilder schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Field(name, schema.Build());
    }

    /// <summary>Builds the immutable schema.</summary>
    /// <exception cref="DataException">When the default value does not fit the schema.</exception>
    public Schema Build()
    {
        var schema = new Schema(_type, _optional, null, _name, _version, _doc, new Dictionary<string, string>(_parameters), [.. _fields], _keySchema, _valueSchema);
        if (_defaultValue is null)
        {
            return schema;
        }

        global::DeltaConnect.Sdk.Data.Schema.ValidateValue(schema, _defaultValue, "default value");
        return new Schema(_type, _optional, _defaultValue, _name, _version, _doc, new Dictionary<string, string>(_parameters), [.. _fields], _keySchema, _valueSchema);
    }
}
