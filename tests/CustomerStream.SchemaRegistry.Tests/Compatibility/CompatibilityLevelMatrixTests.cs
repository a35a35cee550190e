using Avro;
using CustomerStream.SchemaRegistry.Compatibility;

namespace CustomerStream.SchemaRegistry.Tests.Compatibility;

/// <summary>
/// The level matrix on the history v1 {id}, v2 {id, note?}. Candidates: adding an optional field is
/// compatible every way; adding a required field only forward (old readers skip it, new readers
/// find it missing in old data); dropping a required field only backward (new readers need
/// nothing, old readers miss it).
/// </summary>
public sealed class CompatibilityLevelMatrixTests
{
    private static readonly Schema V1 = Schema.Parse("""{"type":"record","name":"R","fields":[{"name":"id","type":"string"}]}""");
    private static readonly Schema V2 = Schema.Parse("""{"type":"record","name":"R","fields":[{"name":"id","type":"string"},{"name":"note","type":["null","string"],"default":null}]}""");

    private static readonly Schema AddOptional = Schema.Parse("""{"type":"record","name":"R","fields":[{"name":"id","type":"string"},{"name":"note","type":["null","string"],"default":null},{"name":"tier","type":["null","string"],"default":null}]}""");
    private static readonly Schema AddRequired = Schema.Parse("""{"type":"record","name":"R","fields":[{"name":"id","type":"string"},{"name":"note","type":["null","string"],"default":null},{"name":"tier","type":"string"}]}""");
    private static readonly Schema DropRequired = Schema.Parse("""{"type":"record","name":"R","fields":[{"name":"note","type":["null","string"],"default":null}]}""");

    public static TheoryData<string, CompatibilityLevel, bool> Matrix() => new()
    {
        { nameof(AddOptional), CompatibilityLevel.None, true },
        { nameof(AddOptional), CompatibilityLevel.Backward, true },
        { nameof(AddOptional), CompatibilityLevel.BackwardTransitive, true },
        { nameof(AddOptional), CompatibilityLevel.Forward, true },
        { nameof(AddOptional), CompatibilityLevel.ForwardTransitive, true },
        { nameof(AddOptional), CompatibilityLevel.Full, true },
        { nameof(AddOptional), CompatibilityLevel.FullTransitive, true },
        { nameof(AddRequired), CompatibilityLevel.None, true },
        { nameof(AddRequired), CompatibilityLevel.Backward, false },
        { nameof(AddRequired), CompatibilityLevel.BackwardTransitive, false },
        { nameof(AddRequired), CompatibilityLevel.Forward, true },
        { nameof(AddRequired), CompatibilityLevel.ForwardTransitive, true },
        { nameof(AddRequired), CompatibilityLevel.Full, false },
        { nameof(AddRequired), CompatibilityLevel.FullTransitive, false },
        { nameof(DropRequired), CompatibilityLevel.None, true },
        { nameof(DropRequired), CompatibilityLevel.Backward, true },
        { nameof(DropRequired), CompatibilityLevel.BackwardTransitive, true },
        { nameof(DropRequired), CompatibilityLevel.Forward, false },
        { nameof(DropRequired), CompatibilityLevel.ForwardTransitive, false },
        { nameof(DropRequired), CompatibilityLevel.Full, false },
        { nameof(DropRequired), CompatibilityLevel.FullTransitive, false },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Each_level_checks_the_directions_it_promises(string candidate, CompatibilityLevel level, bool compatible)
    {
        var schema = candidate switch
        {
            nameof(AddOptional) => AddOptional,
            nameof(AddRequired) => AddRequired,
            _ => DropRequired,
        };

        var result = SchemaCompatibilityChecker.Check(level, schema, [(1, V1), (2, V2)]);

        Assert.Equal(compatible, result.IsCompatible);
    }

    [Fact]
    public void Transitive_levels_also_check_versions_before_the_latest()
    {
        // v1 {id: string}; v2 {id: ["null","string"]=null}; candidate {id: ["null","string"]=null, x?}.
        // The candidate reads v2 and v1 data (string promotes into the union): backward either way.
        // Forward: v2 reads the candidate (same union), but v1 (id: string) cannot read a null id.
        var v1 = Schema.Parse("""{"type":"record","name":"R","fields":[{"name":"id","type":"string"}]}""");
        var v2 = Schema.Parse("""{"type":"record","name":"R","fields":[{"name":"id","type":["null","string"],"default":null}]}""");
        var candidate = Schema.Parse("""{"type":"record","name":"R","fields":[{"name":"id","type":["null","string"],"default":null},{"name":"x","type":["null","long"],"default":null}]}""");
        var history = new[] { (1, v1), (2, v2) };

        Assert.True(SchemaCompatibilityChecker.Check(CompatibilityLevel.Forward, candidate, history).IsCompatible);
        var transitive = SchemaCompatibilityChecker.Check(CompatibilityLevel.ForwardTransitive, candidate, history);
        Assert.False(transitive.IsCompatible);
        var violation = Assert.Single(transitive.Violations);
        Assert.Equal(1, violation.Version);
        Assert.Equal(CompatibilityDirection.OldReadsNew, violation.Direction);
        Assert.Equal("id", violation.Incompatibility.Field);
        Assert.Contains("consumers on version 1", violation.ToString());
        Assert.True(SchemaCompatibilityChecker.Check(CompatibilityLevel.Full, candidate, history).IsCompatible);
        Assert.False(SchemaCompatibilityChecker.Check(CompatibilityLevel.FullTransitive, candidate, history).IsCompatible);
    }

    [Fact]
    public void The_first_version_of_a_subject_is_always_compatible()
    {
        Assert.True(SchemaCompatibilityChecker.Check(CompatibilityLevel.FullTransitive, AddRequired, []).IsCompatible);
    }

    [Fact]
    public void Messages_say_which_version_and_field_and_which_way()
    {
        var result = SchemaCompatibilityChecker.Check(CompatibilityLevel.Backward, AddRequired, [(1, V1), (2, V2)]);

        var message = Assert.Single(result.Messages);
        Assert.Contains("the new schema cannot read data written with version 2", message);
        Assert.Contains("'tier'", message);
        Assert.Equal(["tier"], result.Fields);
    }

    [Theory]
    [InlineData("BACKWARD", CompatibilityLevel.Backward)]
    [InlineData("backward_transitive", CompatibilityLevel.BackwardTransitive)]
    [InlineData(" FULL ", CompatibilityLevel.Full)]
    [InlineData("NONE", CompatibilityLevel.None)]
    public void Levels_parse_from_their_rest_names(string text, CompatibilityLevel expected)
    {
        Assert.True(CompatibilityLevels.TryParse(text, out var level));
        Assert.Equal(expected, level);
        Assert.True(CompatibilityLevels.TryParse(level.ToRestName(), out var roundTrip));
        Assert.Equal(level, roundTrip);
    }
}
