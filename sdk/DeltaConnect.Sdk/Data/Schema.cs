using System.Collections;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Sdk.Data;

/// <summary>
/// An immutable description of data: a type, whether null is allowed, an optional default, and for named and
/// logical types a name, version, documentation and parameters. Structs have fields; arrays a value schema;
/// maps key and value schemas. Build schemas with <see cref="SchemaBuilder"/> or use the predefined ones
/// (<see cref="Int32"/>, <see cref="OptionalString"/>, ...). Two schemas are equal when all of that is equal.
/// </summary>
public sealed class Schema : IEquatable<Schema>
{
    private readonly IReadOnlyList<Field> _fields;
    private readonly Dictionary<string, Field>? _fieldsByName;
    private int _holdsContainers; // 0 not computed yet, 1 no, 2 yes

    internal Schema(
        SchemaType type,
        bool isOptional,
        object? defaultValue,
        string? name,
        int? version,
        string? doc,
        IReadOnlyDictionary<string, string>? parameters,
        IReadOnlyList<Field>? fields,
        Schema? keySchema,
        Schema? valueSchema)
    {
        Type = type;
        IsOptional = isOptional;
        DefaultValue = defaultValue;
        Name = name;
        Version = version;
        Doc = doc;
        Parameters = parameters ?? new Dictionary<string, string>();
        _fields = fields ?? [];
        if (type == SchemaType.Struct)
        {
            _fieldsByName = _fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        }

        KeySchema = keySchema;
        ValueSchema = valueSchema;
    }

    /// <summary>Required 8-bit integer.</summary>
    public static Schema Int8 { get; } = Primitive(SchemaType.Int8, false);

    /// <summary>Required 16-bit integer.</summary>
    public static Schema Int16 { get; } = Primitive(SchemaType.Int16, false);

    /// <summary>Required 32-bit integer.</summary>
    public static Schema Int32 { get; } = Primitive(SchemaType.Int32, false);

    /// <summary>Required 64-bit integer.</summary>
    public static Schema Int64 { get; } = Primitive(SchemaType.Int64, false);

    /// <summary>Required 32-bit float.</summary>
    public static Schema Float32 { get; } = Primitive(SchemaType.Float32, false);

    /// <summary>Required 64-bit float.</summary>
    public static Schema Float64 { get; } = Primitive(SchemaType.Float64, false);

    /// <summary>Required boolean.</summary>
    public static Schema Boolean { get; } = Primitive(SchemaType.Boolean, false);

    /// <summary>Required string.</summary>
    public static Schema String { get; } = Primitive(SchemaType.String, false);

    /// <summary>Required bytes.</summary>
    public static Schema Bytes { get; } = Primitive(SchemaType.Bytes, false);

    /// <summary>Optional 8-bit integer.</summary>
    public static Schema OptionalInt8 { get; } = Primitive(SchemaType.Int8, true);

    /// <summary>Optional 16-bit integer.</summary>
    public static Schema OptionalInt16 { get; } = Primitive(SchemaType.Int16, true);

    /// <summary>Optional 32-bit integer.</summary>
    public static Schema OptionalInt32 { get; } = Primitive(SchemaType.Int32, true);

    /// <summary>Optional 64-bit integer.</summary>
    public static Schema OptionalInt64 { get; } = Primitive(SchemaType.Int64, true);

    /// <summary>Optional 32-bit float.</summary>
    public static Schema OptionalFloat32 { get; } = Primitive(SchemaType.Float32, true);

    /// <summary>Optional 64-bit float.</summary>
    public static Schema OptionalFloat64 { get; } = Primitive(SchemaType.Float64, true);

    /// <summary>Optional boolean.</summary>
    public static Schema OptionalBoolean { get; } = Primitive(SchemaType.Boolean, true);

    /// <summary>Optional string.</summary>
    public static Schema OptionalString { get; } = Primitive(SchemaType.String, true);

    /// <summary>Optional bytes.</summary>
    public static Schema OptionalBytes { get; } = Primitive(SchemaType.Bytes, true);

    /// <summary>The type.</summary>
    public SchemaType Type { get; }

    /// <summary>True when null is a valid value.</summary>
    public bool IsOptional { get; }

    /// <summary>The value used when none is given, or null.</summary>
    public object? DefaultValue { get; }

    /// <summary>The schema's name (for structs, records and logical types), or null.</summary>
    public string? Name { get; }

    /// <summary>The schema's version, or null.</summary>
    public int? Version { get; }

    /// <summary>Documentation, or null.</summary>
    public string? Doc { get; }

    /// <summary>Parameters (logical types keep their settings here, e.g. a decimal's scale).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>The fields of a struct schema, in order.</summary>
    /// <exception cref="DataException">When the schema is not a struct.</exception>
    public IReadOnlyList<Field> Fields => Type == SchemaType.Struct
        ? _fields
        : throw new DataException($"Cannot list fields of a schema of type {Type}; only structs have fields.");

    /// <summary>The key schema of a map schema.</summary>
    public Schema? KeySchema { get; }

    /// <summary>The value schema of a map or array schema.</summary>
    public Schema? ValueSchema { get; }

    /// <summary>A struct field by name, or null when there is none.</summary>
    /// <exception cref="DataException">When the schema is not a struct.</exception>
    public Field? Field(string name) => Type == SchemaType.Struct
        ? _fieldsByName!.GetValueOrDefault(name)
        : throw new DataException($"Cannot look up field '{name}' in a schema of type {Type}; only structs have fields.");

    /// <summary>
    /// Checks that <paramref name="value"/> fits <paramref name="schema"/> (recursively); throws a
    /// <see cref="DataException"/> that names the failing path otherwise.
    /// </summary>
    public static void ValidateValue(Schema schema, object? value, string path = "value")
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (IsValidValue(schema, value))
        {
            return;
        }

        // Invalid somewhere: the checks below find where, and name it.
        if (value is null)
        {
            if (!schema.IsOptional && schema.DefaultValue is null)
            {
                throw new DataException($"{path}: null is not allowed by the required {Describe(schema)} schema.");
            }

            return;
        }

        var logical = LogicalTypes.ExpectedClrType(schema);
        if (logical is not null)
        {
            if (!logical.IsInstanceOfType(value))
            {
                throw new DataException($"{path}: {value.GetType().Name} is not valid for logical type {schema.Name}; expected {logical.Name}.");
            }

            return;
        }

        var valid = HasClrTypeOf(schema.Type, value);
        if (!valid)
        {
            throw new DataException($"{path}: {value.GetType().Name} is not a valid value for a {Describe(schema)} schema.");
        }

        switch (schema.Type)
        {
            case SchemaType.Struct:
                var structValue = (Struct)value;
                if (!structValue.Schema.Equals(schema))
                {
                    throw new DataException($"{path}: the struct's schema ({Describe(structValue.Schema)}) is not the expected {Describe(schema)}.");
                }

                structValue.Validate();
                break;
            case SchemaType.Array:
                var index = 0;
                foreach (var element in (IList)value)
                {
                    ValidateValue(schema.ValueSchema!, element, $"{path}[{index++}]");
                }

                break;
            case SchemaType.Map:
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    ValidateValue(schema.KeySchema!, entry.Key, $"{path} key {entry.Key}");
                    ValidateValue(schema.ValueSchema!, entry.Value, $"{path}[{entry.Key}]");
                }

                break;
        }
    }

    /// <summary>Whether values of this schema can hold an array or a map, at any depth (computed once).</summary>
    internal bool HoldsContainers
    {
        get
        {
            if (_holdsContainers == 0)
            {
                var holds = Type is SchemaType.Array or SchemaType.Map || (Type == SchemaType.Struct && _fields.Any(f => f.Schema.HoldsContainers));
                _holdsContainers = holds ? 2 : 1;
            }

            return _holdsContainers == 2;
        }
    }

    /// <summary>
    /// Whether <paramref name="value"/> fits <paramref name="schema"/> (recursively) — the same rules as
    /// <see cref="ValidateValue"/>, without building any error text, for the per-record path.
    /// </summary>
    internal static bool IsValidValue(Schema schema, object? value)
    {
        if (value is null)
        {
            return schema.IsOptional || schema.DefaultValue is not null;
        }

        if (LogicalTypes.ExpectedClrType(schema) is { } logical)
        {
            return logical.IsInstanceOfType(value);
        }

        if (!HasClrTypeOf(schema.Type, value))
        {
            return false;
        }

        switch (schema.Type)
        {
            case SchemaType.Struct:
                var structValue = (Struct)value;
                return structValue.Schema.Equals(schema) && structValue.IsValid();
            case SchemaType.Array:
                foreach (var element in (IList)value)
                {
                    if (!IsValidValue(schema.ValueSchema!, element))
                    {
                        return false;
                    }
                }

                return true;
            case SchemaType.Map:
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    if (!IsValidValue(schema.KeySchema!, entry.Key) || !IsValidValue(schema.ValueSchema!, entry.Value))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    /// <summary>Whether <paramref name="value"/> is of the .NET type that values of <paramref name="type"/> have.</summary>
    private static bool HasClrTypeOf(SchemaType type, object value) => type switch
    {
        SchemaType.Int8 => value is sbyte,
        SchemaType.Int16 => value is short,
        SchemaType.Int32 => value is int,
        SchemaType.Int64 => value is long,
        SchemaType.Float32 => value is float,
        SchemaType.Float64 => value is double,
        SchemaType.Boolean => value is bool,
        SchemaType.String => value is string,
        SchemaType.Bytes => value is byte[] or ReadOnlyMemory<byte>,
        SchemaType.Array => value is IList,
        SchemaType.Map => value is IDictionary,
        SchemaType.Struct => value is Struct,
        _ => false,
    };

    /// <inheritdoc />
    public bool Equals(Schema? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null &&
            Type == other.Type &&
            IsOptional == other.IsOptional &&
            Name == other.Name &&
            Version == other.Version &&
            Doc == other.Doc &&
            ValuesEqual(DefaultValue, other.DefaultValue) &&
            Parameters.Count == other.Parameters.Count &&
            Parameters.All(p => other.Parameters.TryGetValue(p.Key, out var v) && v == p.Value) &&
            _fields.Count == other._fields.Count &&
            _fields.Zip(other._fields).All(f => f.First.Name == f.Second.Name && f.First.Index == f.Second.Index && f.First.Schema.Equals(f.Second.Schema)) &&
            Equals(KeySchema, other.KeySchema) &&
            Equals(ValueSchema, other.ValueSchema);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Schema other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, IsOptional, Name, Version, _fields.Count, KeySchema, ValueSchema);

    /// <inheritdoc />
    public override string ToString() => Describe(this);

    internal static bool ValuesEqual(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        _ => Equals(a, b),
    };

    private static string Describe(Schema schema) =>
        (schema.IsOptional ? "optional " : "") + (schema.Name is null ? schema.Type.ToString() : $"{schema.Type} '{schema.Name}'");

    private static Schema Primitive(SchemaType type, bool optional) =>
        new(type, optional, null, null, null, null, null, null, null, null);
}
