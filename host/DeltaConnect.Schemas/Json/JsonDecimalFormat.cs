namespace DeltaConnect.Schemas.Json;

/// <summary>How the JSON converter writes Decimal logical values (<c>decimal.format</c>).</summary>
internal enum JsonDecimalFormat
{
    /// <summary>A base64 string of the unscaled value's big-endian two's-complement bytes (10.2345 at scale 4: "D3J5").</summary>
    Base64,

    /// <summary>A JSON number at the schema's scale (10.2345).</summary>
    Numeric,
}
