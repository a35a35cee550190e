using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;

namespace CustomerStream.ServiceDefaults;

/// <summary>
/// The API keys an HTTP API accepts (the ingest API's, the console's read API's): the rules a configured set
/// must meet, and a check of a presented key that takes the same time whichever key it matches or misses.
/// </summary>
public sealed class ApiKeySet
{
    /// <summary>Shortest key accepted.</summary>
    public const int MinLength = 16;

    private readonly byte[][] _hashes;

    public ApiKeySet(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _hashes = keys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k.Trim()))).ToArray();
    }

    /// <summary>Whether <paramref name="key"/> (a header's value; surrounding blanks ignored) is one of the keys.</summary>
    public bool Accepts(string? key)
    {
        if (string.IsNullOrEmpty(key) || _hashes.Length == 0)
        {
            return false;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key.Trim()));
        var match = false;
        foreach (var known in _hashes)
        {
            // Compare against every key in constant time, so timing tells nothing about which or how close.
            match |= CryptographicOperations.FixedTimeEquals(hash, known);
        }

        return match;
    }

    /// <summary>
    /// What is wrong with the keys configured under <paramref name="settingName"/> (e.g. <c>Ingest:Api:ApiKeys</c>):
    /// none at all (an API never serves anonymous callers), or one shorter than <see cref="MinLength"/>.
    /// </summary>
    public static IEnumerable<ValidationResult> Validate(string settingName, IEnumerable<string> keys, string memberName)
    {
        var configured = keys.Where(k => !string.IsNullOrWhiteSpace(k)).ToList();
        if (configured.Count == 0)
        {
            yield return new ValidationResult(
                $"{settingName}: configure at least one API key (e.g. environment {settingName.Replace(":", "__", StringComparison.Ordinal)}__0=<secret>)", [memberName]);
        }

        if (configured.Any(k => k.Trim().Length < MinLength))
        {
            yield return new ValidationResult($"{settingName}: every key needs at least {MinLength} characters", [memberName]);
        }
    }
}
