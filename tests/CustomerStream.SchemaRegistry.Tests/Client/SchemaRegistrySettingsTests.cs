using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Confluent.SchemaRegistry;
using CustomerStream.SchemaRegistry.Server;
using CustomerStream.SchemaRegistry.Tests.Support;
using CustomerStream.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CustomerStream.SchemaRegistry.Tests.Client;

/// <summary>
/// The <c>SchemaRegistry</c> section is Confluent's client configuration: its property names or its own dotted
/// keys, checked when a host starts, so that another registry (TLS, credentials) is a configuration change.
/// </summary>
public sealed class SchemaRegistrySettingsTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public void Property_names_and_confluents_own_keys_both_configure_the_client()
    {
        var config = SchemaRegistrySettings.Bind(Section(new()
        {
            ["Url"] = "https://registry.example.com",
            ["BasicAuthCredentialsSource"] = "userinfo",
            ["BasicAuthUserInfo"] = "key:secret",
            ["maxRetries"] = "5",
            ["EnableSslCertificateVerification"] = "false",
            ["schema.registry.request.timeout.ms"] = "2500",
        }));

        Assert.Equal("https://registry.example.com", config.Url);
        Assert.Equal(AuthCredentialsSource.UserInfo, config.BasicAuthCredentialsSource);
        Assert.Equal("key:secret", config.BasicAuthUserInfo);
        Assert.Equal(5, config.MaxRetries);
        Assert.False(config.EnableSslCertificateVerification);
        Assert.Equal(2500, config.RequestTimeoutMs);
        Assert.Empty(SchemaRegistrySettings.Validate(config));
    }

    [Fact]
    public void Unknown_settings_and_unparsable_values_are_refused_by_name()
    {
        var error = Assert.Throws<OptionsValidationException>(() => SchemaRegistrySettings.Bind(Section(new()
        {
            ["Url"] = "http://127.0.0.1:8081",
            ["RetryBaseDelay"] = "00:00:00.2",
            ["MaxRetries"] = "many",
            ["BasicAuthCredentialsSource"] = "TOKEN",
        })));

        Assert.Equal(3, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("SchemaRegistry:RetryBaseDelay is not a setting", StringComparison.Ordinal) && f.Contains("RetriesWaitMs", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("SchemaRegistry:MaxRetries = 'many' is not a valid integer", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("SchemaRegistry:BasicAuthCredentialsSource", StringComparison.Ordinal) && f.Contains("UserInfo", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "SchemaRegistry:Url is required")]
    [InlineData("localhost:8081", "'localhost:8081' is not an absolute http(s) URL")]
    [InlineData("http://a:8081,ftp://b", "'ftp://b' is not an absolute http(s) URL")]
    public void A_missing_or_malformed_url_is_refused(string url, string expected)
    {
        var failures = SchemaRegistrySettings.Validate(new SchemaRegistryConfig { Url = url });

        Assert.Contains(failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Figures_credentials_and_confluents_own_checks_are_validated()
    {
        Assert.Contains(SchemaRegistrySettings.Validate(new SchemaRegistryConfig { Url = "http://a", MaxRetries = 0 }), f => f.Contains("MaxRetries", StringComparison.Ordinal));
        Assert.Contains(SchemaRegistrySettings.Validate(new SchemaRegistryConfig { Url = "http://a", RequestTimeoutMs = 0 }), f => f.Contains("RequestTimeoutMs", StringComparison.Ordinal));
        Assert.Contains(SchemaRegistrySettings.Validate(new SchemaRegistryConfig { Url = "http://a", BasicAuthUserInfo = "no-colon" }), f => f.Contains("'user:password'", StringComparison.Ordinal));

        var unknownKey = new SchemaRegistryConfig { Url = "http://a" };
        unknownKey.Set("schema.registry.no.such.key", "1");
        Assert.Contains(SchemaRegistrySettings.Validate(unknownKey), f => f.Contains("schema.registry.no.such.key", StringComparison.Ordinal));

        var missingCa = new SchemaRegistryConfig { Url = "https://a", SslCaLocation = "/nonexistent/ca.pem" };
        Assert.Contains(SchemaRegistrySettings.Validate(missingCa), f => f.StartsWith("SchemaRegistry: ", StringComparison.Ordinal));
        Assert.Throws<OptionsValidationException>(() => SchemaRegistrySettings.CreateClient(missingCa));
    }

    [Fact]
    public async Task A_host_with_an_invalid_section_fails_to_start_naming_the_setting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["SchemaRegistry:Url"] = "http://127.0.0.1:8081", ["SchemaRegistry:MaxRetries"] = "0" });
        builder.Services.AddSchemaRegistryClient(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("SchemaRegistry:MaxRetries", error.Message);
    }

    [Fact]
    public async Task A_registry_behind_tls_is_reached_by_pointing_SslCaLocation_at_its_certificate()
    {
        using var certificate = SelfSignedCertificate();
        var caFile = Path.Combine(Path.GetTempPath(), $"cs-registry-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(caFile, certificate.ExportCertificatePem());
        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrelHttpsConfiguration().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.UseHttps(certificate)));
            builder.Services.AddSchemaRegistryServer(o =>
            {
                o.ConnectionString = registry.ConnectionString;
                o.DatabaseSchema = "sr_" + Guid.NewGuid().ToString("N")[..10];
            });
            await using var app = builder.Build();
            app.MapSchemaRegistry();
            await app.StartAsync();
            var url = app.Urls.First();
            Assert.StartsWith("https://", url);

            using var trusting = SchemaRegistrySettings.CreateClient(new SchemaRegistryConfig { Url = url, SslCaLocation = caFile });
            using var untrusting = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = url, MaxRetries = 1 });

            Assert.True(await trusting.RegisterSchemaAsync(Unique.Name("tls"), new Schema("\"string\"", SchemaType.Avro), normalize: false) > 0);
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => untrusting.GetAllSubjectsAsync());
            Assert.True(SchemaRegistryFailures.IsUnavailable(refused));
        }
        finally
        {
            File.Delete(caFile);
        }
    }

    private static IConfiguration Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(e => "SchemaRegistry:" + e.Key, e => e.Value)).Build().GetSection("SchemaRegistry");

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Kestrel needs the private key in a form SslStream can use: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
