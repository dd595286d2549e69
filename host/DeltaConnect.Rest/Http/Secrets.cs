using DeltaConnect.Sdk.Config;

namespace DeltaConnect.Rest.Http;

/// <summary>Keeps secret values out of messages that quote config values.</summary>
internal static class Secrets
{
    public static string Scrub(string message, IReadOnlyDictionary<string, string> config, IEnumerable<string> secretKeys)
    {
        foreach (var key in secretKeys)
        {
            if (config.TryGetValue(key, out var secret) && secret.Length > 0 && secret != Password.Hidden)
            {
                message = message.Replace(secret, Password.Hidden, StringComparison.Ordinal);
            }
        }

        return message;
    }
}
