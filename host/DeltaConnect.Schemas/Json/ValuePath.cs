using System.Globalization;
using System.Text;

namespace DeltaConnect.Schemas.Json;

/// <summary>
/// Where a conversion currently is inside a value (<c>after.address.zip</c>, <c>items[3]</c>, <c>tags[color]</c>),
/// kept as a stack while converting so that an error can name the place without building strings on the hot path.
/// </summary>
internal sealed class ValuePath
{
    private readonly List<Segment> _segments = [];

    public void PushField(string name) => _segments.Add(new Segment(name, -1, null));

    public void PushIndex(int index) => _segments.Add(new Segment(null, index, null));

    public void PushKey(object? key) => _segments.Add(new Segment(null, -1, key ?? "null"));

    public void Pop() => _segments.RemoveAt(_segments.Count - 1);

    public void Clear() => _segments.Clear();

    /// <summary><paramref name="problem"/>, followed by where it happened when that is inside the value.</summary>
    public string Describe(string problem) => _segments.Count == 0 ? problem : $"{problem} (at {this})";

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var segment in _segments)
        {
            if (segment.Field is not null)
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append(segment.Field);
            }
            else if (segment.Key is not null)
            {
                text.Append('[').Append(Convert.ToString(segment.Key, CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                text.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
        }

        return text.ToString();
    }

    private readonly record struct Segment(string? Field, int Index, object? Key);
}
