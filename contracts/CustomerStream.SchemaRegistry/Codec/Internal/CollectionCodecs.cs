using System.Runtime.InteropServices;

namespace CustomerStream.SchemaRegistry.Codec.Internal;

/// <summary>Writes an Avro array from a list, an array or any other sequence. A null sequence is written as empty.</summary>
internal sealed class ArrayWriter<TCollection, TItem>(ValueWriter<TItem> item) : ValueWriter<TCollection>
    where TCollection : IEnumerable<TItem>
{
    public override void Write(AvroOutput output, TCollection value)
    {
        switch (value)
        {
            case null:
                break;
            case List<TItem> list:
                WriteSpan(output, CollectionsMarshal.AsSpan(list));
                break;
            case TItem[] array:
                WriteSpan(output, array);
                break;
            case IReadOnlyCollection<TItem> { Count: var count }:
                WriteCounted(output, value, count);
                break;
            case ICollection<TItem> { Count: var count }:
                WriteCounted(output, value, count);
                break;
            default:
                WriteSpan(output, CollectionsMarshal.AsSpan(value.ToList()));
                break;
        }

        output.WriteLong(0);
    }

    private void WriteSpan(AvroOutput output, ReadOnlySpan<TItem> items)
    {
        if (items.IsEmpty)
        {
            return;
        }

        output.WriteLong(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            try
            {
                item.Write(output, items[i]);
            }
            catch (AvroDataException e)
            {
                throw e.Within($"[{i}]");
            }
        }
    }

    private void WriteCounted(AvroOutput output, IEnumerable<TItem> items, int count)
    {
        if (count == 0)
        {
            return;
        }

        output.WriteLong(count);
        var written = 0;
        foreach (var element in items)
        {
            try
            {
                item.Write(output, element);
            }
            catch (AvroDataException e)
            {
                throw e.Within($"[{written}]");
            }

            written++;
        }

        if (written != count)
        {
            throw new AvroDataException($"The collection reported {count} items but yielded {written}.");
        }
    }
}

/// <summary>Writes an Avro map from a dictionary (or any sequence of string-keyed pairs). A null map is written as empty.</summary>
internal sealed class MapWriter<TMap, TValue>(ValueWriter<TValue> value) : ValueWriter<TMap>
    where TMap : IEnumerable<KeyValuePair<string, TValue>>
{
    public override void Write(AvroOutput output, TMap map)
    {
        switch (map)
        {
            case null:
                break;
            case Dictionary<string, TValue> dictionary:
                if (dictionary.Count > 0)
                {
                    output.WriteLong(dictionary.Count);
                    foreach (var pair in dictionary)
                    {
                        WritePair(output, pair);
                    }
                }

                break;
            default:
                var pairs = map.ToList();
                if (pairs.Count > 0)
                {
                    output.WriteLong(pairs.Count);
                    foreach (var pair in pairs)
                    {
                        WritePair(output, pair);
                    }
                }

                break;
        }

        output.WriteLong(0);
    }

    private void WritePair(AvroOutput output, KeyValuePair<string, TValue> pair)
    {
        output.WriteString(pair.Key);
        try
        {
            value.Write(output, pair.Value);
        }
        catch (AvroDataException e)
        {
            throw e.Within($"[{pair.Key}]");
        }
    }
}

/// <summary>Reads an Avro array into a <see cref="List{T}"/>, then hands it over as the property's type.</summary>
internal sealed class ArrayReader<TCollection, TItem>(ValueReader<TItem> item, Func<List<TItem>, TCollection> finish) : ValueReader<TCollection>
{
    public override TCollection Read(ref AvroInput input)
    {
        var count = input.ReadBlockCount();
        var list = new List<TItem>((int)Math.Min(count, input.Remaining));
        var index = 0;
        while (count != 0)
        {
            for (var i = 0L; i < count; i++)
            {
                try
                {
                    list.Add(item.Read(ref input));
                }
                catch (AvroDataException e)
                {
                    throw e.Within($"[{index}]");
                }

                index++;
            }

            count = input.ReadBlockCount();
        }

        return finish(list);
    }
}

/// <summary>Reads an Avro map into a <see cref="Dictionary{TKey,TValue}"/> (ordinal keys), then hands it over as the property's type.</summary>
internal sealed class MapReader<TMap, TValue>(ValueReader<TValue> value, Func<Dictionary<string, TValue>, TMap> finish) : ValueReader<TMap>
{
    public override TMap Read(ref AvroInput input)
    {
        var count = input.ReadBlockCount();
        var map = new Dictionary<string, TValue>((int)Math.Min(count, input.Remaining), StringComparer.Ordinal);
        while (count != 0)
        {
            for (var i = 0L; i < count; i++)
            {
                var key = input.ReadString();
                try
                {
                    map[key] = value.Read(ref input);
                }
                catch (AvroDataException e)
                {
                    throw e.Within($"[{key}]");
                }
            }

            count = input.ReadBlockCount();
        }

        return finish(map);
    }
}
