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
    private readonly byte _current;

    /// <summary>Creates the encoding from every released schema, oldest first: version byte 1 is the first.</summary>
    /// <exception cref="ArgumentException">No schema, or more than 255.</exception>
    /// <exception cref="AvroMappingException">The current schema does not fit <typeparamref name="T"/>, or an older one cannot be resolved to it.</exception>
    public VersionedAvroEncoding(IReadOnlyList<Schema> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        if (versions.Count is 0 or > byte.MaxValue)
        {
            throw new ArgumentException("A versioned encoding needs between 1 and 255 schemas.", nameof(versions));
        }

        _versions = [.. versions];
        _current = (byte)versions.Count;
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

    /// <summary>The version byte new values get.</summary>
    public byte CurrentVersion => _current;

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
    /// <exception cref="AvroDataException">Empty data, an unknown version byte, or data that does not match its schema.</exception>
    public T Decode(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new AvroDataException("An encoded state value cannot be empty.");
        }

        var version = data[0];
        if (version == 0 || version > _readers.Length)
        {
            throw new AvroDataException($"Unknown state encoding version {version} (this release reads 1 to {_readers.Length}).");
        }

        return _readers[version - 1]!.Read(data[1..]);
    }
}
