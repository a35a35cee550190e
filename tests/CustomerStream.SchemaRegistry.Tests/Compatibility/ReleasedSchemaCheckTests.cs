using CustomerStream.SchemaRegistry.Compatibility;

namespace CustomerStream.SchemaRegistry.Tests.Compatibility;

/// <summary>The evolution gate on made-up schema directories: what passes, and how failures read.</summary>
public sealed class ReleasedSchemaCheckTests : IDisposable
{
    private const string V1 = """{"type":"record","name":"Thing","namespace":"t","fields":[{"name":"id","type":"string"}]}""";
    private const string WithOptional = """{"type":"record","name":"Thing","namespace":"t","fields":[{"name":"id","type":"string"},{"name":"size","type":["null","int"],"default":null}]}""";
    private const string WithRequired = """{"type":"record","name":"Thing","namespace":"t","fields":[{"name":"id","type":"string"},{"name":"loyalty_tier","type":"string"}]}""";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("cs-schema-gate-");

    [Fact]
    public void A_compatible_change_passes()
    {
        Write("t.Thing.avsc", WithOptional);
        Write("released/t.Thing/v1.avsc", V1);

        Assert.Empty(ReleasedSchemaCheck.Run(_root.FullName));
    }

    [Fact]
    public void An_incompatible_change_fails_naming_schema_version_and_field()
    {
        Write("t.Thing.avsc", WithRequired);
        Write("released/t.Thing/v1.avsc", V1);

        var problem = Assert.Single(ReleasedSchemaCheck.Run(_root.FullName));

        Assert.Contains("t.Thing.avsc is not BACKWARD_TRANSITIVE compatible with released/t.Thing/v1.avsc", problem);
        Assert.Contains("'loyalty_tier'", problem);
    }

    [Fact]
    public void Every_released_version_is_checked_not_only_the_latest()
    {
        // v2 dropped "size"; the current schema brings it back as a string: fine against v2, not against v1's int.
        Write("released/t.Thing/v1.avsc", WithOptional);
        Write("released/t.Thing/v2.avsc", V1);
        Write("t.Thing.avsc", """{"type":"record","name":"Thing","namespace":"t","fields":[{"name":"id","type":"string"},{"name":"size","type":["null","string"],"default":null}]}""");

        var problem = Assert.Single(ReleasedSchemaCheck.Run(_root.FullName));

        Assert.Contains("released/t.Thing/v1.avsc", problem);
        Assert.Contains("'size'", problem);
    }

    [Fact]
    public void A_schema_never_released_a_gap_in_versions_and_a_vanished_contract_are_reported()
    {
        Write("t.New.avsc", """{"type":"record","name":"New","namespace":"t","fields":[]}""");
        Write("t.Thing.avsc", V1);
        Write("released/t.Thing/v1.avsc", V1);
        Write("released/t.Thing/v3.avsc", V1);
        Write("released/t.Gone/v1.avsc", """{"type":"record","name":"Gone","namespace":"t","fields":[]}""");

        var problems = ReleasedSchemaCheck.Run(_root.FullName);

        Assert.Contains(problems, p => p.Contains("t.New.avsc has no released version", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("v1, v3", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("released/t.Gone has no current", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_schemas_and_misnamed_files_are_reported()
    {
        Write("t.Thing.avsc", """{"type":"record","name":"Other","namespace":"t","fields":[]}""");
        Write("t.Bad.avsc", """{"type":"record","name":"Bad","namespace":"t","fields":[{"name":"a","type":"int","default":"x"}]}""");

        var problems = ReleasedSchemaCheck.Run(_root.FullName);

        Assert.Contains(problems, p => p.Contains("defines t.Other, but its name says t.Thing", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("t.Bad.avsc is not a valid Avro schema", StringComparison.Ordinal) && p.Contains("t.Bad.a", StringComparison.Ordinal));
    }

    public void Dispose() => _root.Delete(recursive: true);

    private void Write(string relativePath, string content)
    {
        var path = Path.Combine(_root.FullName, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
