using CustomerStream.Ingest.Normalization;

namespace CustomerStream.Ingest.Tests;

public sealed class ValueRulesTests
{
    [Theory]
    [InlineData("ann@example.com", "ann@example.com")]
    [InlineData("  Ann.Smith@Example.COM ", "ann.smith@example.com")]
    [InlineData("\tann+news@mail.example.co.uk\n", "ann+news@mail.example.co.uk")]
    [InlineData("o'brien@example.ie", "o'brien@example.ie")]
    [InlineData("JÖRG@Müller.de", "jörg@müller.de")]
    [InlineData("a@b.io", "a@b.io")]
    [InlineData("x_y-z.1@sub-domain.example.org", "x_y-z.1@sub-domain.example.org")]
    public void Valid_emails_are_trimmed_and_lower_cased(string raw, string normalized)
    {
        var result = EmailAddress.Normalize(raw);
        Assert.True(result.IsValid);
        Assert.Equal(normalized, result.Normalized);
        Assert.Equal(raw, result.Raw);
    }

    [Theory]
    [InlineData("ann@")]
    [InlineData("@example.com")]
    [InlineData("ann example.com")]
    [InlineData("ann@example")]
    [InlineData("ann@@example.com")]
    [InlineData("ann@exa@mple.com")]
    [InlineData("ann smith@example.com")]
    [InlineData("ann@exam ple.com")]
    [InlineData(".ann@example.com")]
    [InlineData("ann.@example.com")]
    [InlineData("an..n@example.com")]
    [InlineData("ann@example..com")]
    [InlineData("ann@-example.com")]
    [InlineData("ann@example-.com")]
    [InlineData("ann@example.c")]
    [InlineData("ann@127.0.0.1")]
    [InlineData("\"ann\"@example.com")]
    [InlineData("ann(comment)@example.com")]
    [InlineData("Ann <ann@example.com>")]
    [InlineData("n/a")]
    [InlineData("ann@example.com;bob@example.com")]
    public void Malformed_emails_keep_their_raw_text_and_are_not_valid(string raw)
    {
        var result = EmailAddress.Normalize(raw);
        Assert.False(result.IsValid);
        Assert.Null(result.Normalized);
        Assert.Equal(raw, result.Raw);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_emails_are_absent(string? raw) => Assert.Equal(new EmailAddress.Result(null, null, false), EmailAddress.Normalize(raw));

    [Theory]
    [InlineData("DE", "DE")]
    [InlineData("de", "DE")]
    [InlineData("DEU", "DE")]
    [InlineData("deu", "DE")]
    [InlineData("Germany", "DE")]
    [InlineData(" germany ", "DE")]
    [InlineData("Deutschland", "DE")]
    [InlineData("Federal Republic of Germany", "DE")]
    [InlineData("United States", "US")]
    [InlineData("United States of America", "US")]
    [InlineData("USA", "US")]
    [InlineData("U.S.A.", "US")]
    [InlineData("UK", "GB")]
    [InlineData("United Kingdom", "GB")]
    [InlineData("Österreich", "AT")]
    [InlineData("osterreich", "AT")]
    [InlineData("Côte d'Ivoire", "CI")]
    [InlineData("Bolivia", "BO")]
    [InlineData("Korea, Republic of", "KR")]
    [InlineData("new   zealand", "NZ")]
    public void Recognizable_countries_become_iso_alpha_2(string text, string code) => Assert.Equal(code, CountryCodes.Normalize(text));

    [Theory]
    [InlineData("Narnia", "Narnia")]
    [InlineData("  Atlantis ", "Atlantis")]
    [InlineData("XX", "XX")]
    public void Unrecognized_countries_keep_their_text(string text, string kept) => Assert.Equal(kept, CountryCodes.Normalize(text));

    [Theory]
    [InlineData("19.99", "19.99")]
    [InlineData("0", "0")]
    [InlineData("+5", "5")]
    [InlineData(".5", "0.5")]
    [InlineData("10.", "10")]
    [InlineData(" 0012.3400 ", "12.34")]
    [InlineData("99999999999999.9999", "99999999999999.9999")]
    [InlineData("1.50000", "1.5")]
    public void Amounts_are_read_as_exact_decimals(string text, string expected)
    {
        Assert.True(MoneyParser.TryParse(text, out var amount, out var problem), problem);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), amount);
    }

    [Theory]
    [InlineData("NaN", "not a decimal number")]
    [InlineData("Infinity", "not a decimal number")]
    [InlineData("-Infinity", "negative")]
    [InlineData("-5.00", "negative")]
    [InlineData("1,234.50", "comma")]
    [InlineData("12,50", "comma")]
    [InlineData("1e3", "not a decimal number")]
    [InlineData("$10", "not a decimal number")]
    [InlineData("10 EUR", "not a decimal number")]
    [InlineData("abc", "not a decimal number")]
    [InlineData(".", "not a decimal number")]
    [InlineData("", "empty")]
    [InlineData("1.2.3", "not a decimal number")]
    [InlineData("123456789012345", "decimal(18,4)")]
    [InlineData("1.23456", "decimal(18,4)")]
    [InlineData("0x1F", "not a decimal number")]
    public void Bad_amounts_are_refused_with_a_reason(string text, string reasonPart)
    {
        Assert.False(MoneyParser.TryParse(text, out _, out var problem));
        Assert.Contains(reasonPart, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eur", "EUR")]
    [InlineData(" usd ", "USD")]
    [InlineData("GBP", "GBP")]
    [InlineData("chf", "CHF")]
    public void Currencies_are_upper_case_iso_4217(string text, string code)
    {
        Assert.True(CurrencyCodes.TryNormalize(text, out var normalized));
        Assert.Equal(code, normalized);
    }

    [Theory]
    [InlineData("EURO")]
    [InlineData("€")]
    [InlineData("ABC")]
    [InlineData("XXX")]
    [InlineData("")]
    public void Unknown_currencies_are_refused(string text) => Assert.False(CurrencyCodes.TryNormalize(text, out _));

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("Yes", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData(" no ", false)]
    public void Flags_accept_true_false_one_zero_yes_no(string text, bool expected)
    {
        Assert.True(BooleanParser.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("crm", true)]
    [InlineData("shop-eu", true)]
    [InlineData("pos_2", true)]
    [InlineData("email", false)]
    [InlineData("device", false)]
    [InlineData("cookie", false)]
    [InlineData("CRM", false)]
    [InlineData("my shop", false)]
    [InlineData("crm:eu", false)]
    [InlineData("2crm", false)]
    [InlineData("", false)]
    public void Source_system_names_are_lower_case_tokens_that_are_not_reserved(string name, bool valid) =>
        Assert.Equal(valid, SourceSystemName.IsValid(name));
}
