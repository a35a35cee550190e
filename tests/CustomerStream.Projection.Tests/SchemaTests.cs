namespace CustomerStream.Projection.Tests;

public sealed class SchemaTests(MartDatabase db) : IClassFixture<MartDatabase>
{
    [Fact]
    public async Task Every_spec_relation_exists_in_mart_with_its_typed_columns()
    {
        var rows = await db.QueryAsync(
            "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'mart'");
        var columns = rows.ToLookup(r => (string)r[0]!, r => ((string)r[1]!, (string)r[2]!));
        Assert.NotEmpty(columns);
    }
}
