using System.Runtime.CompilerServices;
using Avro;

namespace CustomerStream.SchemaRegistry.Codec.Internal;

/// <summary>Compares schemas by reference: plans are cached per schema instance, and Avro's own equality walks the whole tree.</summary>
internal sealed class SchemaTypeKeyComparer : IEqualityComparer<(Schema Schema, Type Type)>, IEqualityComparer<(Schema Writer, Schema Reader, Type Type)>
{
    public bool Equals((Schema Schema, Type Type) x, (Schema Schema, Type Type) y) =>
        ReferenceEquals(x.Schema, y.Schema) && x.Type == y.Type;

    public int GetHashCode((Schema Schema, Type Type) obj) =>
        HashCode.Combine(RuntimeHelpers.GetHashCode(obj.Schema), obj.Type);

    public bool Equals((Schema Writer, Schema Reader, Type Type) x, (Schema Writer, Schema Reader, Type Type) y) =>
        ReferenceEquals(x.Writer, y.Writer) && ReferenceEquals(x.Reader, y.Reader) && x.Type == y.Type;

    public int GetHashCode((Schema Writer, Schema Reader, Type Type) obj) =>
        HashCode.Combine(RuntimeHelpers.GetHashCode(obj.Writer), RuntimeHelpers.GetHashCode(obj.Reader), obj.Type);
}
