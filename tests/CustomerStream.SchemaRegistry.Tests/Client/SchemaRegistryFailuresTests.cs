using System.Net;
using System.Net.Sockets;
using Confluent.SchemaRegistry;
using CustomerStream.SchemaRegistry;

namespace CustomerStream.SchemaRegistry.Tests.Client;

/// <summary>What counts as "the registry is away" (wait and retry) against "the request or the record is wrong" (never retried).</summary>
public sealed class SchemaRegistryFailuresTests
{
    [Fact]
    public void A_connection_cut_that_surfaces_as_a_socket_or_IO_error_is_the_registry_being_away()
    {
        Assert.True(SchemaRegistryFailures.IsUnavailable(new SocketException((int)SocketError.NotConnected)));
        Assert.True(SchemaRegistryFailures.IsUnavailable(new IOException("Broken pipe")));
        Assert.True(SchemaRegistryFailures.IsUnavailable(new HttpRequestException("Connection refused")));
    }

    [Fact]
    public void A_record_that_is_not_Confluent_framed_or_a_schema_the_registry_does_not_know_is_not()
    {
        Assert.False(SchemaRegistryFailures.IsUnavailable(new InvalidDataException("not in the Confluent wire format")));
        Assert.False(SchemaRegistryFailures.IsUnavailable(new SchemaRegistryException("Schema 7 not found", HttpStatusCode.NotFound, 40403)));
    }
}
