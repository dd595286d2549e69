using System.Collections;
using System.Runtime.CompilerServices;
using DeltaConnect.Plugins.Iceberg.Schema;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using ParquetSharp;
using ParquetSharp.Schema;

namespace DeltaConnect.Plugins.Iceberg.Parquet;

/// <summary>
/// A node of the Parquet schema built from an Iceberg field, which also splits values into its leaf columns
/// (Dremel shredding). Every node carries the Iceberg field id; the repeated <c>list</c> group of a LIST has no
/// Iceberg field and so no id.
/// </summary>
internal sealed class ParquetShredNode
{
    private readonly List<ParquetShredNode> _children = [];
    private readonly List<ParquetLeafColumn> _leaves = [];
    private readonly ParquetLeafColumn? _leaf;
    private readonly IcebergType _type;
    private readonly bool _optional;
    private readonly string _name;
    private readonly string _path;
    private Sdk.Data.Schema? _rowSchema;
    private Field?[] _rowFields = [];

    private ParquetShredNode(string name, int fieldId, IcebergType type, bool optional, int definitionLevel, int repetitionLevel, string path, List<ParquetLeafColumn> allLeaves, List<Node> nodes)
    {
        _type = type;
        _optional = optional;
        _name = name;
        _path = path;
        var def = definitionLevel + (optional ? 1 : 0);
        var repetition = optional ? Repetition.Optional : Repetition.Required;
        switch (type)
        {
            case PrimitiveType primitive:
                _leaf = new ParquetLeafColumn(fieldId, primitive, (short)def, (short)repetitionLevel, path);
                _leaves.Add(_leaf);
                allLeaves.Add(_leaf);
                Node = PrimitiveNode(name, repetition, primitive, fieldId);
                break;
            case StructType structType:
                foreach (var field in structType.Fields)
                {
                    _children.Add(new ParquetShredNode(field.Name, field.Id, field.Type, !field.Required, def, repetitionLevel, $"{path}.{field.Name}", allLeaves, nodes));
                }

                Node = new GroupNode(name, repetition, [.. _children.Select(c => c.Node)], null, fieldId);
                break;
            case ListType list:
                var element = new ParquetShredNode("element", list.ElementId, list.Element, !list.ElementRequired, def + 1, repetitionLevel + 1, path + ".element", allLeaves, nodes);
                _children.Add(element);
                var repeated = new GroupNode("list", Repetition.Repeated, [element.Node]);
                nodes.Add(repeated);
                Node = new GroupNode(name, repetition, [repeated], LogicalType.List(), fieldId);

                break;
            default:
                throw new NotSupportedException($"Field '{path}': Iceberg {type} columns are not written yet (maps are not supported).");
        }

        nodes.Add(Node);
        foreach (var child in _children)
        {
            _leaves.AddRange(child._leaves);
        }
    }

    public Node Node { get; }

    /// <summary>The node of a top-level field; its leaves are appended to <paramref name="allLeaves"/> in column order and
    /// every native schema node it creates to <paramref name="nodes"/>, for the caller to dispose after writing.</summary>
    public static ParquetShredNode ForField(NestedField field, List<ParquetLeafColumn> allLeaves, List<Node> nodes) =>
        new(field.Name, field.Id, field.Type, !field.Required, 0, 0, field.Name, allLeaves, nodes);

    /// <summary>Adds one value (and its nested values) of this node to the leaf columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Shred(object? value, int definitionLevel, int repetitionLevel, int repetitionDepth)
    {
        if (value is null)
        {
            if (!_optional)
            {
                throw new DataException($"Field '{_path}' is required by the Iceberg schema but the record has no value for it.");
            }

            foreach (var leaf in _leaves)
            {
                leaf.AddNull(definitionLevel, repetitionLevel);
            }

            return;
        }

        var def = definitionLevel + (_optional ? 1 : 0);
        switch (_type)
        {
            case PrimitiveType:
                _leaf!.Add(def, repetitionLevel, value);
                break;
            case StructType:
                var row = value as Struct ?? throw new DataException($"Field '{_path}': expected a Struct, got {value.GetType().Name}.");
                // Rows nearly always share one schema: its fields are looked up by name once.
                if (!ReferenceEquals(row.Schema, _rowSchema))
                {
                    _rowFields = [.. _children.Select(c => row.Schema.Field(c._name))];
                    _rowSchema = row.Schema;
                }

                for (var i = 0; i < _children.Count; i++)
                {
                    _children[i].Shred(_rowFields[i] is { } field ? row.Get(field) : null, def, repetitionLevel, repetitionDepth);
                }

                break;
            case ListType:
                var items = value as IList ?? throw new DataException($"Field '{_path}': expected a list, got {value.GetType().Name}.");
                if (items.Count == 0)
                {
                    foreach (var leaf in _leaves)
                    {
                        leaf.AddNull(def, repetitionLevel);
                    }

                    return;
                }

                for (var i = 0; i < items.Count; i++)
                {
                    _children[0].Shred(items[i], def + 1, i == 0 ? repetitionLevel : repetitionDepth + 1, repetitionDepth + 1);
                }

                break;
        }
    }

    private static PrimitiveNode PrimitiveNode(string name, Repetition repetition, PrimitiveType type, int fieldId)
    {
        var (physical, logical, length) = type.Kind switch
        {
            PrimitiveKind.Boolean => (PhysicalType.Boolean, LogicalType.None(), -1),
            PrimitiveKind.Int => (PhysicalType.Int32, LogicalType.None(), -1),
            PrimitiveKind.Long => (PhysicalType.Int64, LogicalType.None(), -1),
            PrimitiveKind.Float => (PhysicalType.Float, LogicalType.None(), -1),
            PrimitiveKind.Double => (PhysicalType.Double, LogicalType.None(), -1),
            PrimitiveKind.Date => (PhysicalType.Int32, LogicalType.Date(), -1),
            PrimitiveKind.Time => (PhysicalType.Int64, LogicalType.Time(false, TimeUnit.Micros), -1),
            PrimitiveKind.Timestamp => (PhysicalType.Int64, LogicalType.Timestamp(false, TimeUnit.Micros), -1),
            PrimitiveKind.Timestamptz => (PhysicalType.Int64, LogicalType.Timestamp(true, TimeUnit.Micros), -1),
            PrimitiveKind.String => (PhysicalType.ByteArray, LogicalType.String(), -1),
            PrimitiveKind.Binary => (PhysicalType.ByteArray, LogicalType.None(), -1),
            PrimitiveKind.Decimal when type.Precision <= 9 => (PhysicalType.Int32, LogicalType.Decimal(type.Precision, type.Scale), -1),
            PrimitiveKind.Decimal when type.Precision <= 18 => (PhysicalType.Int64, LogicalType.Decimal(type.Precision, type.Scale), -1),
            PrimitiveKind.Decimal => (PhysicalType.FixedLenByteArray, LogicalType.Decimal(type.Precision, type.Scale), DecimalBytes(type.Precision)),
            _ => throw new NotSupportedException($"Iceberg type {type.Name} is not supported."),
        };
        using (logical)
        {
            return new PrimitiveNode(name, repetition, logical, physical, length, fieldId);
        }
    }

    /// <summary>The fewest bytes whose two's complement holds every unscaled value of the precision (the spec's rule for fixed).</summary>
    public static int DecimalBytes(int precision)
    {
        var bytes = 1;
        while (System.Numerics.BigInteger.Pow(2, (8 * bytes) - 1) <= System.Numerics.BigInteger.Pow(10, precision) - 1)
        {
            bytes++;
        }

        return bytes;
    }
}
