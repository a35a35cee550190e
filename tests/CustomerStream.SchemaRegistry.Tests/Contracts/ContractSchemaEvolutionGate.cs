using CustomerStream.Contracts;
using CustomerStream.SchemaRegistry.Compatibility;

namespace CustomerStream.SchemaRegistry.Tests.Contracts;

/// <summary>
/// The build's schema-evolution gate, run with every test run (and so in CI): each
/// <c>contracts/schemas/*.avsc</c> must be BACKWARD compatible with every released version kept in
/// <c>contracts/schemas/released/&lt;FullName&gt;/v&lt;N&gt;.avsc</c>. A failure names the schema, the
/// version and the field, and says what to do.
/// </summary>
public sealed class ContractSchemaEvolutionGate
{
    private static readonly string SchemasDirectory = FindSchemasDirectory();

    [Fact]
    public void Every_contract_schema_is_backward_compatible_with_all_its_released_versions()
    {
        var problems = ReleasedSchemaCheck.Run(SchemasDirectory);

        Assert.True(problems.Count == 0, "The contract schemas fail the evolution gate:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_gate_sees_every_schema_the_contracts_assembly_embeds()
    {
        var onDisk = Directory.EnumerateFiles(SchemasDirectory, "*.avsc").Select(Path.GetFileNameWithoutExtension).Order().ToList();

        Assert.Equal(ContractSchemas.TopLevelNames.Order(), onDisk);
        Assert.NotEmpty(onDisk);
    }

    /// <summary>
    /// The repository's own folder when the tests run inside the repository (so a deleted file is
    /// really gone), else the copy made at build time.
    /// </summary>
    private static string FindSchemasDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "contracts", "schemas");
            if (File.Exists(Path.Combine(directory.FullName, "CustomerStream.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "contract-schemas");
    }
}
