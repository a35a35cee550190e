using System.ComponentModel.DataAnnotations;

namespace CustomerStream.Projection.Tests;

public sealed class ProjectionOptionsTests
{
    [Fact]
    public void Tier_thresholds_must_descend()
    {
        var options = new ProjectionOptions { ConnectionString = "Host=x", TierGoldMin = 2000m };
        var error = Assert.Throws<ValidationException>(options.EnsureValid);
        Assert.Contains("must descend", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_pseudonym_key_must_be_long_enough()
    {
        var options = new ProjectionOptions { ConnectionString = "Host=x", PseudonymKey = "short" };
        var error = Assert.Throws<ValidationException>(options.EnsureValid);
        Assert.Contains("PseudonymKey must have at least 32 characters", error.Message, StringComparison.Ordinal);
        options.PseudonymKey = new string('k', 32);
        options.EnsureValid();
    }

    [Fact]
    public void The_defaults_are_the_spec_thresholds_and_valid()
    {
        var options = new ProjectionOptions { ConnectionString = "Host=x" };
        options.EnsureValid();
        Assert.Equal((1000m, 500m, 200m), (options.TierPlatinumMin, options.TierGoldMin, options.TierSilverMin));
        Assert.Null(options.AsOfDate);
    }

    [Fact]
    public async Task Configured_thresholds_and_as_of_date_reach_the_views()
    {
        await using var db = new MartDatabase();
        db.Options.TierGoldMin = 300m;
        await db.InitializeAsync();
        var id = Changes.NewCustomerId();
        await db.Writer.ApplyAsync(Changes.Batch(Changes.Change(id, 1, 350m, Changes.Month(2025, 3, 350m))), CancellationToken.None);

        Assert.Equal("Gold", await db.ScalarAsync<string>("SELECT tier FROM mart.customer_profile WHERE customer_id = $1", id));
        Assert.Equal(MartDatabase.AsOf, await db.ScalarAsync<DateOnly>("SELECT as_of_date FROM mart.settings"));
        Assert.Equal(MartDatabase.AsOf.DayNumber - new DateOnly(2025, 3, 10).DayNumber,
            await db.ScalarAsync<int>("SELECT recency_days FROM mart.customer_profile WHERE customer_id = $1", id));
    }
}
