namespace CustomerStream.Streaming.Topics;

/// <summary>An <see cref="IInternalTopicProvisioner"/> that calls a function for each topic.</summary>
public sealed class DelegateTopicProvisioner : IInternalTopicProvisioner
{
    private readonly Func<InternalTopicSpec, CancellationToken, Task> _ensure;

    /// <summary>Creates the provisioner; <paramref name="ensure"/> must be idempotent (called for topics that may exist).</summary>
    public DelegateTopicProvisioner(Func<InternalTopicSpec, CancellationToken, Task> ensure)
    {
        ArgumentNullException.ThrowIfNull(ensure);
        _ensure = ensure;
    }

    /// <inheritdoc />
    public async Task EnsureTopicsAsync(IReadOnlyCollection<InternalTopicSpec> topics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topics);
        foreach (var topic in topics)
        {
            await _ensure(topic, cancellationToken).ConfigureAwait(false);
        }
    }
}
