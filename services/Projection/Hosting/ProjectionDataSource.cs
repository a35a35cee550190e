using Npgsql;

namespace CustomerStream.Projection.Hosting;

/// <summary>
/// The projection's own data source in the container, wrapped so that a host running several services
/// (each with its own database settings) never hands the projection another service's data source.
/// </summary>
internal sealed class ProjectionDataSource(NpgsqlDataSource dataSource) : IAsyncDisposable, IDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}
