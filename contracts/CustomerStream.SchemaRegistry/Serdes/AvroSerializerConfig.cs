namespace CustomerStream.SchemaRegistry.Serdes;

/// <summary>Settings of <see cref="AvroSerializer{T}"/>.</summary>
public sealed class AvroSerializerConfig
{
    /// <summary>
    /// Register the schema on first use (the producer's default). When false, the schema must already be
    /// registered under the subject, and it is only looked up.
    /// </summary>
    public bool AutoRegisterSchemas { get; set; } = true;

    /// <summary>How the subject is named; <see cref="SubjectNameStrategy.Topic"/> by default.</summary>
    public SubjectNameStrategy SubjectNameStrategy { get; set; } = SubjectNameStrategy.Topic;
}
