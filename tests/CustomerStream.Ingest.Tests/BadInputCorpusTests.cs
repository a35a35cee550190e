using System.Text;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Normalization;

namespace CustomerStream.Ingest.Tests;

public sealed class BadInputCorpusTests
{
    [Fact]
    public void The_corpus_covers_at_least_thirty_kinds_of_bad_input_and_every_reason_code_but_none()
    {
        var bad = BadInputCorpus.All.Where(c => c.ExpectedReason is not null).ToList();
        Assert.True(bad.Count >= 30, $"only {bad.Count} kinds");
        var covered = bad.Select(c => c.ExpectedReason).ToHashSet();
        Assert.All(ReasonCodes.All, code => Assert.Contains(code, covered));
    }

    [Theory]
    [MemberData(nameof(BadInputCorpus.Cases), MemberType = typeof(BadInputCorpus))]
    public async Task Each_record_becomes_one_event_or_one_rejection_with_its_reason(CorpusCase c)
    {
        var outcomes = await Harness.ProcessAsync(c.Entity, BadInputCorpus.FileOf(c));

        var outcome = Assert.Single(outcomes);
        Assert.Equal(c.ExpectedReason, outcome.ReasonCode);
        Assert.Equal(c.ExpectedReason is null, outcome.Record is not null);
        if (outcome.Rejected is { } rejected)
        {
            Assert.False(string.IsNullOrWhiteSpace(rejected.Reason));
            Assert.Equal(c.Entity.EntityName(), rejected.Entity);
            Assert.Equal(c.Entity == IngestEntity.WebEvents ? "input:1" : "input:2", rejected.InputRef);
            Assert.NotEmpty(rejected.Raw);
        }
    }

    [Theory]
    [InlineData(IngestEntity.Customers)]
    [InlineData(IngestEntity.Orders)]
    [InlineData(IngestEntity.WebEvents)]
    public async Task Bad_rows_do_not_stop_the_good_rows_of_the_same_file(IngestEntity entity)
    {
        var cases = BadInputCorpus.All.Where(c => c.Entity == entity).ToList();
        var good = Encoding.UTF8.GetBytes(entity switch
        {
            IngestEntity.Customers => BadInputCorpus.GoodCustomer,
            IngestEntity.Orders => BadInputCorpus.GoodOrder,
            _ => BadInputCorpus.GoodEvent,
        });
        var file = new List<byte>();
        if (entity != IngestEntity.WebEvents)
        {
            file.AddRange(Encoding.UTF8.GetBytes(BadInputCorpus.Header(entity) + "\r\n"));
        }

        var expected = new List<string?>();
        foreach (var c in cases)
        {
            file.AddRange(c.Row);
            file.AddRange("\r\n"u8.ToArray());
            file.AddRange(good);
            file.Add((byte)'\n');
            expected.Add(c.ExpectedReason);
            expected.Add(null);
        }

        var outcomes = await Harness.ProcessAsync(entity, file.ToArray());

        Assert.Equal(expected, outcomes.Select(o => o.ReasonCode).ToList());
    }

    [Fact]
    public async Task The_rejection_of_invalid_utf8_keeps_the_exact_bytes()
    {
        var c = BadInputCorpus.All.First(x => x.ExpectedReason == ReasonCodes.InvalidEncoding);
        var outcome = Assert.Single(await Harness.ProcessAsync(c.Entity, BadInputCorpus.FileOf(c)));
        Assert.Equal(c.Row, outcome.Rejected!.RawBytes);
        Assert.Contains('\uFFFD', outcome.Rejected.Raw);
    }

    [Fact]
    public async Task A_huge_field_is_rejected_with_a_raw_text_cut_to_a_bounded_size()
    {
        var c = BadInputCorpus.All.First(x => x.Entity == IngestEntity.Customers && x.ExpectedReason == ReasonCodes.FieldTooLong);
        var outcome = Assert.Single(await Harness.ProcessAsync(c.Entity, BadInputCorpus.FileOf(c)));
        Assert.True(outcome.Rejected!.Raw.Length < Rejections.MaxRawLength + 100);
        Assert.Contains("truncated", outcome.Rejected.Raw);
    }

    [Fact]
    public async Task Random_bytes_never_throw_and_every_line_gets_an_outcome()
    {
        var random = new Random(42);
        foreach (var entity in Enum.GetValues<IngestEntity>())
        {
            for (var round = 0; round < 50; round++)
            {
                var bytes = new byte[random.Next(1, 3000)];
                random.NextBytes(bytes);
                var header = entity == IngestEntity.WebEvents ? [] : Encoding.UTF8.GetBytes(BadInputCorpus.Header(entity) + "\n");
                var outcomes = await Harness.ProcessAsync(entity, [.. header, .. bytes]);
                Assert.All(outcomes, o => Assert.True(o.Record is not null ^ o.Rejected is not null));
            }
        }
    }
}
