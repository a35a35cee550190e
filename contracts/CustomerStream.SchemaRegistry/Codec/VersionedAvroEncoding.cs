using Avro;
using CustomerStream.SchemaRegistry.Codec.Internal;

namespace CustomerStream.SchemaRegistry.Codec;

/// <summary>
/// How state is stored (state stores, changelogs, internal transfer records): one version byte, then the value in
/// Avro binary with the schema of that version — no registry, no framing. A value written by an older release is
/// read through Avro schema resolution into the current shape, so a store survives an upgrade; the schemas of
/// released versions must therefore never change, only be added to.
/// </summary>
/// <typeparam name="T">The type the current schema maps to (see <see cref="AvroCodec"/> for the mapping).</typeparam>
public sealed class VersionedAvroEncoding<T>
{
    private readonly Schema[] _versions;
    private readonly AvroWriter<T> _writer;
    private readonly AvroReader<T>?[] _readers;
    private readonly byte _first;
    private readonly byte _current;

    /// <summary>Creates the encoding from every released schema, oldest first.</summary>
    /// <param name="versions">The schemas of the released versions, oldest first.</param>
    /// <param name="firstVersion">
    /// The version byte of the first schema (1 unless the state had versions before this encoding, written in
    /// another format: their bytes stay theirs, so an old value is never mistaken for a new one).
    /// </param>
    /// <exception cref="ArgumentException">No schema, a first version of 0, or a last version above 255.</exception>
    /// <exception cref="AvroMappingException">The current schema does not fit <typeparamref name="T"/>, or an older one cannot be resolved to it.</exception>
    public VersionedAvroEncoding(IReadOnlyList<Schema> versions, byte firstVersion = 1)
    {
        ArgumentNullException.ThrowIfNull(versions);
        if (versions.Count == 0 || firstVersion == 0 || firstVersion + versions.Count - 1 > byte.MaxValue)
        {
            throw new ArgumentException("A versioned encoding needs at least one schema and version bytes between 1 and 255.", nameof(versions));
        }

        _versions = [.. versions];
        _first = firstVersion;
        _current = (byte)(firstVersion + versions.Count - 1);
        var current = _versions[^1];
        _writer = AvroCodec.Writer<T>(current);
        _readers = new AvroReader<T>?[versions.Count];
        for (var i = 0; i < _versions.Length; i++)
        {
            _readers[i] = AvroCodec.Reader<T>(_versions[i], current);
        }
    }

    /// <summary>Creates the encoding from schema texts (JSON), oldest first.</summary>
    public static VersionedAvroEncoding<T> Parse(params string[] versions) =>
        new(versions.Select(Schema.Parse).ToArray());

    /// <summary>Encodes <paramref name="value"/> with the current schema.</summary>
    public byte[] Encode(T value)
    {
        var output = ThreadOutput.Rent();
        try
        {
            output.WriteByte(_current);
            _writer.Write(value, output);
            return output.ToArray();
        }
        finally
        {
            ThreadOutput.Return(output);
        }
    }

    /// <summary>Encodes <paramref name="value"/> into <paramref name="output"/> (appending), with the current schema.</summary>
    public void Encode(T value, AvroOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteByte(_current);
        _writer.Write(value, output);
    }

    /// <summary>Decodes a value written by any known version.</summary>
    /// <exception cref="AvroDataException">Empty data, an unknown version byte, data that does not match its schema, or bytes after the value.</exception>
    public T Decode(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new AvroDataException("An encoded state value cannot be empty.");
        }

        var version = data[0];
        if (version < _first || version > _current)
        {
            throw new AvroDataException($"Unknown state encoding version {version} (this release reads {_first} to {_current}).");
        }

        var input = new AvroInput(data[1..]);
        var value = _readers[version - _first]!.Read(ref input);
        if (input.Remaining != 0)
        {
            // A value followed by more bytes is not what was written: truncated by a bug, or another format.
            throw new AvroDataException($"{input.Remaining} bytes after the encoded state value (version {version}).");
        }

        return value;
    }
}
