using System.Security.Cryptography;
using System.Text;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Ingest.Normalization;

/// <summary>Builds the <see cref="RejectedRecord"/> of a record that was not accepted.</summary>
public static class Rejections
{
    /// <summary>
    /// Raw text and bytes are kept up to this many characters/bytes; a longer raw record (a huge
    /// field, a runaway line) is cut with a marker, so that one rejection stays far below Kafka's
    /// default message size limit of 1 MB.
    /// </summary>
    public const int MaxRawLength = 16 * 1024;

    public static RejectedRecord Create(
        IngestEntity entity, string sourceSystem, string inputRef, Rejection rejection, string raw, byte[]? rawBytes, DateTime rejectedAt)
    {
        var entityName = entity.EntityName();
        return new RejectedRecord
        {
            RejectionId = IdOf(entityName, inputRef, raw, rawBytes),
            SourceSystem = sourceSystem,
            Entity = entityName,
            InputRef = inputRef,
            ReasonCode = rejection.ReasonCode,
            Reason = rejection.Reason,
            Raw = raw.Length <= MaxRawLength ? raw : $"{raw.AsSpan(0, MaxRawLength)}…[truncated; {raw.Length} characters in total]",
            RawBytes = rawBytes is null || rawBytes.Length <= MaxRawLength ? rawBytes : rawBytes[..MaxRawLength],
            RejectedAt = rejectedAt,
        };
    }

    /// <summary>Hex SHA-256 of entity, input reference and raw content: equal when the same bad record is sent again.</summary>
    private static string IdOf(string entity, string inputRef, string raw, byte[]? rawBytes)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, entity);
        Append(hash, inputRef);
        if (rawBytes is not null)
        {
            hash.AppendData(rawBytes);
        }
        else
        {
            Append(hash, raw);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, string text)
    {
        hash.AppendData(Encoding.UTF8.GetBytes(text));
        hash.AppendData([0x1F]);
    }
}
