using Marten;

namespace CustomerStream.Projection.Hosting;

/// <summary>The projection's Marten store in the container (wrapped for the same reason as <see cref="ProjectionDataSource"/>).</summary>
internal sealed class ProjectionStore(DocumentStore store) : IDisposable
{
    public IDocumentStore Store => store;

    public void Dispose() => store.Dispose();
}
