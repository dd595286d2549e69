namespace DeltaConnect.Sdk.Data;

/// <summary>
/// The types of the schema model (Kafka Connect's). Each has one .NET representation for its values:
/// Int8 <see cref="sbyte"/>, Int16 <see cref="short"/>, Int32 <see cref="int"/>, Int64 <see cref="long"/>,
/// Float32 <see cref="float"/>, Float64 <see cref="double"/>, Boolean <see cref="bool"/>, String <see cref="string"/>,
/// Bytes <c>byte[]</c>, Array <see cref="System.Collections.IList"/>, Map <see cref="System.Collections.IDictionary"/>,
/// Struct <see cref="Struct"/>. Logical types (<see cref="ConnectDecimal"/>, <see cref="ConnectDate"/>,
/// <see cref="ConnectTime"/>, <see cref="ConnectTimestamp"/>) carry richer .NET values on these.
/// </summary>
public enum SchemaType
{
    /// <summary>8-bit signed integer.</summary>
    Int8,

    /// <summary>16-bit signed integer.</summary>
    Int16,

    /// <summary>32-bit signed integer.</summary>
    Int32,

    /// <summary>64-bit signed integer.</summary>
    Int64,

    /// <summary>32-bit IEEE 754 floating point number.</summary>
    Float32,

    /// <summary>64-bit IEEE 754 floating point number.</summary>
    Float64,

    /// <summary>Boolean.</summary>
    Boolean,

    /// <summary>Unicode string.</summary>
    String,

    /// <summary>Byte sequence.</summary>
    Bytes,

    /// <summary>Ordered list of values of one schema.</summary>
    Array,

    /// <summary>Map from keys of one schema to values of another.</summary>
    Map,

    /// <summary>Named fields, each with its own schema.</summary>
    Struct,
}
