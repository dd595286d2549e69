namespace DeltaConnect.Sdk.Config;

/// <summary>
/// A secret config value. <see cref="ToString"/> never reveals it, so passing a password to a log line or an
/// error message prints <c>[hidden]</c>; read the secret itself only where it is used, through <see cref="Value"/>.
/// </summary>
public sealed class Password : IEquatable<Password>
{
    /// <summary>What a password prints as.</summary>
    public const string Hidden = "[hidden]";

    /// <summary>Wraps a secret.</summary>
    public Password(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The secret.</summary>
    public string Value { get; }

    /// <inheritdoc />
    public override string ToString() => Hidden;

    /// <inheritdoc />
    public bool Equals(Password? other) => other is not null && other.Value == Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Password other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);
}
