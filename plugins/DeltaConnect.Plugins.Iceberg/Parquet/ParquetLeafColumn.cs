using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using DeltaConnect.Plugins.Iceberg.Schema;
using ParquetSharp;

namespace DeltaConnect.Plugins.Iceberg.Parquet;

/// <summary>
/// One Parquet leaf column being filled: its Dremel definition and repetition levels, its non-null values in canonical
/// Iceberg form, and the Iceberg metrics for its field id. Values go unboxed into typed buffers of the Parquet physical
/// type (strings and binary as bytes in one buffer with end offsets), rented from the shared array pool and reused for
/// every row group of the file; <see cref="ReturnBuffers"/> gives them back. The per-value methods are compiled
/// optimized at once (<see cref="MethodImplOptions.AggressiveOptimization"/>): they run millions of times from the first
/// commit on, and would otherwise run unoptimized until tiered compilation catches up.
/// </summary>
internal sealed class ParquetLeafColumn(int fieldId, PrimitiveType type, short maxDefinitionLevel, short maxRepetitionLevel, string path)
{
    /// <summary>The first capacity of a buffer (grown by doubling).</summary>
    private const int InitialCapacity = 1024;

    private readonly Storage _storage = StorageOf(type, path);
    private short[] _definitionLevels = [];
    private short[] _repetitionLevels = [];
    private int _levelCount;
    private bool[] _booleans = [];
    private int[] _ints = [];
    private long[] _longs = [];
    private float[] _floats = [];
    private double[] _doubles = [];
    private byte[] _bytes = [];
    private int _byteCount;
    private int[] _ends = [];
    private int _valueCount;

    /// <summary>How a column's values are buffered: the Parquet physical type they are written as.</summary>
    private enum Storage
    {
        Boolean,
        Int32,
        Int64,
        Float,
        Double,
        ByteArray,
        FixedLenByteArray,
    }

    public int FieldId { get; } = fieldId;

    public PrimitiveType Type { get; } = type;

    public short MaxDefinitionLevel { get; } = maxDefinitionLevel;

    public short MaxRepetitionLevel { get; } = maxRepetitionLevel;

    public string Path { get; } = path;

    public long ValueCount { get; private set; }

    public long NullCount { get; private set; }

    public long NanCount { get; private set; }

    public object? Lower { get; private set; }

    public object? Upper { get; private set; }

    /// <summary>Adds a level entry without a value: a null, or an empty list.</summary>
    public void AddNull(int definitionLevel, int repetitionLevel)
    {
        AddLevels(definitionLevel, repetitionLevel);
        NullCount++;
    }

    /// <summary>
    /// Adds one value given in its Connect form. The common forms (long, int, double, float, bool, string, timestamps as
    /// <see cref="DateTimeOffset"/>) are stored as they are; any other goes through <see cref="IcebergValues.FromConnect"/>,
    /// which converts it or names the field in its error.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int definitionLevel, int repetitionLevel, object value)
    {
        switch (_storage)
        {
            case Storage.Int64:
                var longValue = (Type.Kind, value) switch
                {
                    (PrimitiveKind.Long, long l) => l,
                    (PrimitiveKind.Timestamp or PrimitiveKind.Timestamptz, DateTimeOffset ts) => IcebergValues.TimestampMicros(ts),
                    (PrimitiveKind.Decimal, _) => (long)(BigInteger)IcebergValues.FromConnect(Type, value, Path),
                    _ => (long)IcebergValues.FromConnect(Type, value, Path),
                };
                Append(ref _longs, longValue);
                break;
            case Storage.Int32:
                var intValue = (Type.Kind, value) switch
                {
                    (PrimitiveKind.Int, int i) => i,
                    (PrimitiveKind.Decimal, _) => (int)(BigInteger)IcebergValues.FromConnect(Type, value, Path),
                    _ => (int)IcebergValues.FromConnect(Type, value, Path),
                };
                Append(ref _ints, intValue);
                break;
            case Storage.Double:
                Append(ref _doubles, value is double d ? d : (double)IcebergValues.FromConnect(Type, value, Path));
                break;
            case Storage.Float:
                Append(ref _floats, value is float f ? f : (float)IcebergValues.FromConnect(Type, value, Path));
                break;
            case Storage.Boolean:
                Append(ref _booleans, value is bool b ? b : (bool)IcebergValues.FromConnect(Type, value, Path));
                break;
            case Storage.ByteArray when Type.Kind == PrimitiveKind.String:
                var text = value as string ?? (string)IcebergValues.FromConnect(Type, value, Path);
                EnsureBytes(System.Text.Encoding.UTF8.GetMaxByteCount(text.Length));
                _byteCount += System.Text.Encoding.UTF8.GetBytes(text, _bytes.AsSpan(_byteCount));
                Append(ref _ends, _byteCount);
                break;
            case Storage.ByteArray:
                AppendBytes(value as byte[] ?? (byte[])IcebergValues.FromConnect(Type, value, Path));
                break;
            case Storage.FixedLenByteArray:
                var width = ParquetShredNode.DecimalBytes(Type.Precision);
                EnsureBytes(width);
                WriteFixedWidth((BigInteger)IcebergValues.FromConnect(Type, value, Path), _bytes.AsSpan(_byteCount, width));
                _byteCount += width;
                Append(ref _ends, _byteCount);
                break;
        }

        // Levels last: a value that cannot be converted leaves the column as it was.
        _valueCount++;
        AddLevels(definitionLevel, repetitionLevel);
    }

    /// <summary>
    /// Writes the levels and values buffered since the last row group as the column's chunk of a row group, merges the
    /// chunk's bounds and NaN count into the file's metrics, and empties the buffers for the next row group.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteRowGroup(ColumnWriter column)
    {
        var count = _levelCount;
        ReadOnlySpan<short> defs = MaxDefinitionLevel > 0 ? _definitionLevels.AsSpan(0, count) : default;
        ReadOnlySpan<short> reps = MaxRepetitionLevel > 0 ? _repetitionLevels.AsSpan(0, count) : default;
        switch (_storage)
        {
            case Storage.Boolean:
                var booleans = _booleans.AsSpan(0, _valueCount);
                ((ColumnWriter<bool>)column).WriteBatch(count, defs, reps, booleans);
                if (!booleans.IsEmpty)
                {
                    // false orders before true.
                    AddStatistics(!booleans.Contains(false), booleans.Contains(true), nanCount: 0);
                }

                break;
            case Storage.Int32:
                WriteIntegers((ColumnWriter<int>)column, count, defs, reps, _ints.AsSpan(0, _valueCount));
                break;
            case Storage.Int64:
                WriteIntegers((ColumnWriter<long>)column, count, defs, reps, _longs.AsSpan(0, _valueCount));
                break;
            case Storage.Float:
                ((ColumnWriter<float>)column).WriteBatch(count, defs, reps, _floats.AsSpan(0, _valueCount));
                AddFloatingStatistics<float>(_floats.AsSpan(0, _valueCount));
                break;
            case Storage.Double:
                ((ColumnWriter<double>)column).WriteBatch(count, defs, reps, _doubles.AsSpan(0, _valueCount));
                AddFloatingStatistics<double>(_doubles.AsSpan(0, _valueCount));
                break;
            case Storage.ByteArray:
            case Storage.FixedLenByteArray:
                WriteBytes(column, count, defs, reps);
                AddByteStatistics();
                break;
        }

        _levelCount = 0;
        _valueCount = 0;
        _byteCount = 0;
    }

    /// <summary>Returns the buffers to the shared array pool (once the file is written, or abandoned).</summary>
    public void ReturnBuffers()
    {
        Return(ref _definitionLevels);
        Return(ref _repetitionLevels);
        Return(ref _booleans);
        Return(ref _ints);
        Return(ref _longs);
        Return(ref _floats);
        Return(ref _doubles);
        Return(ref _bytes);
        Return(ref _ends);
        _levelCount = _valueCount = _byteCount = 0;
    }

    /// <summary>Merges a row group's bounds (non-NaN values; null when it had none) and NaN count into the file's metrics.</summary>
    private void AddStatistics(object? lower, object? upper, long nanCount)
    {
        NanCount += nanCount;
        if (lower is not null && (Lower is null || IcebergValues.Compare(Type, lower, Lower) < 0))
        {
            Lower = lower;
        }

        if (upper is not null && (Upper is null || IcebergValues.Compare(Type, upper, Upper) > 0))
        {
            Upper = upper;
        }
    }

    private static Storage StorageOf(PrimitiveType type, string path) => type.Kind switch
    {
        PrimitiveKind.Boolean => Storage.Boolean,
        PrimitiveKind.Int or PrimitiveKind.Date => Storage.Int32,
        PrimitiveKind.Long or PrimitiveKind.Time or PrimitiveKind.Timestamp or PrimitiveKind.Timestamptz => Storage.Int64,
        PrimitiveKind.Float => Storage.Float,
        PrimitiveKind.Double => Storage.Double,
        PrimitiveKind.Decimal when type.Precision <= 9 => Storage.Int32,
        PrimitiveKind.Decimal when type.Precision <= 18 => Storage.Int64,
        PrimitiveKind.Decimal => Storage.FixedLenByteArray,
        PrimitiveKind.String or PrimitiveKind.Binary => Storage.ByteArray,
        _ => throw new NotSupportedException($"Column '{path}': Iceberg type {type.Name} is not supported."),
    };

    private void AddLevels(int definitionLevel, int repetitionLevel)
    {
        if (MaxDefinitionLevel > 0)
        {
            Set(ref _definitionLevels, _levelCount, (short)definitionLevel);
        }

        if (MaxRepetitionLevel > 0)
        {
            Set(ref _repetitionLevels, _levelCount, (short)repetitionLevel);
        }

        _levelCount++;
        ValueCount++;
    }

    private void Append<T>(ref T[] buffer, T value) => Set(ref buffer, _valueCount, value);

    private static void Set<T>(ref T[] buffer, int index, T value)
    {
        if (index >= buffer.Length)
        {
            Grow(ref buffer, index, index + 1);
        }

        buffer[index] = value;
    }

    /// <summary>Room for <paramref name="more"/> bytes after those buffered.</summary>
    private void EnsureBytes(int more)
    {
        if (_byteCount + more > _bytes.Length)
        {
            Grow(ref _bytes, _byteCount, _byteCount + more);
        }
    }

    private void AppendBytes(ReadOnlySpan<byte> value)
    {
        EnsureBytes(value.Length);
        value.CopyTo(_bytes.AsSpan(_byteCount));
        _byteCount += value.Length;
        Append(ref _ends, _byteCount);
    }

    /// <summary>Replaces <paramref name="buffer"/> by a pooled one of at least <paramref name="needed"/> items holding its first <paramref name="used"/>.</summary>
    private static void Grow<T>(ref T[] buffer, int used, int needed)
    {
        var larger = ArrayPool<T>.Shared.Rent(Math.Max(needed, Math.Max(InitialCapacity, buffer.Length * 2)));
        buffer.AsSpan(0, used).CopyTo(larger);
        Return(ref buffer);
        buffer = larger;
    }

    private static void Return<T>(ref T[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<T>.Shared.Return(buffer);
        }

        buffer = [];
    }

    /// <summary>A bound of an int or long column in canonical form: unscaled decimals are <see cref="BigInteger"/>s.</summary>
    private object Bound<T>(T value)
        where T : struct, IBinaryInteger<T> =>
        Type.Kind == PrimitiveKind.Decimal ? BigInteger.CreateChecked(value) : value;

    /// <summary>Writes int or long values and merges their bounds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteIntegers<T>(ColumnWriter<T> column, int count, ReadOnlySpan<short> defs, ReadOnlySpan<short> reps, ReadOnlySpan<T> values)
        where T : unmanaged, IBinaryInteger<T>
    {
        column.WriteBatch(count, defs, reps, values);
        if (values.IsEmpty)
        {
            return;
        }

        T lower = values[0], upper = values[0];
        foreach (var value in values)
        {
            lower = T.Min(lower, value);
            upper = T.Max(upper, value);
        }

        AddStatistics(Bound(lower), Bound(upper), nanCount: 0);
    }

    /// <summary>Bounds of floating-point values: NaNs are counted and left out; -0.0 sorts before +0.0 (IEEE 754 totalOrder).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddFloatingStatistics<T>(ReadOnlySpan<T> values)
        where T : struct, IFloatingPointIeee754<T>
    {
        T? lower = null, upper = null;
        long nans = 0;
        foreach (var value in values)
        {
            if (T.IsNaN(value))
            {
                nans++;
                continue;
            }

            if (lower is not { } l || value < l || (value == l && T.IsNegative(value)))
            {
                lower = value;
            }

            if (upper is not { } u || value > u || (value == u && !T.IsNegative(value)))
            {
                upper = value;
            }
        }

        AddStatistics(lower, upper, nans);
    }

    private ReadOnlySpan<byte> BytesOf(int index) => _bytes.AsSpan(Start(index), _ends[index] - Start(index));

    /// <summary>
    /// Bounds of byte-array values compared as unsigned bytes: Iceberg's order for binary, and for strings the order of
    /// their UTF-8 bytes (which is what is buffered); fixed-width decimals compared as numbers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddByteStatistics()
    {
        if (_valueCount == 0)
        {
            return;
        }

        if (_storage == Storage.FixedLenByteArray)
        {
            BigInteger? lowest = null, highest = null;
            for (var i = 0; i < _valueCount; i++)
            {
                var value = new BigInteger(BytesOf(i), isUnsigned: false, isBigEndian: true);
                lowest = lowest is { } l && l <= value ? l : value;
                highest = highest is { } h && h >= value ? h : value;
            }

            AddStatistics(lowest, highest, nanCount: 0);
            return;
        }

        int lower = 0, upper = 0;
        for (var i = 1; i < _valueCount; i++)
        {
            var value = BytesOf(i);
            if (value.SequenceCompareTo(BytesOf(lower)) < 0)
            {
                lower = i;
            }
            else if (value.SequenceCompareTo(BytesOf(upper)) > 0)
            {
                upper = i;
            }
        }

        AddStatistics(Canonical(BytesOf(lower)), Canonical(BytesOf(upper)), nanCount: 0);

        object Canonical(ReadOnlySpan<byte> bytes) => Type.Kind == PrimitiveKind.String ? System.Text.Encoding.UTF8.GetString(bytes) : bytes.ToArray();
    }

    /// <summary>Writes the buffered byte values: Parquet byte arrays pointing into the pinned buffer for the call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void WriteBytes(ColumnWriter column, int count, ReadOnlySpan<short> defs, ReadOnlySpan<short> reps)
    {
        fixed (byte* data = _bytes)
        {
            var buffer = (IntPtr)data;
            if (_storage == Storage.FixedLenByteArray)
            {
                WriteItems((ColumnWriter<FixedLenByteArray>)column, count, defs, reps, i => new FixedLenByteArray(buffer + Start(i)));
            }
            else
            {
                WriteItems((ColumnWriter<ByteArray>)column, count, defs, reps, i => new ByteArray(buffer + Start(i), _ends[i] - Start(i)));
            }
        }
    }

    private int Start(int index) => index == 0 ? 0 : _ends[index - 1];

    /// <summary>Writes a batch of the row group's values made by <paramref name="item"/> (by value index) in a pooled array.</summary>
    private void WriteItems<T>(ColumnWriter<T> column, int count, ReadOnlySpan<short> defs, ReadOnlySpan<short> reps, Func<int, T> item)
        where T : unmanaged
    {
        var items = ArrayPool<T>.Shared.Rent(Math.Max(_valueCount, 1));
        try
        {
            for (var i = 0; i < _valueCount; i++)
            {
                items[i] = item(i);
            }

            column.WriteBatch(count, defs, reps, items.AsSpan(0, _valueCount));
        }
        finally
        {
            ArrayPool<T>.Shared.Return(items);
        }
    }

    /// <summary>An unscaled decimal as the spec's fixed-width big-endian two's complement.</summary>
    private static void WriteFixedWidth(BigInteger unscaled, Span<byte> destination)
    {
        destination.Fill(unscaled.Sign < 0 ? (byte)0xFF : (byte)0);
        var length = unscaled.GetByteCount(isUnsigned: false);
        unscaled.TryWriteBytes(destination[^length..], out _, isUnsigned: false, isBigEndian: true);
    }
}
