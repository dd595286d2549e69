using System.Collections;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Sdk.Data;

/// <summary>
/// A value of a struct schema: one value per field, set with <see cref="Put(string, object?)"/> (checked against
/// the field's schema) and read with <see cref="Get(string)"/> or the typed getters.
/// </summary>
public sealed class Struct : IEquatable<Struct>
{
    private readonly object?[] _values;
    private bool _valid;

    /// <summary>Creates an empty struct of <paramref name="schema"/>.</summary>
    /// <exception cref="DataException">When the schema is not a struct schema.</exception>
    public Struct(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Type != SchemaType.Struct)
        {
            throw new DataException($"A Struct needs a struct schema, not {schema.Type}.");
        }

        Schema = schema;
        _values = new object?[schema.Fields.Count];
    }

    /// <summary>The struct's schema.</summary>
    public Schema Schema { get; }

    /// <summary>Sets a field by name after checking the value against the field's schema.</summary>
    /// <exception cref="DataException">When the field does not exist or the value does not fit.</exception>
    public Struct Put(string fieldName, object? value) => Put(Lookup(fieldName), value);

    /// <summary>Sets a field after checking the value against its schema.</summary>
    public Struct Put(Field field, object? value)
    {
        ArgumentNullException.ThrowIfNull(field);
        Check(field, value);
        _values[field.Index] = value;
        return this;
    }

    /// <summary>A field's value, or the field's default when it was not set.</summary>
    public object? Get(string fieldName) => Get(Lookup(fieldName));

    /// <summary>A field's value, or the field's default when it was not set.</summary>
    public object? Get(Field field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return _values[field.Index] ?? field.Schema.DefaultValue;
    }

    /// <summary>A field's value without applying the default.</summary>
    public object? GetWithoutDefault(string fieldName) => _values[Lookup(fieldName).Index];

    /// <summary>An Int8 field.</summary>
    public sbyte? GetInt8(string fieldName) => (sbyte?)Typed(fieldName, SchemaType.Int8);

    /// <summary>An Int16 field.</summary>
    public short? GetInt16(string fieldName) => (short?)Typed(fieldName, SchemaType.Int16);

    /// <summary>An Int32 field.</summary>
    public int? GetInt32(string fieldName) => (int?)Typed(fieldName, SchemaType.Int32);

    /// <summary>An Int64 field.</summary>
    public long? GetInt64(string fieldName) => (long?)Typed(fieldName, SchemaType.Int64);

    /// <summary>A Float32 field.</summary>
    public float? GetFloat32(string fieldName) => (float?)Typed(fieldName, SchemaType.Float32);

    /// <summary>A Float64 field.</summary>
    public double? GetFloat64(string fieldName) => (double?)Typed(fieldName, SchemaType.Float64);

    /// <summary>A Boolean field.</summary>
    public bool? GetBoolean(string fieldName) => (bool?)Typed(fieldName, SchemaType.Boolean);

    /// <summary>A String field.</summary>
    public string? GetString(string fieldName) => (string?)Typed(fieldName, SchemaType.String);

    /// <summary>A Bytes field.</summary>
    public byte[]? GetBytes(string fieldName) => Typed(fieldName, SchemaType.Bytes) switch
    {
        null => null,
        byte[] bytes => bytes,
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        var other => throw new DataException($"Field '{fieldName}' holds {other.GetType().Name}, not bytes."),
    };

    /// <summary>An Array field.</summary>
    public IList? GetArray(string fieldName) => (IList?)Typed(fieldName, SchemaType.Array);

    /// <summary>A Map field.</summary>
    public IDictionary? GetMap(string fieldName) => (IDictionary?)Typed(fieldName, SchemaType.Map);

    /// <summary>A Struct field.</summary>
    public Struct? GetStruct(string fieldName) => (Struct?)Typed(fieldName, SchemaType.Struct);

    /// <summary>Checks that every required field has a value (or a default).</summary>
    /// <exception cref="DataException">Naming the first required field without a value.</exception>
    public void Validate()
    {
        foreach (var field in Schema.Fields)
        {
            Check(field, _values[field.Index]);
        }
    }

    // The field path for the error is built only when the value does not fit.
    private void Check(Field field, object? value)
    {
        if (!Schema.IsValidValue(field.Schema, value))
        {
            Schema.ValidateValue(field.Schema, value, $"{Schema.Name ?? "struct"}.{field.Name}"); // throws, naming the field
        }
    }

    /// <summary>Whether <see cref="Validate"/> would pass, without building error text.</summary>
    /// <remarks>
    /// Once true it stays true for a struct without arrays or maps below it: <see cref="Put(Field, object?)"/> is the
    /// only way to change a value and checks it, and a required field cannot be set back to null. So a struct put into
    /// an envelope is checked in full once, not at every put of the structs around it. Arrays and maps can change
    /// behind the struct's back, so those are checked every time.
    /// </remarks>
    internal bool IsValid()
    {
        if (_valid)
        {
            return true;
        }

        var fields = Schema.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (!Schema.IsValidValue(field.Schema, _values[field.Index]))
            {
                return false;
            }
        }

        _valid = !Schema.HoldsContainers;
        return true;
    }

    /// <inheritdoc />
    public bool Equals(Struct? other) =>
        other is not null && Schema.Equals(other.Schema) && _values.Zip(other._values).All(p => DeepEquals(p.First, p.Second));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Struct other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Schema, _values.Length);

    /// <inheritdoc />
    public override string ToString() =>
        "Struct{" + string.Join(",", Schema.Fields.Where(f => _values[f.Index] is not null).Select(f => $"{f.Name}={Format(_values[f.Index])}")) + "}";

    private static string Format(object? value) => value switch
    {
        byte[] bytes => Convert.ToBase64String(bytes),
        DateTimeOffset instant => instant.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        TimeOnly time => time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        IList list and not Array => "[" + string.Join(",", list.Cast<object?>().Select(Format)) + "]",
        _ => value?.ToString() ?? "null",
    };

    private static bool DeepEquals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        (IList x, IList y) => x.Count == y.Count && x.Cast<object?>().Zip(y.Cast<object?>()).All(p => DeepEquals(p.First, p.Second)),
        (IDictionary x, IDictionary y) => x.Count == y.Count && x.Keys.Cast<object>().All(k => y.Contains(k) && DeepEquals(x[k], y[k])),
        _ => Equals(a, b),
    };

    private Field Lookup(string fieldName) =>
        Schema.Field(fieldName) ?? throw new DataException($"{fieldName} is not a valid field name of struct {Schema.Name ?? "(unnamed)"}; fields: {string.Join(", ", Schema.Fields.Select(f => f.Name))}.");

    private object? Typed(string fieldName, SchemaType expected)
    {
        var field = Lookup(fieldName);
        if (field.Schema.Type != expected)
        {
            throw new DataException($"Field '{fieldName}' is of type {field.Schema.Type}, not {expected}.");
        }

        return Get(field);
    }
}
