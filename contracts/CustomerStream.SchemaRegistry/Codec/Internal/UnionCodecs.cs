using System.Collections.Concurrent;

namespace CustomerStream.SchemaRegistry.Codec.Internal;

/// <summary>A union of null and one type, held by a nullable value type.</summary>
internal sealed class NullableValueUnionWriter<T>(int nullIndex, int valueIndex, ValueWriter<T> inner) : ValueWriter<T?>
    where T : struct
{
    public override void Write(AvroOutput output, T? value)
    {
        if (value is { } present)
        {
            output.WriteLong(valueIndex);
            inner.Write(output, present);
        }
        else
        {
            output.WriteLong(nullIndex);
        }
    }
}

/// <summary>A union of null and one type, held by a reference type.</summary>
internal sealed class NullableReferenceUnionWriter<T>(int nullIndex, int valueIndex, ValueWriter<T> inner) : ValueWriter<T>
    where T : class
{
    public override void Write(AvroOutput output, T value)
    {
        if (value is null)
        {
            output.WriteLong(nullIndex);
        }
        else
        {
            output.WriteLong(valueIndex);
            inner.Write(output, value);
        }
    }
}

/// <summary>The .NET type fits exactly one branch of the union: always that branch.</summary>
internal sealed class SingleBranchUnionWriter<T>(int index, ValueWriter<T> inner) : ValueWriter<T>
{
    public override void Write(AvroOutput output, T value)
    {
        output.WriteLong(index);
        inner.Write(output, value);
    }
}

/// <summary>
/// A union held by <c>object</c> or a base type (e.g. a union of records): the branch is chosen by the
/// runtime type of the value, once per type.
/// </summary>
internal sealed class RuntimeTypeUnionWriter<T>(int? nullIndex, Func<Type, (int Index, ValueWriter<object> Writer)?> branchFor, string unionDescription)
    : ValueWriter<T>
{
    private readonly ConcurrentDictionary<Type, (int Index, ValueWriter<object> Writer)?> _branches = new();

    public override void Write(AvroOutput output, T value)
    {
        if (value is null)
        {
            if (nullIndex is not { } index)
            {
                throw new AvroDataException($"null is not allowed here (Avro union {unionDescription}).");
            }

            output.WriteLong(index);
            return;
        }

        var branch = _branches.GetOrAdd(value.GetType(), branchFor)
            ?? throw new AvroDataException($"A {value.GetType().Name} fits no branch of the union {unionDescription}.");
        output.WriteLong(branch.Index);
        branch.Writer.Write(output, value);
    }
}

/// <summary>Lets a typed writer take a boxed value (a branch of a runtime-typed union).</summary>
internal sealed class BoxedWriter<T>(ValueWriter<T> inner) : ValueWriter<object>
{
    public override void Write(AvroOutput output, object value) => inner.Write(output, (T)value);
}

/// <summary>The writer wrote a union: each writer branch has its own resolved reader.</summary>
internal sealed class WriterUnionReader<T>(ValueReader<T>[] branches) : ValueReader<T>
{
    public override T Read(ref AvroInput input)
    {
        var index = input.ReadLong();
        if ((ulong)index >= (ulong)branches.Length)
        {
            throw new AvroDataException($"Union branch {index} does not exist (the writer's union has {branches.Length}).");
        }

        return branches[index].Read(ref input);
    }
}
